import { AuralisError } from '../errors.ts';

/** A Relay global ID: base64 of `Typename:id` (the Pothos relay plugin's own format). */
export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64');
}

/** Decodes a global ID; INVALID_ID (naming `field`) when it is not one this server issued. */
export function decodeGlobalId(globalId: string, field: readonly string[] = ['id']): { typename: string; id: string } {
  const decoded = typeof globalId === 'string' ? Buffer.from(globalId, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1 || encodeGlobalId(decoded.slice(0, colon), decoded.slice(colon + 1)) !== globalId) {
    throw new AuralisError('INVALID_ID', `expected a global ID such as "${encodeGlobalId('Track', 1)}", received ${JSON.stringify(globalId)}`, {
      field,
    });
  }
  return { typename: decoded.slice(0, colon), id: decoded.slice(colon + 1) };
}

/** The database id of a Track global ID; INVALID_ID when it is malformed or names another type. */
export function trackIdFromGlobalId(globalId: string, field: readonly string[] = ['id']): number {
  const { typename, id } = decodeGlobalId(globalId, field);
  const numeric = Number(id);
  if (typename !== 'Track' || !Number.isSafeInteger(numeric) || numeric < 1) {
    throw new AuralisError('INVALID_ID', `expected the global ID of a Track, received ${JSON.stringify(globalId)} (${typename} ${id})`, {
      field,
    });
  }
  return numeric;
}
