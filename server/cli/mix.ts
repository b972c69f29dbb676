/**
 * `auralis mix <seed>… [-n 50] [--max-per-artist n] [--max-per-album n] [--json] [--db <path|url>]`: a playlist
 * around seed tracks (database ids), ordered for smooth transitions; the same service as GraphQL `mix`
 * (server/similarity/mix.ts). Exit codes: 0 found, 1 a named error (one line on stderr), 2 a bad argument.
 */
import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/createOrm.ts';
import { TrackRepository } from '../db/TrackRepository.ts';
import { DEFAULT_MIX_LENGTH, MAX_MIX_LENGTH, MixService } from '../similarity/mix.ts';
import { countArgument, describeTracks, trackIdArgument } from './path.ts';
import { reportCommandError } from './reportError.ts';

export function mixCommand(): Command {
  return new Command('mix')
    .description('A playlist around one or more seed tracks, ordered for smooth transitions')
    .argument('<seeds...>', 'seed track ids', (raw: string, previous: number[] = []) => [...previous, trackIdArgument(raw)])
    .option('-n, --count <count>', `tracks in the mix, seeds included (1–${MAX_MIX_LENGTH})`, countArgument(1, MAX_MIX_LENGTH), DEFAULT_MIX_LENGTH)
    .option('--max-per-artist <n>', 'at most n tracks per artist', countArgument(1, MAX_MIX_LENGTH))
    .option('--max-per-album <n>', 'at most n tracks per album', countArgument(1, MAX_MIX_LENGTH))
    .option('--json', 'print JSON: the tracks with their seed, similarities and because')
    .option('--db <path|url>', 'SQLite database file or postgres:// URL (env AURALIS_DB, default ./auralis.db)')
    .action(
      async (
        seeds: number[],
        options: { count: number; maxPerArtist?: number; maxPerAlbum?: number; json?: boolean; db?: string },
      ) => {
        let orm: Awaited<ReturnType<typeof openDatabase>> | undefined;
        try {
          orm = await openDatabase({ dbPath: loadConfig(options.db === undefined ? {} : { dbPath: options.db }).dbPath });
          const em = orm.em.fork();
          const mix = await new MixService(em).mix(seeds, {
            count: options.count,
            maxPerArtist: options.maxPerArtist ?? null,
            maxPerAlbum: options.maxPerAlbum ?? null,
          });
          if (options.json) {
            process.stdout.write(`${JSON.stringify({ seeds, tracks: mix }, null, 2)}\n`);
            return;
          }
          const names = await describeTracks(new TrackRepository(em), mix.map((m) => m.trackId));
          const lines = [`Mix around ${seeds.map((s) => `#${s}`).join(', ')}: ${mix.length} tracks (similarity to previous, to seed)`];
          mix.forEach((m, i) => {
            lines.push(
              `  ${String(i + 1).padStart(3)}  ${m.similarityToPrevious.toFixed(4)}  (seed #${m.seedId} ${m.similarityToSeed.toFixed(4)})  #${m.trackId}  ${names[i]}`,
            );
          });
          process.stdout.write(`${lines.join('\n')}\n`);
        } catch (error) {
          reportCommandError('mix', error);
        } finally {
          await orm?.close();
        }
      },
    );
}
