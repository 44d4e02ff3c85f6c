import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sync sessions, their errors and metric samples, and the record log: the big append-only table,
 * partitioned by day so that retention drops whole partitions (created by RecordLogsRepository).
 * The record log has no foreign key to its session: the per-row check would cost a quarter of the
 * ingest time; rows are only written for existing sessions, and orphans of deleted sessions age out.
 * Record states are `json`, not `jsonb`: they are stored and returned, never queried inside, and
 * skipping the binary conversion makes ingest cheaper.
 */
export class SyncSessions1795429054823 implements MigrationInterface {
  name = 'SyncSessions1795429054823';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."sync_direction" AS ENUM('inbound', 'outbound', 'bidirectional')`);
    await queryRunner.query(
      `CREATE TYPE "public"."sync_trigger" AS ENUM('scheduled', 'manual', 'api', 'retry', 'reconciliation')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."session_status" AS ENUM('queued', 'running', 'completed', 'partial', 'failed', 'cancelled', 'timed_out')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."sync_stage" AS ENUM('fetch', 'compare', 'apply', 'verify')`);
    await queryRunner.query(
      `CREATE TABLE "sync_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "integration_id" uuid NOT NULL, "entity_type" text NOT NULL, "direction" "public"."sync_direction" NOT NULL, "trigger" "public"."sync_trigger" NOT NULL, "status" "public"."session_status" NOT NULL, "stage" "public"."sync_stage", "total" integer NOT NULL DEFAULT '0', "processed" integer NOT NULL DEFAULT '0', "created" integer NOT NULL DEFAULT '0', "updated" integer NOT NULL DEFAULT '0', "deleted" integer NOT NULL DEFAULT '0', "skipped" integer NOT NULL DEFAULT '0', "failed" integer NOT NULL DEFAULT '0', "conflicts" integer NOT NULL DEFAULT '0', "phase_timings" jsonb NOT NULL DEFAULT '{}', "attempt" integer NOT NULL DEFAULT '1', "parent_session_id" uuid, "external_ref" text, "triggered_by_kind" text NOT NULL, "triggered_by_id" uuid, "triggered_by_name" text NOT NULL, "status_reason" text, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b529eb6ecea148e1021e4290e8d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "sync_sessions_active" ON "sync_sessions" ("status") WHERE "status" IN ('queued', 'running')`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "sync_sessions_external_ref" ON "sync_sessions" ("integration_id", "external_ref") WHERE "external_ref" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "sync_sessions_integration_history" ON "sync_sessions" ("integration_id", "entity_type", "created_at")`,
    );
    await queryRunner.query(`CREATE INDEX "sync_sessions_history" ON "sync_sessions" ("created_at", "id")`);
    await queryRunner.query(
      `CREATE TYPE "public"."error_category" AS ENUM('network', 'timeout', 'auth', 'rate_limit', 'validation', 'data_integrity', 'conflict', 'remote_server', 'internal')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."error_severity" AS ENUM('info', 'warning', 'error', 'critical')`);
    await queryRunner.query(
      `CREATE TABLE "sync_errors" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "session_id" uuid NOT NULL, "integration_id" uuid NOT NULL, "category" "public"."error_category" NOT NULL, "severity" "public"."error_severity" NOT NULL, "code" text, "message" text NOT NULL, "retryable" boolean NOT NULL, "retry_count" integer NOT NULL, "record_key" text, "request" jsonb, "response" jsonb, "stack" text, "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b58ad1cd2fa9b9642fb722547e1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "sync_errors_created_at" ON "sync_errors" ("created_at")`);
    await queryRunner.query(
      `CREATE INDEX "sync_errors_integration_recent" ON "sync_errors" ("integration_id", "created_at")`,
    );
    await queryRunner.query(`CREATE INDEX "sync_errors_session" ON "sync_errors" ("session_id", "id")`);
    await queryRunner.query(
      `CREATE TYPE "public"."metric_name" AS ENUM('api_latency_ms', 'throughput_rps', 'phase_duration_ms', 'queue_depth', 'cache_hit_rate')`,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_metric_samples" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "session_id" uuid NOT NULL, "integration_id" uuid NOT NULL, "name" "public"."metric_name" NOT NULL, "value" double precision NOT NULL, "labels" jsonb NOT NULL DEFAULT '{}', "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_cd77ac0b4bc6bc06708222a6b87" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "sync_metric_samples_recorded_at" ON "sync_metric_samples" ("recorded_at")`);
    await queryRunner.query(
      `CREATE INDEX "sync_metric_samples_series" ON "sync_metric_samples" ("integration_id", "name", "recorded_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_sessions" ADD CONSTRAINT "FK_5f22b6e5c5f81828f3bdb1dbb25" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_errors" ADD CONSTRAINT "FK_fe3c0c02c55cb827686b651c772" FOREIGN KEY ("session_id") REFERENCES "sync_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_metric_samples" ADD CONSTRAINT "FK_7b3d772a991c0bf2a7dc0acad9f" FOREIGN KEY ("session_id") REFERENCES "sync_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "integrations" ADD "redacted_fields" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `CREATE TYPE "public"."record_action" AS ENUM('create', 'update', 'delete', 'skip', 'fail', 'conflict')`,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_record_logs" ("id" bigint GENERATED ALWAYS AS IDENTITY, "session_id" uuid NOT NULL, "local_key" text, "remote_key" text, "action" "public"."record_action" NOT NULL, "before" json, "after" json, "changed_fields" text[] NOT NULL DEFAULT '{}', "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), PRIMARY KEY ("created_at", "id")) PARTITION BY RANGE ("created_at")`,
    );
    await queryRunner.query(`CREATE INDEX "sync_record_logs_session" ON "sync_record_logs" ("session_id", "id")`);
    await queryRunner.query(
      `CREATE INDEX "sync_record_logs_local_key" ON "sync_record_logs" ("local_key") WHERE "local_key" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "sync_record_logs_remote_key" ON "sync_record_logs" ("remote_key") WHERE "remote_key" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sync_record_logs"`);
    await queryRunner.query(`DROP TYPE "public"."record_action"`);
    await queryRunner.query(`ALTER TABLE "sync_metric_samples" DROP CONSTRAINT "FK_7b3d772a991c0bf2a7dc0acad9f"`);
    await queryRunner.query(`ALTER TABLE "sync_errors" DROP CONSTRAINT "FK_fe3c0c02c55cb827686b651c772"`);
    await queryRunner.query(`ALTER TABLE "sync_sessions" DROP CONSTRAINT "FK_5f22b6e5c5f81828f3bdb1dbb25"`);
    await queryRunner.query(`DROP INDEX "public"."sync_metric_samples_series"`);
    await queryRunner.query(`DROP INDEX "public"."sync_metric_samples_recorded_at"`);
    await queryRunner.query(`DROP TABLE "sync_metric_samples"`);
    await queryRunner.query(`DROP TYPE "public"."metric_name"`);
    await queryRunner.query(`DROP INDEX "public"."sync_errors_session"`);
    await queryRunner.query(`DROP INDEX "public"."sync_errors_integration_recent"`);
    await queryRunner.query(`DROP INDEX "public"."sync_errors_created_at"`);
    await queryRunner.query(`DROP TABLE "sync_errors"`);
    await queryRunner.query(`DROP TYPE "public"."error_severity"`);
    await queryRunner.query(`DROP TYPE "public"."error_category"`);
    await queryRunner.query(`DROP INDEX "public"."sync_sessions_history"`);
    await queryRunner.query(`DROP INDEX "public"."sync_sessions_integration_history"`);
    await queryRunner.query(`DROP INDEX "public"."sync_sessions_external_ref"`);
    await queryRunner.query(`DROP INDEX "public"."sync_sessions_active"`);
    await queryRunner.query(`DROP TABLE "sync_sessions"`);
    await queryRunner.query(`DROP TYPE "public"."sync_stage"`);
    await queryRunner.query(`DROP TYPE "public"."session_status"`);
    await queryRunner.query(`DROP TYPE "public"."sync_trigger"`);
    await queryRunner.query(`DROP TYPE "public"."sync_direction"`);
    await queryRunner.query(`ALTER TABLE "integrations" DROP COLUMN "redacted_fields"`);
  }
}
