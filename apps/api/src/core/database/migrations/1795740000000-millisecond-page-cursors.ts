import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lists paged newest first carry `created_at` in their cursor, and the cursor is read back through a
 * JavaScript Date, which keeps milliseconds only. With microseconds stored, rows created within the
 * same millisecond as a page's last row, but earlier, fell outside the next page's condition and were
 * never listed. Stored at millisecond precision, the cursor's value is exactly the row's.
 */
export class MillisecondPageCursors1795740000000 implements MigrationInterface {
  name = 'MillisecondPageCursors1795740000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of PAGED_BY_CREATION) {
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of PAGED_BY_CREATION) {
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "created_at" TYPE TIMESTAMP WITH TIME ZONE`);
    }
  }
}

const PAGED_BY_CREATION = ['sync_sessions', 'alerts', 'notification_deliveries'];
