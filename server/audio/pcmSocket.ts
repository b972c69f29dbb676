/**
 * A connected pair of stream sockets: one end becomes ffmpeg's stdout, the other is read by us with
 * `net.Socket`'s `onread` option, i.e. into ONE preallocated buffer. A child's `'pipe'` stdio cannot take
 * `onread`, and its `'data'` events allocate a fresh Buffer per read (~85 MB of fresh memory per 4-minute
 * track, ≈ 200 ms of page faults and GC: PERFORMANCE-NOTES trap 6).
 *
 * The pair is made with a throw-away local server: an abstract-namespace socket on Linux (no file), a
 * socket file in the temp folder elsewhere, or a named pipe on Windows.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PcmSocketPair {
  /** Our end, reading into `readBuffer` and calling `onBytes` for each read. Starts paused. */
  readonly reader: net.Socket;
  /** The end to hand to the child as stdio[1]; close it in the parent right after spawning. */
  readonly childEnd: net.Socket;
}

function socketAddress(): { address: string; file: string | undefined } {
  const id = `auralis-${process.pid}-${randomBytes(8).toString('hex')}`;
  if (process.platform === 'linux') return { address: `\0${id}`, file: undefined };
  if (process.platform === 'win32') return { address: `\\\\?\\pipe\\${id}`, file: undefined };
  const file = path.join(tmpdir(), `${id}.sock`);
  return { address: file, file };
}

/**
 * Opens the pair. `onBytes(count, buffer)` gets each read's byte count; the bytes are at the start of
 * `readBuffer`, which is reused by the next read, so copy them before returning.
 */
export async function openPcmSocketPair(
  readBuffer: Uint8Array,
  onBytes: (count: number, buffer: Uint8Array) => void,
): Promise<PcmSocketPair> {
  const { address, file } = socketAddress();
  const server = net.createServer({ pauseOnConnect: true });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const reader = net.connect({
      path: address,
      onread: {
        buffer: readBuffer,
        callback: (count: number, buffer: Uint8Array) => {
          onBytes(count, buffer);
          return true; // keep reading
        },
      },
    });
    reader.pause();
    await new Promise<void>((resolve, reject) => {
      reader.once('error', reject);
      reader.once('connect', () => {
        reader.off('error', reject);
        resolve();
      });
    });
    const childEnd = await accepted;
    return { reader, childEnd };
  } finally {
    server.close();
    if (file) rmSync(file, { force: true });
  }
}
