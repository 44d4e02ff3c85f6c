import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DeliveryStatus, Page } from '@syncline/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiException } from '../core/errors/api-exception';
import { decodeCursor, toPage } from '../core/http/cursor';
import type { PageQueryDto } from '../core/http/page-query.dto';
import { NotificationDeliveryResponse } from './dto/notification-delivery.dto';
import { NotificationDelivery } from './entities/notification-delivery.entity';

const HOUR_MS = 3_600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The sweep looks at this many of the oldest pending deliveries per run. */
const SWEEP_BATCH = 1000;

/** Deliveries and all of their SQL. */
@Injectable()
export class NotificationDeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Stores a new delivery, or returns the one already stored under its id (the same notification
   * dispatched again). With `hourlyLimit`, it is stored `rate_limited` when the channel already has that
   * many `fired` deliveries of the alert type in the last hour. A lock per channel and alert type makes
   * concurrent dispatches count each other and see each other's rows.
   */
  record(delivery: NotificationDelivery, hourlyLimit: number | null): Promise<NotificationDelivery> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        `notifications:${delivery.channelId}:${delivery.alertType}`,
      ]);
      const existing = await manager.findOneBy(NotificationDelivery, { id: delivery.id });
      if (existing) return existing;
      if (hourlyLimit !== null && (await this.firedLastHour(manager, delivery)) >= hourlyLimit) {
        delivery.status = 'rate_limited';
      }
      return manager.save(delivery);
    });
  }

  findById(id: string): Promise<NotificationDelivery | null> {
    return this.dataSource.getRepository(NotificationDelivery).findOne({ where: { id }, relations: { channel: true } });
  }

  /** Counts one attempt and its outcome; only a pending delivery changes, so a duplicate run cannot undo a result. */
  async recordAttempt(id: string, status: DeliveryStatus, error: string | null): Promise<NotificationDelivery> {
    await this.dataSource
      .getRepository(NotificationDelivery)
      .createQueryBuilder()
      .update()
      .set({
        attempts: () => 'attempts + 1',
        status,
        lastError: error,
        sentAt: status === 'sent' ? new Date() : null,
      })
      .where({ id, status: 'pending' })
      .execute();
    return this.dataSource.getRepository(NotificationDelivery).findOneByOrFail({ id });
  }

  async pendingIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM notification_deliveries WHERE status = 'pending' ORDER BY created_at LIMIT $1`,
      [SWEEP_BATCH],
    );
    return rows.map((row) => row.id);
  }

  /** A channel's deliveries, newest first. */
  async page(channelId: string, query: PageQueryDto): Promise<Page<NotificationDeliveryResponse>> {
    const builder = this.dataSource
      .getRepository(NotificationDelivery)
      .createQueryBuilder('delivery')
      .where('delivery.channelId = :channelId', { channelId })
      .orderBy('delivery.createdAt', 'DESC')
      .addOrderBy('delivery.id', 'DESC')
      .take(query.limit + 1);
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, 2);
      if (Number.isNaN(Date.parse(createdAt)) || !UUID.test(id)) {
        throw ApiException.invalidField('cursor', 'is not a cursor returned by this list');
      }
      builder.andWhere('(delivery.createdAt, delivery.id) < (:createdAt, :id)', { createdAt, id });
    }
    const rows = await builder.getMany();
    return toPage(
      rows,
      query.limit,
      (last) => [last.createdAt.toISOString(), last.id],
      NotificationDeliveryResponse.from,
    );
  }

  private async firedLastHour(manager: EntityManager, delivery: NotificationDelivery): Promise<number> {
    const [{ count }]: { count: number }[] = await manager.query(
      `SELECT count(*)::int AS count FROM notification_deliveries
        WHERE channel_id = $1 AND alert_type = $2 AND kind = 'fired' AND status IN ('pending', 'sent')
          AND created_at > $3`,
      [delivery.channelId, delivery.alertType, new Date(delivery.createdAt.getTime() - HOUR_MS)],
    );
    return count;
  }
}
