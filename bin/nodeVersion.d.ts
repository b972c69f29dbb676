/** `null` when Node.js `version` (`process.versions.node`) can run Auralis, else the one-line message to print. */
export declare function checkNodeVersion(version: string): string | null;
