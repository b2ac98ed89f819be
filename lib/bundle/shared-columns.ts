// Span columns a parse hands to another thread (the timeline skeleton's, lib/ingest/skeleton.ts)
// are allocated in shared memory from the start, so posting them copies nothing. Copying the
// 1M-span columns into shared memory afterwards took ~0.25 s of the parse's main thread.
// Typed arrays over shared memory read and write like any others (consent and inspect at 1M spans
// ran no slower); without SharedArrayBuffer (a browser page that is not cross-origin isolated)
// they are ordinary ones.

const Memory: ArrayBufferConstructor | SharedArrayBufferConstructor = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : ArrayBuffer;

export const sharedInt32 = (n: number): Int32Array => new Int32Array(new Memory(n * Int32Array.BYTES_PER_ELEMENT));
export const sharedFloat64 = (n: number): Float64Array => new Float64Array(new Memory(n * Float64Array.BYTES_PER_ELEMENT));
export const sharedUint8 = (n: number): Uint8Array => new Uint8Array(new Memory(n));
