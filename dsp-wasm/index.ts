// Placeholder until the analyser lands: the exported API of README.md.
const INPUT_CAPACITY_FRAMES: i32 = 16384;
const input = new StaticArray<f32>(INPUT_CAPACITY_FRAMES * 2);
const results = new StaticArray<f64>(25);

export function begin(channels: i32): void {}
export function inputPointer(): usize { return changetype<usize>(input); }
export function inputCapacityFrames(): i32 { return INPUT_CAPACITY_FRAMES; }
export function push(frames: i32): void {}
export function finish(): usize { return changetype<usize>(results); }
