import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sync errors become something operators work through: a status (`open`, `resolved`, `ignored`; rows
 * already resolved stay so), who closed one and why, and the latest session that ran its record again
 * (no foreign key: retention may drop that session first). Indexes serve the errors list newest first
 * by status and category (and the summary's groups of open errors), the same within an integration
 * (filters and API keys limited to some integrations), and the search by record key.
 * A session retrying chosen records names their keys in `retry_keys`.
 */
export class ErrorTriage1795731000000 implements MigrationInterface {
  name = 'ErrorTriage1795731000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."error_status" AS ENUM('open', 'resolved', 'ignored')`);
    await queryRunner.query(
      `ALTER TABLE "sync_errors" ADD "status" "public"."error_status" NOT NULL DEFAULT 'open',
         ADD "resolved_by_kind" text, ADD "resolved_by" uuid, ADD "resolved_by_name" text,
         ADD "resolution_note" text, ADD "retry_session_id" uuid`,
    );
    await queryRunner.query(`UPDATE "sync_errors" SET "status" = 'resolved' WHERE "resolved_at" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "sync_errors_triage" ON "sync_errors" ("status", "category", "id")`);
    await queryRunner.query(
      `CREATE INDEX "sync_errors_integration_triage" ON "sync_errors" ("integration_id", "status", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "sync_errors_record_key" ON "sync_errors" ("record_key") WHERE "record_key" IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "sync_sessions" ADD "retry_keys" text array`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_sessions" DROP COLUMN "retry_keys"`);
    await queryRunner.query(`DROP INDEX "public"."sync_errors_record_key"`);
    await queryRunner.query(`DROP INDEX "public"."sync_errors_integration_triage"`);
    await queryRunner.query(`DROP INDEX "public"."sync_errors_triage"`);
    await queryRunner.query(
      `ALTER TABLE "sync_errors" DROP COLUMN "retry_session_id", DROP COLUMN "resolution_note",
         DROP COLUMN "resolved_by_name", DROP COLUMN "resolved_by", DROP COLUMN "resolved_by_kind",
         DROP COLUMN "status"`,
    );
    await queryRunner.query(`DROP TYPE "public"."error_status"`);
  }
}
