import { Migration } from '@mikro-orm/migrations';
import { sql } from 'kysely';

/** The 25 value columns of `track_fingerprints` as they stand at this migration (frozen, not DIMENSIONS). */
const VALUE_COLUMNS = [
  'sub_bass_pct',
  'bass_pct',
  'low_mid_pct',
  'mid_pct',
  'upper_mid_pct',
  'presence_pct',
  'air_pct',
  'lufs',
  'crest_db',
  'bass_mid_ratio',
  'tempo_bpm',
  'rhythm_stability',
  'transient_density',
  'silence_ratio',
  'spectral_centroid',
  'spectral_rolloff',
  'spectral_flatness',
  'harmonic_ratio',
  'pitch_stability',
  'chroma_energy',
  'dynamic_range_variation',
  'loudness_variation_std',
  'peak_consistency',
  'stereo_width',
  'phase_correlation',
];
/** Rows read per page (keyset on track_id). */
const PAGE_ROWS = 1000;

/**
 * Rounds every stored fingerprint value to the nearest 32-bit float (`storedValue`, server/fingerprint/dimensions.ts):
 * from this version on a value is written rounded, and the similarity index holds the library as f32, so rows written
 * before must hold the same values for the in-memory filters to match SQL exactly. Data only, the same on both
 * engines: pages of 1 000 rows in track-id order, one UPDATE per row that changes, every value a bound parameter
 * (Kysely's `sql` tag on the migration's transaction; MikroORM's `execute` would splice them into the text).
 * `down` keeps the rounded values: they are valid values of every version.
 */
export class Migration20270115000001_single_precision_values extends Migration {
  override name = 'Migration20270115000001_single_precision_values';

  override async up(): Promise<void> {
    const db = this.getEntityManager().getKysely();
    const columns = sql.join(VALUE_COLUMNS.map((column) => sql.ref(column)));
    let after = 0;
    for (;;) {
      const { rows } = await sql<Record<string, number | null>>`select track_id, ${columns} from track_fingerprints
        where track_id > ${after} order by track_id limit ${PAGE_ROWS}`.execute(db);
      for (const row of rows) {
        const changed = VALUE_COLUMNS.filter((column) => row[column] != null && Math.fround(row[column]) !== row[column]);
        if (changed.length === 0) continue;
        const assignments = sql.join(changed.map((column) => sql`${sql.ref(column)} = ${Math.fround(row[column]!)}`));
        await sql`update track_fingerprints set ${assignments} where track_id = ${row.track_id}`.execute(db);
      }
      if (rows.length < PAGE_ROWS) break;
      after = Number(rows.at(-1)!.track_id);
    }
  }

  override down(): void {}
}
