/**
 * File paths as the database stores them, byte-exact. Linux file names are bytes; most are UTF-8 and are
 * stored as they are. A name that is not valid UTF-8 (`caf\xe9.wav` written by a Latin-1 system) cannot be
 * a JavaScript string without loss, so it is stored as a `file://` URL with every byte outside
 * `A–Z a–z 0–9 - . _ ~ /` percent-encoded (`file:///music/caf%E9.wav`). No absolute path starts with
 * `file:`, so the two forms cannot collide, and the URL form turns back into the exact bytes for I/O.
 */
import { fileURLToPathBuffer } from 'node:url';

const URL_PREFIX = 'file://';
const UNRESERVED = /^[A-Za-z0-9\-._~/]$/;

/** Whether `bytes` is valid UTF-8 that decodes and re-encodes to the same bytes. */
function isUtf8(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}

/** The stored form of an absolute path given as bytes: the path itself when UTF-8, else a `file://` URL. */
export function storedPath(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let encoded = '';
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    encoded += byte < 0x80 && UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return URL_PREFIX + encoded;
}

/** The path to open for a stored path: the string itself, or the exact bytes of a `file://` form. */
export function fileSystemPath(stored: string): string | Buffer {
  return stored.startsWith(URL_PREFIX) ? fileURLToPathBuffer(new URL(stored)) : stored;
}
