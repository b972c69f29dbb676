/**
 * `node bench/db.ts` → bench/results/db.json: the library database at 100 000 fingerprints.
 *
 * Measures, on a temporary SQLite file (WAL) through the real repositories:
 * - bulk upsert throughput: FingerprintRepository.upsertMany of 100 000 synthetic fingerprints, first as
 *   inserts into an empty table, then again as updates of existing rows (ON CONFLICT path), through Kysely
 *   multi-row statements of UPSERT_CHUNK_ROWS rows with bound parameters; baseline side by side: the
 *   same upsert one call per fingerprint (FingerprintRepository.upsert) on a sample;
 * - a 4-dimension range query selecting about 1 % of the rows: p50 / p95 through FingerprintRepository.page
 *   (first page of 500: the path the GraphQL `fingerprints` query uses) and as raw SQL returning every matching row, each with the
 *   composite index (lufs, crest_db, bass_pct, tempo_bpm) forced (`INDEXED BY`), with the planner's own
 *   choice, and without any index (`NOT INDEXED`), plus each variant's EXPLAIN QUERY PLAN;
 * - TrackRepository.pageMissing (first page of tracks without a fingerprint) p50;
 * - the similarity index's per-request change check: LibraryChangeRepository.latestSeq (max(seq) of
 *   library_changes, what libraryIndex.ts runs) p50 in µs, beside the SQLite-only write mark it replaced
 *   (`total_changes()` + `PRAGMA data_version`, built here as the old code did), and the log's row count.
 * Targets (ARCHITECTURE / task): 100 000 upserts ≤ 5 s; range query ≤ 10 ms p50.
 *
 * Values are synthetic (uniform within each dimension's fallback range, seeded PRNG), which is what a
 * storage benchmark needs: the distribution fixes the selectivity, not the acoustics.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededRandom } from '../fixtures/random.ts';
import { syntheticFingerprint } from '../fixtures/syntheticFingerprint.ts';
import { createOrm, migrateToLatest } from '../server/db/createOrm.ts';
import { FingerprintRepository, UPSERT_CHUNK_ROWS } from '../server/db/FingerprintRepository.ts';
import { LibraryChangeRepository } from '../server/db/LibraryChangeRepository.ts';
import { dbOf, selectRows } from '../server/db/sql.ts';
import { sql } from 'kysely';
import { TrackRepository } from '../server/db/TrackRepository.ts';
import type { FingerprintInput } from '../server/db/fingerprintInput.ts';
import { CACHE_SIZE_KIB } from '../server/db/createOrm.ts';
import { machineEnvironment, percentile, writeBenchResult } from './results.ts';

const FINGERPRINTS = 100_000;
/** Tracks without a fingerprint (what getMissing finds). */
const MISSING_TRACKS = 1_000;
/** Fingerprints written one call each for the baseline. */
const BASELINE_SAMPLE = 2_000;
const WARMUP = 5;
const RUNS = 41;
/** Runs of the change check (each a few µs). */
const CHECK_RUNS = 2_001;
const COMPOSITE_INDEX = 'track_fingerprints_lufs_crest_db_bass_pct_tempo_bpm_index';

/** The 4-dimension query: 10 % × 50 % × 50 % × 40 % of uniform ranges ≈ 1 % of the rows. */
const WHERE = {
  lufs: { gte: -20, lte: -17.5 }, // fallback range −30…−5: 10 %
  crestDb: { gte: 3, lte: 14 }, // 3…25: 50 %
  bassPct: { gte: 0, lte: 25 }, // 0…50: 50 %
  tempoBpm: { gte: 100, lte: 148 }, // 60…180: 40 %
};
const WHERE_SQL = 'lufs >= ? and lufs <= ? and crest_db >= ? and crest_db <= ? and bass_pct >= ? and bass_pct <= ? and tempo_bpm >= ? and tempo_bpm <= ?';
const WHERE_PARAMS = [WHERE.lufs.gte, WHERE.lufs.lte, WHERE.crestDb.gte, WHERE.crestDb.lte, WHERE.bassPct.gte, WHERE.bassPct.lte, WHERE.tempoBpm.gte, WHERE.tempoBpm.lte];

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

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'auralis-bench-db-'));
  const orm = await createOrm({ dbPath: path.join(dir, 'bench.db') });
  try {
    await migrateToLatest(orm);
    const em = orm.em.fork();
    const connection = em.getConnection();
    const database = (await connection.getNativeClient()) as {
      prepare(sql: string): { run(...p: unknown[]): unknown; all(...p: unknown[]): unknown[]; get(...p: unknown[]): unknown };
      transaction<T>(fn: () => T): () => T;
    };

    // Tracks: raw inserts in one transaction (setup, not measured).
    const insertTrack = database.prepare('insert into tracks (path, created_at, updated_at) values (?, ?, ?)');
    const now = Date.now();
    database.transaction(() => {
      for (let i = 1; i <= FINGERPRINTS + MISSING_TRACKS; i++) insertTrack.run(`/music/bench/${i}.flac`, now, now);
    })();
    const allIds = (database.prepare('select id from tracks order by id').all() as { id: number }[]).map((r) => r.id);
    // Every 101st track stays without a fingerprint, spread over the id range.
    const missingIds = new Set(allIds.filter((_, i) => i % 101 === 100).slice(0, MISSING_TRACKS));
    const fingerprintIds = allIds.filter((id) => !missingIds.has(id)).slice(0, FINGERPRINTS);
    const library = syntheticLibrary(fingerprintIds, 42);
    const changed = syntheticLibrary(fingerprintIds, 43);

    // Bulk upsert: inserts into the empty table, then updates of existing rows.
    const bulk = async (inputs: FingerprintInput[]) => {
      const t0 = performance.now();
      await new FingerprintRepository(orm.em.fork()).upsertMany(inputs);
      return (performance.now() - t0) / 1000;
    };
    const insertSeconds = await bulk(library);
    const updateSeconds = await bulk(changed);

    // Baseline: one upsert call (one statement + status update + read back) per fingerprint.
    const started = performance.now();
    for (const input of library.slice(0, BASELINE_SAMPLE)) await new FingerprintRepository(orm.em.fork()).upsert(input);
    const perCallSeconds = (performance.now() - started) / 1000;
    database.prepare('analyze').run();

    const stored = (database.prepare('select count(*) as n from track_fingerprints').get() as { n: number }).n;
    const matching = (database.prepare(`select count(*) as n from track_fingerprints where ${WHERE_SQL}`).get(...WHERE_PARAMS) as { n: number }).n;

    // Range query variants, interleaved run by run so that noise hits them alike.
    const variants = {
      compositeIndex: `select * from track_fingerprints indexed by ${COMPOSITE_INDEX} where ${WHERE_SQL} order by track_id`,
      plannerChoice: `select * from track_fingerprints where ${WHERE_SQL} order by track_id`,
      noIndex: `select * from track_fingerprints not indexed where ${WHERE_SQL} order by track_id`,
    };
    const statements = Object.fromEntries(Object.entries(variants).map(([name, sql]) => [name, database.prepare(sql)]));
    const plans = Object.fromEntries(
      Object.entries(variants).map(([name, sql]) => [
        name,
        (database.prepare(`explain query plan ${sql}`).all(...WHERE_PARAMS) as { detail: string }[]).map((r) => r.detail),
      ]),
    );
    const rowCounts = Object.fromEntries(Object.entries(statements).map(([name, st]) => [name, st.all(...WHERE_PARAMS).length]));
    const samples: Record<string, number[]> = { repository: [], getMissing: [], ...Object.fromEntries(Object.keys(variants).map((k) => [k, []])) };
    let repositoryRows = 0;
    let missingRows = 0;
    for (let run = -WARMUP; run < RUNS; run++) {
      for (const [name, statement] of Object.entries(statements)) {
        const t0 = performance.now();
        statement.all(...WHERE_PARAMS);
        if (run >= 0) samples[name]!.push(performance.now() - t0);
      }
      const t1 = performance.now();
      repositoryRows = (await new FingerprintRepository(orm.em.fork()).page(WHERE, { first: 500 })).nodes.length;
      if (run >= 0) samples.repository!.push(performance.now() - t1);
      const t2 = performance.now();
      missingRows = (await new TrackRepository(orm.em.fork()).pageMissing({ first: 500 })).nodes.length;
      if (run >= 0) samples.getMissing!.push(performance.now() - t2);
    }
    const repositoryPlan = (
      database
        .prepare(`explain query plan select * from track_fingerprints as t0 where ${WHERE_SQL} order by track_id limit 500`)
        .all(...WHERE_PARAMS) as { detail: string }[]
    ).map((r) => r.detail);
    const missingPlan = (
      database
        .prepare(
          'explain query plan select t.* from tracks as t where not exists (select 1 from track_fingerprints as f where f.track_id = t.id) order by t.id limit 500',
        )
        .all() as { detail: string }[]
    ).map((r) => r.detail);

    // The per-request change check, old and new, interleaved; each through the repository layer (Kysely + query logger).
    const oldWriteMark = async () => {
      const checkEm = orm.em.fork();
      const query = sql<{ c: number; v: number }>`select total_changes() as c, (select data_version from pragma_data_version) as v`;
      const [mark] = await selectRows(checkEm, { compile: () => query.compile(dbOf(checkEm)) });
      return `${mark!.c}|${mark!.v}`;
    };
    const latestSeq = () => new LibraryChangeRepository(orm.em.fork()).latestSeq();
    const checkSamples: Record<'changeLogMaxSeq' | 'oldWriteMark', number[]> = { changeLogMaxSeq: [], oldWriteMark: [] };
    for (let run = -50; run < CHECK_RUNS; run++) {
      const t0 = performance.now();
      await latestSeq();
      const t1 = performance.now();
      await oldWriteMark();
      const t2 = performance.now();
      if (run >= 0) {
        checkSamples.changeLogMaxSeq.push((t1 - t0) * 1000);
        checkSamples.oldWriteMark.push((t2 - t1) * 1000);
      }
    }
    const changeLogRows = await new LibraryChangeRepository(orm.em.fork()).count();
    const checkPlan = (database.prepare('explain query plan select max(seq) from library_changes').all() as { detail: string }[]).map((r) => r.detail);
    const micros = (samples: readonly number[]) => ({ p50Us: round(percentile(samples, 0.5), 1), p95Us: round(percentile(samples, 0.95), 1), runs: samples.length });

    const result = {
      benchmark: 'db',
      date: new Date().toISOString(),
      environment: {
        ...machineEnvironment(),
        sqlite: (database.prepare('select sqlite_version() as v').get() as { v: string }).v,
        journalMode: 'wal',
        synchronous: 'normal',
        cacheSizeKiB: CACHE_SIZE_KIB,
      },
      library: { fingerprints: stored, tracks: allIds.length, tracksWithoutFingerprint: missingIds.size },
      bulkUpsert: {
        rows: FINGERPRINTS,
        call: 'FingerprintRepository.upsertMany(100 000 inputs) in one transaction, incl. validation and status updates',
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
        target: '100 000 upserts ≤ 5 s',
        meetsTarget: Math.max(insertSeconds, updateSeconds) <= 5,
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
        rawSql: Object.fromEntries(
          Object.keys(variants).map((name) => [
            name,
            { sql: variants[name as keyof typeof variants], rowsReturned: rowCounts[name], ...summary(samples[name]!), plan: plans[name] },
          ]),
        ),
        speedupCompositeVsNoIndex: round(percentile(samples.noIndex!, 0.5) / percentile(samples.compositeIndex!, 0.5), 1),
        target: 'p50 ≤ 10 ms',
        meetsTarget: percentile(samples.repository!, 0.5) <= 10 && percentile(samples.plannerChoice!, 0.5) <= 10,
      },
      getMissing: {
        call: 'TrackRepository.pageMissing({ first: 500 }) → TrackRecords',
        rowsReturned: missingRows,
        ...summary(samples.getMissing!),
        plan: missingPlan,
      },
      changeCheck: {
        call: 'per similarity request: LibraryChangeRepository.latestSeq() (max(seq) of library_changes), fresh fork each run',
        changeLogRows,
        changeLogMaxSeq: { ...micros(checkSamples.changeLogMaxSeq), plan: checkPlan },
        oldWriteMark: { sql: 'select total_changes(), (select data_version from pragma_data_version) (SQLite only, replaced)', ...micros(checkSamples.oldWriteMark) },
      },
    };
    const out = writeBenchResult('db', result);
    console.log(JSON.stringify({ bulkUpsert: result.bulkUpsert, range: { matching, repository: result.rangeQuery.repository.p50Ms, raw: Object.fromEntries(Object.entries(result.rangeQuery.rawSql).map(([k, v]) => [k, [v.p50Ms, v.p95Ms]])) }, getMissing: result.getMissing.p50Ms, changeCheck: result.changeCheck }, null, 1));
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await orm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
