import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notification channels and their deliveries. A webhook's signing secret is sealed like integration
 * credentials (row id as associated data, key version for rotation). Deliveries keep the alert as sent
 * and count every attempt; `alert_id` has no foreign key, as a delivery record outlives its alert.
 * Indexes serve a channel's recent deliveries, the email rate limit (recent deliveries of a channel for
 * an alert type) and the sweep that queues again pending deliveries Redis lost.
 */
export class Notifications1795720000000 implements MigrationInterface {
  name = 'Notifications1795720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."notification_channel_type" AS ENUM('email', 'webhook', 'in_app', 'live')`,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_channels" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "type" "public"."notification_channel_type" NOT NULL, "config" jsonb NOT NULL, "secret_ciphertext" bytea, "secret_key_version" integer, "enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_69dd6d53a1bdc77cf870f8713ab" UNIQUE ("name"), CONSTRAINT "PK_3bc0cb5b60e8659f5fc859b2af0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."notification_kind" AS ENUM('fired', 'escalated', 'resolved', 'test')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."notification_delivery_status" AS ENUM('pending', 'sent', 'failed', 'rate_limited')`,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_deliveries" ("id" uuid NOT NULL, "channel_id" uuid NOT NULL, "alert_id" uuid, "alert_type" text, "kind" "public"."notification_kind" NOT NULL, "status" "public"."notification_delivery_status" NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_81daeff81f237bd384f7cfc4a4c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "notification_deliveries_pending" ON "notification_deliveries" ("created_at") WHERE "status" = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "notification_deliveries_by_alert_type" ON "notification_deliveries" ("channel_id", "alert_type", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "notification_deliveries_channel_recent" ON "notification_deliveries" ("channel_id", "created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" ADD CONSTRAINT "FK_cb8fc3f1c2debe694670bc9d655" FOREIGN KEY ("channel_id") REFERENCES "notification_channels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification_deliveries" DROP CONSTRAINT "FK_cb8fc3f1c2debe694670bc9d655"`);
    await queryRunner.query(`DROP INDEX "public"."notification_deliveries_channel_recent"`);
    await queryRunner.query(`DROP INDEX "public"."notification_deliveries_by_alert_type"`);
    await queryRunner.query(`DROP INDEX "public"."notification_deliveries_pending"`);
    await queryRunner.query(`DROP TABLE "notification_deliveries"`);
    await queryRunner.query(`DROP TYPE "public"."notification_delivery_status"`);
    await queryRunner.query(`DROP TYPE "public"."notification_kind"`);
    await queryRunner.query(`DROP TABLE "notification_channels"`);
    await queryRunner.query(`DROP TYPE "public"."notification_channel_type"`);
  }
}
