/**
 * Growable series of per-frame values (f32 or f64) in linear memory. The only state that grows with
 * track length (a few bytes per STFT frame or per 100 ms block). `reset()` keeps the capacity, so an
 * instance reused across tracks stops allocating once it has seen its longest track. Growth doubles
 * the capacity with `heap.realloc` (in place when the series is the last allocation).
 */
export class Series<T> {
  ptr: usize = 0;
  length: i32 = 0;
  capacity: i32 = 0;

  constructor(initialCapacity: i32) {
    this.capacity = initialCapacity;
    this.ptr = heap.alloc(<usize>initialCapacity << alignof<T>());
  }

  @inline reset(): void {
    this.length = 0;
  }

  push(value: T): void {
    if (this.length == this.capacity) {
      const newCapacity = this.capacity << 1;
      this.ptr = heap.realloc(this.ptr, <usize>newCapacity << alignof<T>());
      this.capacity = newCapacity;
    }
    store<T>(this.ptr + (<usize>this.length << alignof<T>()), value);
    this.length++;
  }

  @inline get(index: i32): T {
    return load<T>(this.ptr + (<usize>index << alignof<T>()));
  }

  @inline set(index: i32, value: T): void {
    store<T>(this.ptr + (<usize>index << alignof<T>()), value);
  }
}
