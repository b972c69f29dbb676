/**
 * Reversible password storage for Subsonic token auth (`t = md5(password + s)` needs the password itself):
 * AES-256-GCM with a random 96-bit IV per password; the stored text is `v1:` + base64(IV ‖ tag ‖ ciphertext).
 * The user's name is the additional authenticated data, so a cipher copied to another user does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The stored envelope of `password` for user `name` under a 32-byte key. */
export function encryptPassword(key: Buffer, name: string, password: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const body = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The password in an envelope, or null when it does not open with this key and name (another key, tampering). */
export function decryptPassword(key: Buffer, name: string, envelope: string): string | null {
  if (!envelope.startsWith(VERSION)) return null;
  const raw = Buffer.from(envelope.slice(VERSION.length), 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(name, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
