/**
 * `auralis path <from> <to> [-n 25] [--via <id>…] [--json] [--db <path|url>]`: a sonic path between two library
 * tracks (by database id), the same service as GraphQL `sonicPath` (server/similarity/sonicPath.ts).
 * Exit codes: 0 found, 1 a named error (one line on stderr), 2 a bad argument.
 */
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/createOrm.ts';
import { TrackRepository } from '../db/TrackRepository.ts';
import { DEFAULT_PATH_LENGTH, MAX_PATH_LENGTH, PathService } from '../similarity/sonicPath.ts';
import { printable } from './printable.ts';
import { reportCommandError } from './reportError.ts';

/** A positive integer track id, or a usage error. */
export function trackIdArgument(raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new InvalidArgumentError(`expected a track id (a positive integer), received "${raw}"`);
  }
  return Number(raw);
}

/** An integer from `min` to `max`, or a usage error. */
export function countArgument(min: number, max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}, received "${raw}"`);
    return value;
  };
}

/** "  3  0.8123  (start 0.7012)  #12  Artist – Title   because" lines for a list of tracks. */
export async function describeTracks(tracks: TrackRepository, ids: readonly number[]): Promise<string[]> {
  const records = await tracks.loadByIds(ids);
  return records.map((r, i) => printable(r?.title ? `${r.artist ?? 'Unknown artist'} – ${r.title}` : (r?.path ?? `#${ids[i]}`)));
}

export function pathCommand(): Command {
  return new Command('path')
    .description('A sonic path from one library track to another, each step as small as the library allows')
    .argument('<from>', 'track id to start from', trackIdArgument)
    .argument('<to>', 'track id to end at', trackIdArgument)
    .option('-n, --count <count>', `tracks in the path, ends included (2–${MAX_PATH_LENGTH})`, countArgument(2, MAX_PATH_LENGTH), DEFAULT_PATH_LENGTH)
    .option('--via <ids...>', 'track ids to pass, in order', (raw: string, previous: number[] = []) => [...previous, trackIdArgument(raw)])
    .option('--json', 'print JSON: the steps with similarities and because')
    .option('--db <path|url>', 'SQLite database file or postgres:// URL (env AURALIS_DB, default ./auralis.db)')
    .action(async (from: number, to: number, options: { count: number; via?: number[]; json?: boolean; db?: string }) => {
      const via = options.via ?? [];
      let orm: Awaited<ReturnType<typeof openDatabase>> | undefined;
      try {
        orm = await openDatabase({ dbPath: loadConfig(options.db === undefined ? {} : { dbPath: options.db }).dbPath });
        const em = orm.em.fork();
        const steps = await new PathService(em).sonicPath(from, to, { count: options.count, via });
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ from, to, via, steps }, null, 2)}\n`);
          return;
        }
        const names = await describeTracks(new TrackRepository(em), steps.map((s) => s.trackId));
        const lines = [`Path from track ${from} to track ${to}: ${steps.length} tracks (similarity to previous, to start)`];
        steps.forEach((s, i) => {
          lines.push(
            `  ${String(i + 1).padStart(3)}  ${s.similarityToPrevious.toFixed(4)}  (start ${s.similarityToStart.toFixed(4)})  #${s.trackId}  ${names[i]}` +
              (s.because ? `  — ${s.because}` : ''),
          );
        });
        process.stdout.write(`${lines.join('\n')}\n`);
      } catch (error) {
        reportCommandError('path', error);
      } finally {
        await orm?.close();
      }
    });
}
