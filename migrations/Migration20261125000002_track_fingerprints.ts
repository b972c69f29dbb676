import { EngineMigration } from './EngineMigration.ts';

/**
 * Creates `track_fingerprints` (fingerprint version 1: the 25 dimensions as REAL NOT NULL) with its
 * one-to-one, cascading link to `tracks` and the indexes of the common range filters.
 *
 * Frozen history (see the first migration): the 25 columns are the catalogue's version-1 columns as
 * MikroORM's schema generator emits them for the TrackFingerprint entity. test/db/schema.test.ts proves
 * that they equal what the entity (and so the catalogue) declares; a new catalogue version needs a new
 * migration.
 */
export class Migration20261125000002_track_fingerprints extends EngineMigration {
  override name = 'Migration20261125000002_track_fingerprints';

  override upSqlite(): void {
    this.addSql(
      'create table `track_fingerprints` (' +
        '`id` integer not null primary key autoincrement, `track_id` integer not null, ' +
        '`sub_bass_pct` real not null, `bass_pct` real not null, `low_mid_pct` real not null, ' +
        '`mid_pct` real not null, `upper_mid_pct` real not null, `presence_pct` real not null, ' +
        '`air_pct` real not null, `lufs` real not null, `crest_db` real not null, ' +
        '`bass_mid_ratio` real not null, `tempo_bpm` real not null, `rhythm_stability` real not null, ' +
        '`transient_density` real not null, `silence_ratio` real not null, ' +
        '`spectral_centroid` real not null, `spectral_rolloff` real not null, ' +
        '`spectral_flatness` real not null, `harmonic_ratio` real not null, ' +
        '`pitch_stability` real not null, `chroma_energy` real not null, ' +
        '`dynamic_range_variation` real not null, `loudness_variation_std` real not null, ' +
        '`peak_consistency` real not null, `stereo_width` real not null, ' +
        '`phase_correlation` real not null, ' +
        '`fingerprint_version` integer not null, ' +
        '`created_at` datetime not null, `updated_at` datetime not null, ' +
        'constraint `track_fingerprints_track_id_foreign` foreign key (`track_id`) ' +
        'references `tracks` (`id`) on delete cascade);',
    );
    this.addSql(
      'create unique index `track_fingerprints_track_id_unique` on `track_fingerprints` (`track_id`);',
    );
    this.addSql(
      'create index `track_fingerprints_fingerprint_version_index` on `track_fingerprints` (`fingerprint_version`);',
    );
    for (const column of ['bass_pct', 'mid_pct', 'lufs', 'crest_db', 'tempo_bpm']) {
      this.addSql(`create index \`track_fingerprints_${column}_index\` on \`track_fingerprints\` (\`${column}\`);`);
    }
    this.addSql(
      'create index `track_fingerprints_lufs_crest_db_bass_pct_tempo_bpm_index` on `track_fingerprints` ' +
        '(`lufs`, `crest_db`, `bass_pct`, `tempo_bpm`);',
    );
  }

  override downSqlite(): void {
    this.addSql('drop table if exists `track_fingerprints`;');
  }

  override upPostgres(): void {
    this.addSql(
      'create table "track_fingerprints" (' +
        '"id" serial primary key, "track_id" int not null, ' +
        '"sub_bass_pct" double precision not null, "bass_pct" double precision not null, "low_mid_pct" double precision not null, ' +
        '"mid_pct" double precision not null, "upper_mid_pct" double precision not null, "presence_pct" double precision not null, ' +
        '"air_pct" double precision not null, "lufs" double precision not null, "crest_db" double precision not null, ' +
        '"bass_mid_ratio" double precision not null, "tempo_bpm" double precision not null, "rhythm_stability" double precision not null, ' +
        '"transient_density" double precision not null, "silence_ratio" double precision not null, "spectral_centroid" double precision not null, ' +
        '"spectral_rolloff" double precision not null, "spectral_flatness" double precision not null, "harmonic_ratio" double precision not null, ' +
        '"pitch_stability" double precision not null, "chroma_energy" double precision not null, "dynamic_range_variation" double precision not null, ' +
        '"loudness_variation_std" double precision not null, "peak_consistency" double precision not null, "stereo_width" double precision not null, ' +
        '"phase_correlation" double precision not null, ' +
        '"fingerprint_version" int not null, ' +
        '"created_at" timestamptz not null, "updated_at" timestamptz not null);',
    );
    this.addSql('alter table "track_fingerprints" add constraint "track_fingerprints_track_id_unique" unique ("track_id");');
    for (const column of ['bass_pct', 'mid_pct', 'lufs', 'crest_db', 'tempo_bpm']) {
      this.addSql(`create index "track_fingerprints_${column}_index" on "track_fingerprints" ("${column}");`);
    }
    this.addSql(
      'create index "track_fingerprints_fingerprint_version_index" on "track_fingerprints" ("fingerprint_version");',
    );
    this.addSql(
      'create index "track_fingerprints_lufs_crest_db_bass_pct_tempo_bpm_index" on "track_fingerprints" ' +
        '("lufs", "crest_db", "bass_pct", "tempo_bpm");',
    );
    this.addSql(
      'alter table "track_fingerprints" add constraint "track_fingerprints_track_id_foreign" ' +
        'foreign key ("track_id") references "tracks" ("id") on delete cascade;',
    );
  }

  override downPostgres(): void {
    this.addSql('drop table if exists "track_fingerprints";');
  }
}
