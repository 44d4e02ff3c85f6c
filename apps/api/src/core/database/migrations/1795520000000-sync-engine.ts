import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the sync engine keeps between runs. Baselines hold, per record, the state both sides shared
 * after the last sync: the third side of the three-way merge, and what lets incremental runs skip
 * unchanged records. Cursors hold where each side's change feed was read up to. The partial unique
 * index on sessions is the lock that keeps one engine run per integration and entity, across processes.
 * Baseline states are `json`: the engine compares them itself, and skipping jsonb's conversion makes
 * writing a batch of them cheaper.
 */
export class SyncEngine1795520000000 implements MigrationInterface {
  name = 'SyncEngine1795520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "integrations" ADD "entities" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "integrations" ADD "sync_settings" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`CREATE TYPE "public"."sync_mode" AS ENUM('full', 'incremental')`);
    await queryRunner.query(`ALTER TABLE "sync_sessions" ADD "mode" "public"."sync_mode"`);
    await queryRunner.query(`ALTER TABLE "sync_sessions" ADD "retry_scope" text`);
    await queryRunner.query(`ALTER TABLE "sync_sessions" ADD "cancel_requested_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "sync_sessions" ADD "verification" jsonb`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "sync_sessions_one_engine_run" ON "sync_sessions" ("integration_id", "entity_type") WHERE "mode" IS NOT NULL AND "status" IN ('queued', 'running')`,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_baselines" ("integration_id" uuid NOT NULL, "entity_type" text NOT NULL, "record_key" text NOT NULL, "state" json NOT NULL, "synced_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_sync_baselines" PRIMARY KEY ("integration_id", "entity_type", "record_key"), CONSTRAINT "FK_sync_baselines_integration" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_cursors" ("integration_id" uuid NOT NULL, "entity_type" text NOT NULL, "side" text NOT NULL, "position" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_sync_cursors" PRIMARY KEY ("integration_id", "entity_type", "side"), CONSTRAINT "FK_sync_cursors_integration" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`CREATE TYPE "public"."conflict_status" AS ENUM('open', 'resolved')`);
    await queryRunner.query(
      `CREATE TABLE "sync_conflicts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "integration_id" uuid NOT NULL, "entity_type" text NOT NULL, "session_id" uuid NOT NULL, "record_key" text NOT NULL, "baseline" jsonb, "local" jsonb, "remote" jsonb, "local_changed_fields" text array NOT NULL, "remote_changed_fields" text array NOT NULL, "strategy" text NOT NULL, "applied" text NOT NULL, "status" "public"."conflict_status" NOT NULL DEFAULT 'open', "local_updated_at" TIMESTAMP WITH TIME ZONE, "remote_updated_at" TIMESTAMP WITH TIME ZONE, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_sync_conflicts" PRIMARY KEY ("id"), CONSTRAINT "FK_sync_conflicts_integration" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "sync_conflicts_one_open" ON "sync_conflicts" ("integration_id", "entity_type", "record_key") WHERE "status" = 'open'`,
    );
    await queryRunner.query(
      `CREATE INDEX "sync_conflicts_recent" ON "sync_conflicts" ("integration_id", "detected_at")`,
    );
    await queryRunner.query(`CREATE INDEX "sync_conflicts_session" ON "sync_conflicts" ("session_id")`);
    await queryRunner.query(
      `CREATE TABLE "app_settings" ("key" text NOT NULL, "value" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_app_settings" PRIMARY KEY ("key"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "app_settings"`);
    await queryRunner.query(`DROP TABLE "sync_conflicts"`);
    await queryRunner.query(`DROP TYPE "public"."conflict_status"`);
    await queryRunner.query(`DROP TABLE "sync_cursors"`);
    await queryRunner.query(`DROP TABLE "sync_baselines"`);
    await queryRunner.query(`DROP INDEX "public"."sync_sessions_one_engine_run"`);
    await queryRunner.query(`ALTER TABLE "sync_sessions" DROP COLUMN "verification"`);
    await queryRunner.query(`ALTER TABLE "sync_sessions" DROP COLUMN "cancel_requested_at"`);
    await queryRunner.query(`ALTER TABLE "sync_sessions" DROP COLUMN "retry_scope"`);
    await queryRunner.query(`ALTER TABLE "sync_sessions" DROP COLUMN "mode"`);
    await queryRunner.query(`DROP TYPE "public"."sync_mode"`);
    await queryRunner.query(`ALTER TABLE "integrations" DROP COLUMN "sync_settings"`);
    await queryRunner.query(`ALTER TABLE "integrations" DROP COLUMN "entities"`);
  }
}
