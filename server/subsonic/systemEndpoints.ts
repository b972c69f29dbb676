/** System methods: ping, getLicense, getOpenSubsonicExtensions (public), getMusicFolders. */
import path from 'node:path';
import type { SubsonicHandler } from './subsonicContext.ts';

/** The OpenSubsonic extensions served, each with the versions implemented. */
export const OPEN_SUBSONIC_EXTENSIONS: readonly { readonly name: string; readonly versions: readonly number[] }[] = [
  { name: 'apiKeyAuthentication', versions: [1] },
  { name: 'formPost', versions: [1] },
  { name: 'transcodeOffset', versions: [1] },
  { name: 'sonicSimilarity', versions: [1] },
];

export const ping: SubsonicHandler = async () => ({});

/** Auralis needs no licence: always valid. */
export const getLicense: SubsonicHandler = async () => ({ license: { valid: true } });

export const getOpenSubsonicExtensions: SubsonicHandler = async () => ({ openSubsonicExtensions: OPEN_SUBSONIC_EXTENSIONS });

/** The library roots, numbered from 1 in their order (configured first, then stored), named by their folder. */
export const getMusicFolders: SubsonicHandler = async (context) => ({
  musicFolders: { musicFolder: (await context.roots()).map((root, i) => ({ id: i + 1, name: path.basename(root) || root })) },
});
