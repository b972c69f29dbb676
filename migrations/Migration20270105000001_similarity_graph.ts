import { EngineMigration } from './EngineMigration.ts';

/**
 * Creates `similarity_graphs` (how the stored kNN graph was built: k, normaliser and weights identity, the
 * change seq it reflects) and `similarity_edges` (track, rank, neighbour, distance; both track references
 * ON DELETE CASCADE). Frozen history: the DDL is what MikroORM's schema generator emits for the
 * SimilarityGraph / SimilarityEdge entities on each engine.
 */
export class Migration20270105000001_similarity_graph extends EngineMigration {
  override name = 'Migration20270105000001_similarity_graph';

  override upSqlite(): void {
    this.addSql(
      'create table `similarity_graphs` (`id` integer not null primary key, `k` integer not null, `normaliser_identity` text not null, ' +
        '`weights_identity` text not null, `change_seq` integer not null, `built_at` datetime not null, `updated_at` datetime not null);',
    );
    this.addSql(
      'create table `similarity_edges` (`track_id` integer not null, `rank` integer not null, `neighbour_id` integer not null, ' +
        '`distance` double not null, primary key (`track_id`, `rank`), ' +
        'constraint `similarity_edges_track_id_foreign` foreign key (`track_id`) references `tracks` (`id`) on delete cascade, ' +
        'constraint `similarity_edges_neighbour_id_foreign` foreign key (`neighbour_id`) references `tracks` (`id`) on delete cascade);',
    );
    this.addSql('create index `similarity_edges_track_id_index` on `similarity_edges` (`track_id`);');
    this.addSql('create index `similarity_edges_neighbour_id_index` on `similarity_edges` (`neighbour_id`);');
  }

  override downSqlite(): void {
    this.addSql('drop table if exists `similarity_edges`;');
    this.addSql('drop table if exists `similarity_graphs`;');
  }

  override upPostgres(): void {
    this.addSql(
      'create table "similarity_graphs" ("id" int not null, "k" int not null, "normaliser_identity" text not null, ' +
        '"weights_identity" text not null, "change_seq" int not null, "built_at" timestamptz not null, "updated_at" timestamptz not null, ' +
        'primary key ("id"));',
    );
    this.addSql(
      'create table "similarity_edges" ("track_id" int not null, "rank" int not null, "neighbour_id" int not null, ' +
        '"distance" double precision not null, primary key ("track_id", "rank"));',
    );
    this.addSql('create index "similarity_edges_track_id_index" on "similarity_edges" ("track_id");');
    this.addSql('create index "similarity_edges_neighbour_id_index" on "similarity_edges" ("neighbour_id");');
    this.addSql(
      'alter table "similarity_edges" add constraint "similarity_edges_track_id_foreign" foreign key ("track_id") ' +
        'references "tracks" ("id") on delete cascade;',
    );
    this.addSql(
      'alter table "similarity_edges" add constraint "similarity_edges_neighbour_id_foreign" foreign key ("neighbour_id") ' +
        'references "tracks" ("id") on delete cascade;',
    );
  }

  override downPostgres(): void {
    this.addSql('drop table if exists "similarity_edges";');
    this.addSql('drop table if exists "similarity_graphs";');
  }
}
