/**
 * DNS rebinding (server/http/hostGuard.ts): a server on loopback answers only requests whose Host names loopback or a
 * name in AURALIS_ALLOWED_HOSTS; a rebound name gets 403 FOREIGN_HOST before any route runs, logged once per name.
 * Real listening servers, raw HTTP requests with the Host a browser would send.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { listen, type RunningServer } from '../../server/graphql/listen.ts';
import { createHostGuard } from '../../server/http/hostGuard.ts';
import { tempDir } from '../db/helpers.ts';
import { freshDatabaseUrl } from '../support/testDatabase.ts';

const temp = tempDir('auralis-host-');
afterAll(() => temp.cleanup());

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** One HTTP/1.1 request to `server` with the given Host header (what a browser sends for the page's name). */
function send(server: RunningServer, host: string, options: { method?: string; path?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port: Number(port), method: options.method ?? 'GET', path: options.path ?? '/graphql?query=%7B__typename%7D', headers: { host, ...options.headers } },
      (incoming) => {
        let body = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (body += chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode!, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

describe('a server listening on loopback', () => {
  let server: RunningServer;
  let port: string;
  const logged: string[] = [];
  beforeAll(async () => {
    server = await listen(loadConfig({ dbPath: await freshDatabaseUrl(temp.file('loopback.db')), port: 0, serveWorker: false }, {}));
    port = new URL(server.url).port;
  });
  afterAll(() => server?.close());

  test('answers Host names of loopback: 127.0.0.1, localhost, a subdomain of localhost, [::1]', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `app.localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      const answer = await send(server, host);
      expect(answer, host).toEqual({ status: 200, body: JSON.stringify({ data: { __typename: 'Query' } }) });
    }
  });

  test('refuses a rebound name with 403 FOREIGN_HOST before any route runs (reads, mutations, the web app, Subsonic), logging the name once', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((text) => logged.push(String(text)) > 0);
    try {
      const rebound = `rebind.attacker.example:${port}`;
      const read = await send(server, rebound);
      expect(read.status).toBe(403);
      expect(read.body).toContain('FOREIGN_HOST: Host "rebind.attacker.example" is not a loopback name');
      expect(read.body).toContain('AURALIS_ALLOWED_HOSTS');
      // Same-origin for the rebound page: its Origin is the rebound name, which the Origin rule alone would accept.
      const mutation = await send(server, rebound, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: `http://${rebound}` },
        body: JSON.stringify({ query: 'mutation { addTrack(path: "/etc/passwd") { userErrors { code } } }' }),
      });
      expect(mutation.status).toBe(403);
      for (const path of ['/', '/library', '/rest/ping.view?f=json', '/audio/1']) {
        expect((await send(server, rebound, { path })).status, path).toBe(403);
      }
      expect((await send(server, `192.168.1.20:${port}`)).status).toBe(403);
    } finally {
      write.mockRestore();
    }
    const lines = logged.join('').split('\n').filter(Boolean);
    expect(lines.filter((line) => line.includes('"rebind.attacker.example"'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('"192.168.1.20"'))).toHaveLength(1);
    // Still serving its own pages.
    expect((await send(server, `127.0.0.1:${port}`)).status).toBe(200);
  });
});

describe('AURALIS_ALLOWED_HOSTS', () => {
  test('a listed name (a reverse proxy forwarding its public name) is answered, any other still refused', async () => {
    const config = loadConfig({ dbPath: await freshDatabaseUrl(temp.file('proxied.db')), port: 0, serveWorker: false }, { AURALIS_ALLOWED_HOSTS: 'Music.Example.com, [::1]' });
    expect(config.allowedHosts).toEqual(['music.example.com', '::1']);
    const server = await listen(config);
    try {
      expect((await send(server, 'music.example.com')).status).toBe(200);
      expect((await send(server, 'music.example.com:443')).status).toBe(200);
      expect((await send(server, 'other.example.com')).status).toBe(403);
    } finally {
      await server.close();
    }
  });

  test('behind an HTTPS proxy (README): the web app\'s POST with Origin https://<name> needs the name in AURALIS_CORS_ORIGINS too', async () => {
    const post = (server: RunningServer) =>
      send(server, 'music.example.com', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://music.example.com' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
    const env = { AURALIS_ALLOWED_HOSTS: 'music.example.com' };
    const hostOnly = await listen(loadConfig({ dbPath: await freshDatabaseUrl(temp.file('proxy-a.db')), port: 0, serveWorker: false }, env));
    try {
      const refused = await post(hostOnly);
      expect(refused.status).toBe(403);
      expect(refused.body).toContain('CROSS_ORIGIN_FORBIDDEN');
    } finally {
      await hostOnly.close();
    }
    const both = await listen(
      loadConfig({ dbPath: await freshDatabaseUrl(temp.file('proxy-b.db')), port: 0, serveWorker: false }, { ...env, AURALIS_CORS_ORIGINS: 'https://music.example.com' }),
    );
    try {
      expect(await post(both)).toEqual({ status: 200, body: JSON.stringify({ data: { __typename: 'Query' } }) });
    } finally {
      await both.close();
    }
  });

  test('takes host names only: a scheme, a port or a path is refused at start with the variable named', () => {
    for (const entry of ['https://music.example.com', 'music.example.com:8443', 'music.example.com/auralis', 'bad host']) {
      expect(() => loadConfig({}, { AURALIS_ALLOWED_HOSTS: entry }), entry).toThrow(/AURALIS_ALLOWED_HOSTS: expected host names/);
    }
  });

  test('off loopback (the API token guards mutations there) no Host is refused unless names are listed; then only those', () => {
    const open = createHostGuard({ host: '0.0.0.0', allowedHosts: [] }, () => {});
    expect(open(new Request('http://music.example.com/graphql'))).toBeUndefined();
    const listed = createHostGuard({ host: '0.0.0.0', allowedHosts: ['music.example.com'] }, () => {});
    expect(listed(new Request('http://music.example.com/graphql'))).toBeUndefined();
    expect(listed(new Request('http://rebind.attacker.example/graphql'))?.status).toBe(403);
  });
});
