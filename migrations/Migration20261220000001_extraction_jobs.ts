import { EngineMigration } from './EngineMigration.ts';

/**
 * Creates `extraction_jobs` and `extraction_job_items`: extraction jobs stored in the database, and the
 * per-track claims (state, worker, lease) that let the server, `auralis worker` processes and `auralis
 * scan` / `extract` share the work (server/extraction/README.md). Frozen history: the SQL is what MikroORM's
 * schema generator emits for the ExtractionJob / ExtractionJobItem entities on each engine.
 */
export class Migration20261220000001_extraction_jobs extends EngineMigration {
  override name = 'Migration20261220000001_extraction_jobs';

  override upSqlite(): void {
    this.addSql(
      'create table `extraction_jobs` (`id` text not null primary key, `selection` text null, `status` text not null, ' +
        '`failure_mode` text not null, `max_failures` integer null, `skip_current` integer not null, `total` integer not null, ' +
        '`processed` integer not null, `succeeded` integer not null, `failed` integer not null, `skipped` integer not null, ' +
        '`current_file` text null, `error` text null, `created_at` datetime not null, `updated_at` datetime not null, ' +
        '`finished_at` datetime null);',
    );
    this.addSql('create index `extraction_jobs_status_index` on `extraction_jobs` (`status`);');
    this.addSql(
      'create table `extraction_job_items` (`job_id` text not null, `track_id` integer not null, `position` integer not null, ' +
        '`state` text not null, `worker_id` text null, `lease_until` integer null, `attempts` integer not null, ' +
        '`analyses` integer not null, `queued_at` integer not null, `finished_at` integer null, `error_code` text null, ' +
        '`error_message` text null, primary key (`job_id`, `track_id`), ' +
        'constraint `extraction_job_items_job_id_foreign` foreign key (`job_id`) references `extraction_jobs` (`id`) on update cascade on delete cascade, ' +
        'constraint `extraction_job_items_track_id_foreign` foreign key (`track_id`) references `tracks` (`id`) on update cascade on delete cascade);',
    );
    this.addSql('create index `extraction_job_items_job_id_index` on `extraction_job_items` (`job_id`);');
    this.addSql('create index `extraction_job_items_track_id_index` on `extraction_job_items` (`track_id`);');
    this.addSql(
      'create index `extraction_job_items_state_lease_until_index` on `extraction_job_items` (`state`, `lease_until`);',
    );
  }

  override downSqlite(): void {
    this.addSql('drop table if exists `extraction_job_items`;');
    this.addSql('drop table if exists `extraction_jobs`;');
  }

  override upPostgres(): void {
    this.addSql(
      'create table "extraction_jobs" ("id" text not null, "selection" text null, "status" text not null, ' +
        '"failure_mode" text not null, "max_failures" int null, "skip_current" int not null, "total" int not null, ' +
        '"processed" int not null, "succeeded" int not null, "failed" int not null, "skipped" int not null, ' +
        '"current_file" text null, "error" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, ' +
        '"finished_at" timestamptz null, primary key ("id"));',
    );
    this.addSql('create index "extraction_jobs_status_index" on "extraction_jobs" ("status");');
    this.addSql(
      'create table "extraction_job_items" ("job_id" text not null, "track_id" int not null, "position" int not null, ' +
        '"state" text not null, "worker_id" text null, "lease_until" bigint null, "attempts" int not null, ' +
        '"analyses" int not null, "queued_at" bigint not null, "finished_at" bigint null, "error_code" text null, ' +
        '"error_message" text null, primary key ("job_id", "track_id"));',
    );
    this.addSql('create index "extraction_job_items_job_id_index" on "extraction_job_items" ("job_id");');
    this.addSql('create index "extraction_job_items_track_id_index" on "extraction_job_items" ("track_id");');
    this.addSql(
      'create index "extraction_job_items_state_lease_until_index" on "extraction_job_items" ("state", "lease_until");',
    );
    this.addSql(
      'alter table "extraction_job_items" add constraint "extraction_job_items_job_id_foreign" foreign key ("job_id") ' +
        'references "extraction_jobs" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "extraction_job_items" add constraint "extraction_job_items_track_id_foreign" foreign key ("track_id") ' +
        'references "tracks" ("id") on update cascade on delete cascade;',
    );
  }

  override downPostgres(): void {
    this.addSql('drop table if exists "extraction_job_items";');
    this.addSql('drop table if exists "extraction_jobs";');
  }
}
