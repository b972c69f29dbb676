/**
 * `auralis graph build [--k 20] [--db <path|url>]`: computes the kNN similarity graph (server/similarity/graph.ts, the
 * same service as GraphQL `buildSimilarityGraph`) with progress: a bar on a terminal, one line per tenth when piped,
 * then one summary line. `auralis graph update`: applies the fingerprint changes since the last build or update
 * (incremental; a normaliser change rebuilds). Exit codes: 0 done, 1 a named error (one line on stderr), 2 a bad argument.
 */
import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/createOrm.ts';
import { DEFAULT_GRAPH_K, GraphService, MAX_GRAPH_K } from '../similarity/graph.ts';
import { countArgument } from './path.ts';
import { reportCommandError } from './reportError.ts';

/** Progress of a build: a cli-progress bar on a terminal, else a line at every tenth of the tracks. */
function graphProgress(out: NodeJS.WriteStream): { update: (processed: number, total: number) => void; stop: () => void } {
  if (out.isTTY) {
    const bar = new SingleBar({ format: 'graph [{bar}] {value}/{total} tracks | {eta_formatted} left', stream: out }, Presets.shades_classic);
    let started = false;
    return {
      update: (processed, total) => {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(processed);
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let printedTenth = 0;
  return {
    update: (processed, total) => {
      const tenth = total === 0 ? 10 : Math.floor((processed * 10) / total);
      if (tenth <= printedTenth) return;
      printedTenth = tenth;
      out.write(`graph: ${processed}/${total} tracks\n`);
    },
    stop: () => undefined,
  };
}

function withDatabase(name: string, run: (graph: GraphService) => Promise<void>) {
  return async (options: { db?: string }) => {
    let orm: Awaited<ReturnType<typeof openDatabase>> | undefined;
    try {
      orm = await openDatabase({ dbPath: loadConfig(options.db === undefined ? {} : { dbPath: options.db }).dbPath });
      await run(new GraphService(orm.em.fork()));
    } catch (error) {
      reportCommandError(name, error);
    } finally {
      await orm?.close();
    }
  };
}

export function graphCommand(): Command {
  const command = new Command('graph').description('The stored kNN similarity graph (Track.neighbours, similarityGraph)');
  command
    .command('build')
    .description('Compute every track’s exact k nearest neighbours and replace the stored graph')
    .option('-k, --k <k>', `neighbours per track (1–${MAX_GRAPH_K})`, countArgument(1, MAX_GRAPH_K), DEFAULT_GRAPH_K)
    .option('--db <path|url>', 'SQLite database file or postgres:// URL (env AURALIS_DB, default ./auralis.db)')
    .action((options: { k: number; db?: string }) =>
      withDatabase('graph build', async (graph) => {
        const progress = graphProgress(process.stdout);
        const result = await graph.build(options.k, { onProgress: progress.update }).finally(progress.stop);
        process.stdout.write(
          `graph: k = ${result.k}, ${result.tracks} tracks, ${result.edges} edges in ${(result.milliseconds / 1000).toFixed(1)} s\n`,
        );
      })(options),
    );
  command
    .command('update')
    .description('Apply the fingerprint changes since the last build or update (a normaliser change rebuilds)')
    .option('--db <path|url>', 'SQLite database file or postgres:// URL (env AURALIS_DB, default ./auralis.db)')
    .action((options: { db?: string }) =>
      withDatabase('graph update', async (graph) => {
        if ((await graph.header()) === null) {
          process.stdout.write('graph: none built yet; run `auralis graph build`\n');
          return;
        }
        const result = await graph.update();
        process.stdout.write(`graph: ${result.mode}, ${result.rewritten} tracks rewritten\n`);
      })(options),
    );
  return command;
}
