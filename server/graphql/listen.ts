import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { dbOf, isSqlite } from '../db/sql.ts';
import type { MikroORM } from '@mikro-orm/sql';
import type { AuralisConfig } from '../config.ts';
import { openDatabase } from '../db/createOrm.ts';
import { AuralisError } from '../errors.ts';
import { createServerAdapter } from '@whatwg-node/server';
import { createAuralisApp } from '../http/app.ts';
import { createHostGuard, isLoopbackHost } from '../http/hostGuard.ts';
import { isMediaPath } from '../http/mediaRoute.ts';
import { isSubsonicMediaPath } from '../subsonic/subsonicRoute.ts';
import { closeSharedAnalysisPool } from '../extraction/analysisPool.ts';
import { cancelJobs, serverJobManager } from '../extraction/jobManager.ts';
import { closeMedia } from '../media/mediaResources.ts';

/** A listening server and how to stop it. */
export interface RunningServer {
  readonly server: Server;
  /** `http://host:port/graphql`. */
  readonly url: string;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. Idempotent. */
  close(): Promise<void>;
}

/** Rows ANALYZE samples per index: enough for the planner, bounded on a huge library (a few ms). */
const ANALYSIS_LIMIT = 1000;

/**
 * Gives SQLite's query planner fresh statistics (`ANALYZE` with `analysis_limit`). Without them it picks an
 * index by guesswork: on 10 000 tracks a 3-dimension range query ran in 475 µs through the tempo index, and in
 * 270 µs with statistics (a scan in track-id order that stops at the page size).
 */
async function refreshPlannerStatistics(orm: MikroORM): Promise<void> {
  const em = orm.em.fork();
  // ENGINE-SPECIFIC: SQLite bounds the sample with a pragma; PostgreSQL's ANALYZE samples on its own.
  if (isSqlite(em)) await sql.raw(`pragma analysis_limit = ${ANALYSIS_LIMIT}`).execute(dbOf(em));
  await sql`analyze`.execute(dbOf(em));
}

/**
 * Opens (and migrates) the database, builds the yoga instance and listens on `config.host:config.port`
 * (port 0: any free port). Refuses a non-loopback host without AURALIS_API_TOKEN (INSECURE_BIND); on loopback,
 * requests for a foreign `Host` get 403 (DNS rebinding: server/http/hostGuard.ts). Starts the
 * extraction claim loop at once when jobs have pending files, unless `config.serveWorker` is false.
 */
export async function listen(config: AuralisConfig): Promise<RunningServer> {
  if (!isLoopbackHost(config.host) && config.apiToken === undefined) {
    throw new AuralisError(
      'INSECURE_BIND',
      `refusing to listen on ${config.host}: a non-loopback address needs AURALIS_API_TOKEN (mutations would be open to the network); ` +
        'set the token or use --host 127.0.0.1',
    );
  }
  const orm = await openDatabase({ dbPath: config.dbPath });
  await refreshPlannerStatistics(orm);
  const app = createAuralisApp({ config, orm });
  const foreignHost = createHostGuard(config);
  const server = createServer(createServerAdapter(async (request: Request) => foreignHost(request) ?? app.fetch(request)));
  // Media streams last as long as someone listens, and a paused player leaves its socket full: shutdown ends them.
  const mediaResponses = new Set<ServerResponse>();
  server.on('request', (request, response: ServerResponse) => {
    if (!isMediaPath(request.url ?? '') && !isSubsonicMediaPath(request.url ?? '')) return;
    mediaResponses.add(response);
    response.once('close', () => mediaResponses.delete(response));
  });
  // Keep-alive sockets must not hold shutdown hostage; idle ones are closed on shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Jobs left RUNNING (a restart, or queued while no worker ran) go on at once, not at the first job query.
  await serverJobManager(orm, config).resumePendingWork();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    server,
    url: `http://${host}:${address.port}/graphql`,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        // This server's claim loop stops (its files in flight go back to PENDING; the jobs stay RUNNING for
        // other workers or the next start) and the jobProgress streams end; in-flight requests finish
        // (extractFingerprint still has the analysis pool); then the pool and the database close.
        await cancelJobs(orm);
        // Open audio streams end now: files closed, ffmpeg killed, connections dropped.
        closeMedia(orm);
        for (const response of mediaResponses) response.destroy();
        await stopped;
        await closeSharedAnalysisPool();
        await orm.close();
      })();
      return closing;
    },
  };
}
