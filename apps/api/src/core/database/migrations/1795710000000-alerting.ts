import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alert rules and alerts. One open alert per fingerprint (a partial unique index), so a condition
 * noticed by several processes at once still opens a single alert and counts the repeats.
 */
export class Alerting1795710000000 implements MigrationInterface {
  name = 'Alerting1795710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."alert_type" AS ENUM('sync_failure', 'consecutive_failures', 'performance_degradation', 'high_error_rate', 'integration_down', 'no_recent_sync', 'data_quality_issue', 'conflict_spike', 'authentication_failure', 'rate_limit_exceeded', 'timeout_threshold', 'resource_exhaustion')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."alert_severity" AS ENUM('info', 'warning', 'error', 'critical')`);
    await queryRunner.query(
      `CREATE TYPE "public"."alert_status" AS ENUM('firing', 'acknowledged', 'suppressed', 'resolved')`,
    );
    await queryRunner.query(
      `CREATE TABLE "alert_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "type" "public"."alert_type" NOT NULL, "integration_id" uuid, "entity_type" text, "severity" "public"."alert_severity" NOT NULL, "params" jsonb NOT NULL DEFAULT '{}', "channel_ids" uuid array NOT NULL DEFAULT '{}', "suppression_minutes" integer NOT NULL, "escalation" jsonb NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "built_in" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ae580564f087ffab9d229225aec" PRIMARY KEY ("id"), CONSTRAINT "FK_e3057a5d1e96e28e6c4ca19edbd" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "alert_rules_one_built_in" ON "alert_rules" ("type", "integration_id") WHERE "built_in"`,
    );
    await queryRunner.query(
      `CREATE TABLE "alerts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "rule_id" uuid, "type" "public"."alert_type" NOT NULL, "severity" "public"."alert_severity" NOT NULL, "status" "public"."alert_status" NOT NULL, "fingerprint" text NOT NULL, "integration_id" uuid, "entity_type" text, "session_id" uuid, "title" text NOT NULL, "message" text NOT NULL, "details" jsonb NOT NULL DEFAULT '{}', "count" integer NOT NULL DEFAULT '1', "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "notified_at" TIMESTAMP WITH TIME ZONE, "notification_skipped" text, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" jsonb, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by" jsonb, "resolution" text, "suppressed_until" TIMESTAMP WITH TIME ZONE, "escalated_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_60f895662df096bfcdfab7f4b96" PRIMARY KEY ("id"), CONSTRAINT "FK_a03c8afb3e29b85c8feccd730ef" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_429a635b328e7f560017d91ae7f" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE INDEX "alerts_integration_recent" ON "alerts" ("integration_id", "created_at")`);
    await queryRunner.query(`CREATE INDEX "alerts_history" ON "alerts" ("created_at", "id")`);
    await queryRunner.query(`CREATE INDEX "alerts_open" ON "alerts" ("last_seen_at") WHERE "status" <> 'resolved'`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "alerts_one_open_per_fingerprint" ON "alerts" ("fingerprint") WHERE "status" <> 'resolved'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "alerts"`);
    await queryRunner.query(`DROP TABLE "alert_rules"`);
    await queryRunner.query(`DROP TYPE "public"."alert_status"`);
    await queryRunner.query(`DROP TYPE "public"."alert_severity"`);
    await queryRunner.query(`DROP TYPE "public"."alert_type"`);
  }
}
