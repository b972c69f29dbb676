import { HOP_SIZE, SAMPLE_RATE } from '../frame';

/** STFT frames per second (44100 / 512 ≈ 86.13): the rate of the onset envelope. */
export const FRAME_RATE: f64 = SAMPLE_RATE / <f64>HOP_SIZE;
