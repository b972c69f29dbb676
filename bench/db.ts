/**
 * `node bench/db.ts [--engine sqlite|postgres|both]` → bench/results/db.json: the library database at 100 000
 * fingerprints, one section per engine (default both; bench/benchDatabase.ts: a temporary SQLite file (WAL), or a
 * throw-away PostgreSQL 15 cluster with PostgreSQL's default durability, fsync on).
 *
 * Measures, through the real repositories:
 * - bulk upsert throughput: FingerprintRepository.upsertMany of 100 000 synthetic fingerprints, first as
 *   inserts into an empty table, then again as updates of existing rows (ON CONFLICT path), with bound
 *   parameters; baselines side by side in the same run: the same upsert one call per fingerprint
 *   (FingerprintRepository.upsert) on a sample, and on SQLite the floor of the engine: one cached prepared
 *   single-row statement on the native better-sqlite3 handle (what the code did before the one data layer);
 * - a 4-dimension range query selecting about 1 % of the rows: p50 / p95 through FingerprintRepository.page
 *   (first page of 500: the path the GraphQL `fingerprints` query uses) and as raw SQL returning every
 *   matching row. SQLite: with the composite index (lufs, crest_db, bass_pct, tempo_bpm) forced (`INDEXED BY`),
 *   the planner's own choice and no index (`NOT INDEXED`), each with EXPLAIN QUERY PLAN. PostgreSQL: the
 *   planner's choice and, as the no-index baseline, the same query with enable_indexscan and
 *   enable_bitmapscan off, each with EXPLAIN (ANALYZE);
 * - TrackRepository.pageMissing (first page of tracks without a fingerprint) p50;
 * - the similarity index's per-request change check: LibraryChangeRepository.latestSeq (max(seq) of
 *   library_changes, what libraryIndex.ts runs) p50 in µs, and the change log's row count.
 * Targets (issue 9): 100 000 upserts ≤ 5 s on SQLite, ≤ 15 s on PostgreSQL; range query ≤ 10 ms p50 on both.
 * This 2-core machine is shared: the load average at start and end is recorded, and ratios to the
 * baselines of the same run are what travel between machines.
 *
 * Values are synthetic (uniform within each dimension's fallback range, seeded PRNG), which is what a
 * storage benchmark needs: the distribution fixes the selectivity, not the acoustics.
 */
import os from 'node:os';
import { type Kysely, sql } from 'kysely';
import { seededRandom } from '../fixtures/random.ts';
import { syntheticFingerprint } from '../fixtures/syntheticFingerprint.ts';
import { CACHE_SIZE_KIB, type MikroORM, createOrm, migrateToLatest } from '../server/db/createOrm.ts';
import type { Database } from '../server/db/database.ts';
import type { DatabaseEngine } from '../server/db/databaseEngine.ts';
import { FingerprintRepository, UPSERT_CHUNK_ROWS } from '../server/db/FingerprintRepository.ts';
import { LibraryChangeRepository } from '../server/db/LibraryChangeRepository.ts';
import { TrackRepository } from '../server/db/TrackRepository.ts';
import { timestampValue } from '../server/db/sql.ts';
import type { FingerprintInput } from '../server/db/fingerprintInput.ts';
import { DIMENSIONS } from '../server/fingerprint/dimensions.ts';
import { RECORDED_POSTGRES_SETTINGS, type BenchDatabase, openBenchDatabase, selectedEngines } from './benchDatabase.ts';
import { machineEnvironment, percentile, writeBenchResult } from './results.ts';

/** Fingerprints stored (`--fingerprints <n>` for a quick trial; the results are for 100 000). */
const FINGERPRINTS = process.argv.includes('--fingerprints') ? Number(process.argv[process.argv.indexOf('--fingerprints') + 1]) : 100_000;
/** Tracks without a fingerprint (what pageMissing finds). */
const MISSING_TRACKS = 1_000;
/** Fingerprints written one call each for the baseline. */
const BASELINE_SAMPLE = 2_000;
const WARMUP = 5;
const RUNS = 41;
const COMPOSITE_INDEX = 'track_fingerprints_lufs_crest_db_bass_pct_tempo_bpm_index';
/** Upsert targets per engine, in s (issue 9). */
const UPSERT_TARGET_SECONDS: Record<DatabaseEngine, number> = { sqlite: 5, postgresql: 15 };
const RANGE_TARGET_P50_MS = 10;

/** The 4-dimension query: 10 % × 50 % × 50 % × 40 % of uniform ranges ≈ 1 % of the rows. */
const WHERE = {
  lufs: { gte: -20, lte: -17.5 }, // fallback range −30…−5: 10 %
  crestDb: { gte: 3, lte: 14 }, // 3…25: 50 %
  bassPct: { gte: 0, lte: 25 }, // 0…50: 50 %
  tempoBpm: { gte: 100, lte: 148 }, // 60…180: 40 %
};
const WHERE_SQL = 'lufs >= ? and lufs <= ? and crest_db >= ? and crest_db <= ? and bass_pct >= ? and bass_pct <= ? and tempo_bpm >= ? and tempo_bpm <= ?';
const WHERE_PARAMS = [WHERE.lufs.gte, WHERE.lufs.lte, WHERE.crestDb.gte, WHERE.crestDb.lte, WHERE.bassPct.gte, WHERE.bassPct.lte, WHERE.tempoBpm.gte, WHERE.tempoBpm.lte];

/** The range condition for Kysely's `sql` tag (values bound: `$n` on PostgreSQL, `?` on SQLite). */
const whereFragment = () =>
  sql`lufs >= ${WHERE.lufs.gte} and lufs <= ${WHERE.lufs.lte} and crest_db >= ${WHERE.crestDb.gte} and crest_db <= ${WHERE.crestDb.lte} and bass_pct >= ${WHERE.bassPct.gte} and bass_pct <= ${WHERE.bassPct.lte} and tempo_bpm >= ${WHERE.tempoBpm.gte} and tempo_bpm <= ${WHERE.tempoBpm.lte}`;

function syntheticLibrary(trackIds: readonly number[], seed: number): FingerprintInput[] {
  const random = seededRandom(seed); // the same library on every run
  return trackIds.map((trackId) => ({ trackId, values: syntheticFingerprint(random) }));
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const summary = (samples: readonly number[]) => ({
  p50Ms: round(percentile(samples, 0.5)),
  p95Ms: round(percentile(samples, 0.95)),
  minMs: round(Math.min(...samples)),
  runs: samples.length,
});
const loadAverage = () => os.loadavg().map((load) => round(load, 2));

interface NativeSqlite {
  prepare(sql: string): { run(...p: unknown[]): unknown; all(...p: unknown[]): unknown[]; get(...p: unknown[]): unknown };
  transaction<T>(fn: () => T): () => T;
}

/** Setup (not measured): the tracks, through Kysely in one transaction; returns their ids in order. */
async function insertTracks(orm: MikroORM, count: number): Promise<number[]> {
  const now = timestampValue(orm.em, new Date());
  const db = orm.em.getKysely<Database>();
  await db.transaction().execute(async (tx) => {
    for (let start = 1; start <= count; start += 1000) {
      const rows = [];
      for (let i = start; i < Math.min(start + 1000, count + 1); i++) rows.push({ path: `/music/bench/${i}.flac`, created_at: now, updated_at: now });
      await tx.insertInto('tracks').values(rows as never).execute();
    }
  });
  return (await db.selectFrom('tracks').select('id').orderBy('id').execute()).map((r) => Number(r.id));
}

/** Wall time of one call, in ms. */
async function timed(run: () => unknown): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

async function benchEngine(target: BenchDatabase): Promise<Record<string, unknown>> {
  const { engine } = target;
  const loadAtStart = loadAverage();
  const orm: MikroORM = await createOrm({ dbPath: target.dbSetting, overrides: { contextName: `bench-db-${engine}` } });
  try {
    await migrateToLatest(orm);
    const db = orm.em.getKysely<Database>();
    const allIds = await insertTracks(orm, FINGERPRINTS + MISSING_TRACKS);
    // Every 101st track stays without a fingerprint, spread over the id range.
    const missingIds = new Set(allIds.filter((_, i) => i % 101 === 100).slice(0, MISSING_TRACKS));
    const fingerprintIds = allIds.filter((id) => !missingIds.has(id)).slice(0, FINGERPRINTS);
    const library = syntheticLibrary(fingerprintIds, 42);
    const changed = syntheticLibrary(fingerprintIds, 43);

    // Bulk upsert: inserts into the empty table, then updates of existing rows.
    const bulk = async (inputs: FingerprintInput[]) => (await timed(() => new FingerprintRepository(orm.em.fork()).upsertMany(inputs))) / 1000;
    const insertSeconds = await bulk(library);
    const updateSeconds = await bulk(changed);

    // Baseline: one upsert call (one statement + status update + read back, one transaction) per fingerprint.
    const started = performance.now();
    for (const input of library.slice(0, BASELINE_SAMPLE)) await new FingerprintRepository(orm.em.fork()).upsert(input);
    const perCallSeconds = (performance.now() - started) / 1000;

    const native = engine === 'sqlite' ? ((await orm.em.getConnection().getNativeClient()) as NativeSqlite) : null;
    let nativeBaseline: Record<string, unknown> | undefined;
    if (native !== null) {
      // Floor of the engine: one cached prepared single-row upsert re-run per row in one transaction (the
      // statement only: no validation, no status update). Table emptied first, so its insert path is an insert;
      // it ends holding `changed`, as after the repository's update.
      const columns = ['track_id', 'fingerprint_version', 'created_at', 'updated_at', ...DIMENSIONS.map((d) => d.column)];
      const statement = native.prepare(
        `insert into track_fingerprints (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')}) ` +
          `on conflict (track_id) do update set ${columns.slice(1).filter((c) => c !== 'created_at').map((c) => `${c} = excluded.${c}`).join(', ')}`,
      );
      const write = (inputs: FingerprintInput[]) => {
        const t0 = performance.now();
        const now = Date.now();
        native.transaction(() => {
          for (const { trackId, values } of inputs) statement.run(trackId, 1, now, now, ...DIMENSIONS.map((d) => values[d.key]));
        })();
        return (performance.now() - t0) / 1000;
      };
      native.prepare('delete from track_fingerprints').run();
      const nativeInsert = write(library);
      const nativeUpdate = write(changed);
      nativeBaseline = {
        call: 'better-sqlite3: one prepared single-row INSERT … ON CONFLICT (track_id) DO UPDATE, cached, run per row in one transaction (statement only: no validation, no status update)',
        insertSeconds: round(nativeInsert),
        updateSeconds: round(nativeUpdate),
        repositoryOverNative: { insert: round(insertSeconds / nativeInsert, 2), update: round(updateSeconds / nativeUpdate, 2) },
      };
    }
    await sql`analyze`.execute(db);

    const stored = Number((await db.selectFrom('track_fingerprints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const matching = Number((await sql<{ n: number }>`select count(*) as n from track_fingerprints where ${whereFragment()}`.execute(db)).rows[0]!.n);

    const samples: Record<string, number[]> = { repository: [], getMissing: [], changeCheckUs: [] };
    let repositoryRows = 0;
    let missingRows = 0;
    const apiPath = async (run: number) => {
      const t1 = performance.now();
      repositoryRows = (await new FingerprintRepository(orm.em.fork()).page(WHERE, { first: 500 })).nodes.length;
      if (run >= 0) samples.repository!.push(performance.now() - t1);
      const t2 = performance.now();
      missingRows = (await new TrackRepository(orm.em.fork()).pageMissing({ first: 500 })).nodes.length;
      if (run >= 0) samples.getMissing!.push(performance.now() - t2);
      const t3 = performance.now();
      await new LibraryChangeRepository(orm.em.fork()).latestSeq();
      if (run >= 0) samples.changeCheckUs!.push((performance.now() - t3) * 1000);
    };

    let engineSpecific: Record<string, unknown>;
    let plannerP50Ms: number;
    if (native !== null) {
      // Range query variants, interleaved run by run so that noise hits them alike.
      const variants = {
        compositeIndex: `select * from track_fingerprints indexed by ${COMPOSITE_INDEX} where ${WHERE_SQL} order by track_id`,
        plannerChoice: `select * from track_fingerprints where ${WHERE_SQL} order by track_id`,
        noIndex: `select * from track_fingerprints not indexed where ${WHERE_SQL} order by track_id`,
      };
      for (const name of Object.keys(variants)) samples[name] = [];
      const statements = Object.fromEntries(Object.entries(variants).map(([name, text]) => [name, native.prepare(text)]));
      const explain = (text: string, params: unknown[]) => (native.prepare(`explain query plan ${text}`).all(...params) as { detail: string }[]).map((r) => r.detail);
      const rowCounts = Object.fromEntries(Object.entries(statements).map(([name, st]) => [name, st.all(...WHERE_PARAMS).length]));
      for (let run = -WARMUP; run < RUNS; run++) {
        for (const [name, statement] of Object.entries(statements)) {
          const t0 = performance.now();
          statement.all(...WHERE_PARAMS);
          if (run >= 0) samples[name]!.push(performance.now() - t0);
        }
        await apiPath(run);
      }
      plannerP50Ms = percentile(samples.plannerChoice!, 0.5);
      engineSpecific = {
        repositoryPlan: explain(`select * from track_fingerprints as t0 where ${WHERE_SQL} order by track_id limit 500`, WHERE_PARAMS),
        rawSql: Object.fromEntries(
          Object.entries(variants).map(([name, text]) => [name, { sql: text, rowsReturned: rowCounts[name], ...summary(samples[name]!), plan: explain(text, WHERE_PARAMS) }]),
        ),
        speedupCompositeVsNoIndex: round(percentile(samples.noIndex!, 0.5) / percentile(samples.compositeIndex!, 0.5), 1),
        missingPlan: explain('select t.* from tracks as t where not exists (select 1 from track_fingerprints as f where f.track_id = t.id) order by t.id limit 500', []),
      };
    } else {
      // PostgreSQL: the planner's choice and the no-index baseline on one pinned connection, interleaved.
      samples.plannerChoice = [];
      samples.noIndex = [];
      const rangeSql = () => sql`select * from track_fingerprints where ${whereFragment()} order by track_id`;
      const explainAnalyze = async (conn: Kysely<Database>, statement: ReturnType<typeof rangeSql>) =>
        (await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) ${statement}`.execute(conn)).rows.map((r) => r['QUERY PLAN']);
      const plans: Record<string, string[]> = {};
      const rowCounts: Record<string, number> = {};
      await db.connection().execute(async (conn) => {
        const setIndexScans = async (on: boolean) => {
          const value = on ? 'on' : 'off';
          await sql`select set_config('enable_indexscan', ${value}, false), set_config('enable_bitmapscan', ${value}, false)`.execute(conn);
        };
        for (let run = -WARMUP; run < RUNS; run++) {
          for (const name of ['plannerChoice', 'noIndex']) {
            await setIndexScans(name === 'plannerChoice');
            const t0 = performance.now();
            rowCounts[name] = (await rangeSql().execute(conn)).rows.length;
            if (run >= 0) samples[name]!.push(performance.now() - t0);
          }
          await setIndexScans(true);
          await apiPath(run);
        }
        await setIndexScans(true);
        plans.plannerChoice = await explainAnalyze(conn, rangeSql());
        plans.repository = await explainAnalyze(conn, sql`select * from track_fingerprints where ${whereFragment()} order by track_id limit 501`);
        plans.missing = (
          await sql<{ 'QUERY PLAN': string }>`explain (analyze) select t.* from tracks as t where not exists (select 1 from track_fingerprints as f where f.track_id = t.id) order by t.id limit 501`.execute(conn)
        ).rows.map((r) => r['QUERY PLAN']);
        await setIndexScans(false);
        plans.noIndex = await explainAnalyze(conn, rangeSql());
        await setIndexScans(true);
      });
      plannerP50Ms = percentile(samples.plannerChoice!, 0.5);
      engineSpecific = {
        repositoryPlan: plans.repository,
        rawSql: {
          plannerChoice: { sql: rangeSql().compile(db).sql, rowsReturned: rowCounts.plannerChoice, ...summary(samples.plannerChoice!), explainAnalyze: plans.plannerChoice },
          noIndex: {
            sql: rangeSql().compile(db).sql,
            settings: 'enable_indexscan = off, enable_bitmapscan = off (session, on a pinned connection)',
            rowsReturned: rowCounts.noIndex,
            ...summary(samples.noIndex!),
            explainAnalyze: plans.noIndex,
          },
        },
        speedupPlannerVsNoIndex: round(percentile(samples.noIndex!, 0.5) / plannerP50Ms, 1),
        missingPlan: plans.missing,
      };
    }

    const environment: Record<string, unknown> = { settings: target.settings };
    if (native !== null) {
      Object.assign(environment, {
        sqlite: (native.prepare('select sqlite_version() as v').get() as { v: string }).v,
        journalMode: 'wal',
        synchronous: 'normal',
        cacheSizeKiB: CACHE_SIZE_KIB,
      });
    } else {
      const rows = (
        await sql<{ name: string; setting: string; unit: string | null }>`select name, setting, unit from pg_settings where name in (${sql.join(RECORDED_POSTGRES_SETTINGS)})`.execute(db)
      ).rows;
      environment.serverSettings = Object.fromEntries(rows.map((r) => [r.name, r.unit ? `${r.setting} × ${r.unit}` : r.setting]));
    }
    const upsertTarget = UPSERT_TARGET_SECONDS[engine];
    const { repositoryPlan, missingPlan, ...rawSqlPart } = engineSpecific;
    return {
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadAverage(),
      environment,
      library: { fingerprints: stored, tracks: allIds.length, tracksWithoutFingerprint: missingIds.size },
      bulkUpsert: {
        rows: FINGERPRINTS,
        call: `FingerprintRepository.upsertMany(${FINGERPRINTS} inputs) in one transaction, incl. validation and status updates`,
        strategy: `Kysely multi-row INSERT … ON CONFLICT (track_id) DO UPDATE, ${UPSERT_CHUNK_ROWS} rows (bound parameters) per statement`,
        insertSeconds: round(insertSeconds),
        insertRowsPerSecond: Math.round(FINGERPRINTS / insertSeconds),
        updateSeconds: round(updateSeconds),
        updateRowsPerSecond: Math.round(FINGERPRINTS / updateSeconds),
        baselineOneCallPerRow: {
          rows: BASELINE_SAMPLE,
          seconds: round(perCallSeconds),
          rowsPerSecond: Math.round(BASELINE_SAMPLE / perCallSeconds),
          extrapolatedSecondsFor100k: round((perCallSeconds * FINGERPRINTS) / BASELINE_SAMPLE, 1),
        },
        ...(nativeBaseline ? { baselineNativePreparedSingleRow: nativeBaseline } : {}),
        target: `100 000 upserts ≤ ${upsertTarget} s`,
        meetsTarget: Math.max(insertSeconds, updateSeconds) <= upsertTarget,
      },
      rangeQuery: {
        where: WHERE,
        matchingRows: matching,
        selectivityPercent: round((100 * matching) / stored, 2),
        repository: {
          call: 'FingerprintRepository.page(where, { first: 500 }) → FingerprintRecords (what `fingerprints(where:)` runs)',
          rowsReturned: repositoryRows,
          ...summary(samples.repository!),
          plan: repositoryPlan,
        },
        ...rawSqlPart,
        target: `p50 ≤ ${RANGE_TARGET_P50_MS} ms`,
        meetsTarget: percentile(samples.repository!, 0.5) <= RANGE_TARGET_P50_MS && plannerP50Ms <= RANGE_TARGET_P50_MS,
      },
      getMissing: {
        call: 'TrackRepository.pageMissing({ first: 500 }) → TrackRecords',
        rowsReturned: missingRows,
        ...summary(samples.getMissing!),
        plan: missingPlan,
      },
      changeCheck: {
        call: 'per similarity request: LibraryChangeRepository.latestSeq() (max(seq) of library_changes), fresh fork each run',
        changeLogRows: await new LibraryChangeRepository(orm.em.fork()).count(),
        p50Us: round(percentile(samples.changeCheckUs!, 0.5), 1),
        p95Us: round(percentile(samples.changeCheckUs!, 0.95), 1),
        runs: samples.changeCheckUs!.length,
      },
    };
  } finally {
    await orm.close();
  }
}

async function main(): Promise<void> {
  const engines = selectedEngines();
  const loadAverageAtStart = loadAverage();
  const sections: Record<string, unknown> = {};
  for (const engine of engines) {
    console.log(`db: ${engine}`);
    const target = await openBenchDatabase(engine, 'db');
    try {
      sections[engine] = await benchEngine(target);
    } finally {
      await target.close();
    }
    const section = sections[engine] as { bulkUpsert: Record<string, unknown>; rangeQuery: { repository: { p50Ms: number }; rawSql: Record<string, { p50Ms: number }> }; getMissing: { p50Ms: number } };
    console.log(
      JSON.stringify(
        {
          engine,
          bulkUpsert: section.bulkUpsert,
          rangeRepositoryP50Ms: section.rangeQuery.repository.p50Ms,
          rawP50Ms: Object.fromEntries(Object.entries(section.rangeQuery.rawSql).map(([k, v]) => [k, v.p50Ms])),
          getMissingP50Ms: section.getMissing.p50Ms,
        },
        null,
        1,
      ),
    );
  }
  const result = {
    benchmark: 'db',
    date: new Date().toISOString(),
    loadAverage: {
      note: 'os.loadavg() (1, 5, 15 min) on a 2-core machine shared with other engineers running tests: above 2 the figures are inflated; compare each figure with its baseline of the same run',
      atStart: loadAverageAtStart,
      atEnd: loadAverage(),
    },
    environment: machineEnvironment(),
    engines: sections,
  };
  const out = writeBenchResult('db', result);
  console.log(`wrote ${out}`);
}

await main();
