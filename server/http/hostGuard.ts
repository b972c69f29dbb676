/**
 * DNS rebinding. A page on another site can point its own name at 127.0.0.1 after the browser loaded it; its scripts
 * are then same-origin with a server on loopback (the Origin check passes: the origin is the rebound name) and could
 * read the library and run mutations, which need no token there. A server listening on loopback therefore answers
 * only requests whose `Host` names loopback (`localhost` and its subdomains, 127.0.0.0/8, ::1) or a name listed in
 * AURALIS_ALLOWED_HOSTS (a reverse proxy on the same machine that forwards its public name); others get 403
 * FOREIGN_HOST before any route runs. Off loopback the API token guards the mutations (`serve` requires one there),
 * and the check applies only to the names listed, when any are.
 */
import type { AuralisConfig } from '../config.ts';

/** A host name as URL parsing gives it, lower case, an IPv6 address without its brackets (`[::1]` → `::1`). */
export function bareHostName(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, '');
}

/** True for addresses that only this machine can reach (a listening address, or a `Host` name). */
export function isLoopbackHost(host: string): boolean {
  const h = bareHostName(host);
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** Host names logged once each (a bounded set: a flood of names cannot grow it). */
const LOGGED_HOSTS_MAX = 64;

/**
 * A guard for the HTTP server: undefined when `request` may go on, else the 403 FOREIGN_HOST response. The first
 * refusal of each name is written to `log` (stderr by default), so a misconfigured reverse proxy shows in the log.
 */
export function createHostGuard(
  config: Pick<AuralisConfig, 'host' | 'allowedHosts'>,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): (request: Request) => Response | undefined {
  const loopback = isLoopbackHost(config.host);
  const allowed = new Set(config.allowedHosts);
  const logged = new Set<string>();
  return (request) => {
    if (!loopback && allowed.size === 0) return undefined;
    const hostname = new URL(request.url).hostname.toLowerCase();
    if (allowed.has(bareHostName(hostname)) || (loopback && isLoopbackHost(hostname))) return undefined;
    const accepted = `${loopback ? 'a loopback name (localhost, 127.0.0.1, [::1]) or ' : ''}a name in AURALIS_ALLOWED_HOSTS`;
    const advice = 'a reverse proxy that forwards this name: add it there';
    if (!logged.has(hostname) && logged.size < LOGGED_HOSTS_MAX) {
      logged.add(hostname);
      log(`auralis: refused a request for Host "${hostname}" (not ${accepted}); ${advice}`);
    }
    return new Response(`FOREIGN_HOST: Host "${hostname}" is not ${accepted}; ${advice}\n`, {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  };
}
