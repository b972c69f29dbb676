// Which Node.js can run Auralis. Plain JavaScript, imported before any .ts file, so that an old Node prints
// one line instead of a stack trace about the ".ts" extension.

/**
 * Oldest Node.js release of each line that runs .ts files without a flag (type stripping on by default:
 * 22.18.0 on the 22 LTS line, 23.6.0 on 23; every later major).
 */
const MINIMUM = [
  { major: 22, minor: 18 },
  { major: 23, minor: 6 },
];

/**
 * `null` when Node.js `version` (`process.versions.node`, e.g. "22.18.0") can run Auralis, else the one-line
 * message to print.
 * @param {string} version
 * @returns {string | null}
 */
export function checkNodeVersion(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  const floor = MINIMUM.find((m) => m.major === major);
  const supported = floor === undefined ? major > MINIMUM.at(-1).major : minor >= floor.minor;
  if (supported) return null;
  return (
    `auralis needs Node.js >= 22.18 (this is v${version.replace(/^v/, '')}); ` +
    'it runs its TypeScript sources directly (type stripping). Install Node.js 24 LTS, e.g. `nvm install 24`'
  );
}
