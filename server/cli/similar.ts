/**
 * `auralis similar <trackId|path> [-n 10] [--json] [--db <path>]`: the tracks of the library nearest to
 * a track (by database id, or by the path of a file in the library) or to any audio file (analysed on the
 * fly when its path is not in the library, or has no fingerprint yet). Same service as GraphQL
 * `similarTracks`: default weights, library-normalised distance, ties by track id.
 * Exit codes: 0 found, 1 a named error (one line on stderr), 2 a bad argument.
 */
import { printable } from './printable.ts';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { EntityManager } from '@mikro-orm/sql';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/createOrm.ts';
import { TrackRepository } from '../db/TrackRepository.ts';
import { analyseFile } from '../fingerprint/analyse.ts';
import { rowOf } from '../similarity/libraryIndex.ts';
import { MAX_SIMILAR, type SimilarTrackResult, SimilarityService } from '../similarity/similarityService.ts';
import { reportCommandError } from './reportError.ts';

export interface SimilarQuery {
  /** The library track queried, or null for a file outside the library. */
  readonly trackId: number | null;
  /** The file analysed on the fly (null when the stored fingerprint was used). */
  readonly analysedPath: string | null;
}

export interface SimilarReport {
  readonly query: SimilarQuery;
  readonly normalisers: 'library' | 'fallback';
  readonly results: readonly (SimilarTrackResult & {
    readonly path: string;
    readonly title: string | null;
    readonly artist: string | null;
  })[];
}

/** Resolves the query (id, library path, or any file) and runs it. */
export async function runSimilar(em: EntityManager, target: string, first: number): Promise<SimilarReport> {
  const service = new SimilarityService(em);
  const tracks = new TrackRepository(em);
  let query: SimilarQuery;
  let results: readonly SimilarTrackResult[];
  if (/^\d+$/.test(target)) {
    query = { trackId: Number(target), analysedPath: null };
    results = await service.similarTracks(query.trackId!, { first });
  } else {
    const absolute = path.resolve(target);
    const track = await tracks.getByPath(absolute);
    const index = await service.index();
    if (track !== null && rowOf(index, track.id) >= 0) {
      query = { trackId: track.id, analysedPath: null };
      results = await service.similarTracks(track.id, { first });
    } else {
      const analysis = await analyseFile(absolute);
      query = { trackId: track?.id ?? null, analysedPath: absolute };
      results = await service.similarToValues(analysis.values, { first, exclude: track ? [track.id] : [] });
    }
  }
  const records = await tracks.loadByIds(results.map((r) => r.trackId));
  return {
    query,
    normalisers: (await service.normalisers()).source,
    results: results.map((r, i) => ({
      ...r,
      path: records[i]?.path ?? '',
      title: records[i]?.title ?? null,
      artist: records[i]?.artist ?? null,
    })),
  };
}

/** The human-readable table: rank, similarity, distance, id and artist – title (or the path). */
export function formatSimilarTable(target: string, report: SimilarReport): string {
  const lines = [
    `Nearest to ${report.query.trackId !== null ? `track ${report.query.trackId}` : printable(target)}` +
      `${report.query.analysedPath !== null ? ' (analysed now)' : ''}; normalisation: ${report.normalisers}`,
  ];
  if (report.results.length === 0) lines.push('  (no other fingerprinted track)');
  const idWidth = Math.max(2, ...report.results.map((r) => String(r.trackId).length));
  for (const r of report.results) {
    const name = printable(r.title ? `${r.artist ?? 'Unknown artist'} – ${r.title}` : r.path);
    lines.push(
      `  ${String(r.rank).padStart(3)}  ${r.similarity.toFixed(4)}  (d ${r.distance.toFixed(4)})  #${String(r.trackId).padEnd(idWidth)}  ${name}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function resultCount(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_SIMILAR) {
    throw new InvalidArgumentError(`expected an integer from 1 to ${MAX_SIMILAR}, received "${raw}"`);
  }
  return value;
}

export function similarCommand(): Command {
  return new Command('similar')
    .description('List the library tracks nearest to a track id, a library path or any audio file')
    .argument('<trackIdOrPath>', 'a track id (integer), or the path of an audio file')
    .option('-n, --first <count>', `how many results (1–${MAX_SIMILAR})`, resultCount, 10)
    .option('--json', 'print JSON: query, normalisation and the results with per-dimension contributions')
    .option('--db <path|url>', 'SQLite database file or postgres:// URL (env AURALIS_DB, default ./auralis.db)')
    .action(async (target: string, options: { first: number; json?: boolean; db?: string }) => {
      let orm: Awaited<ReturnType<typeof openDatabase>> | undefined;
      try {
        orm = await openDatabase({ dbPath: loadConfig(options.db === undefined ? {} : { dbPath: options.db }).dbPath });
        const report = await runSimilar(orm.em.fork(), target, options.first);
        process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatSimilarTable(target, report));
      } catch (error) {
        reportCommandError('similar', error);
      } finally {
        await orm?.close();
      }
    });
}
