import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { decodeCursor, toPage } from '../core/http/cursor';
import type { Actor } from '../auth/principal';
import { AuditEventPage, AuditEventResponse } from './dto/audit-event.response';
import type { AuditQueryDto } from './dto/audit-query.dto';
import { AuditEvent } from './entities/audit-event.entity';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /** Records an action; pass the transaction's manager so the entry commits with the change it describes. */
  async record(actor: Actor, entry: AuditEntry, manager?: EntityManager): Promise<void> {
    await this.recordAll(actor, [entry], manager);
  }

  /** Records one actor's actions in one statement (a bulk action touching many targets). */
  async recordAll(actor: Actor, entries: readonly AuditEntry[], manager?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    const repository = manager?.getRepository(AuditEvent) ?? this.events;
    await repository.save(
      entries.map((entry) =>
        repository.create({
          actorKind: actor.kind,
          actorId: actor.id,
          actorName: actor.name,
          requestId: actor.requestId,
          action: entry.action,
          targetType: entry.targetType,
          targetId: entry.targetId ?? null,
          details: entry.details ?? {},
        }),
      ),
    );
  }

  async list(query: AuditQueryDto): Promise<AuditEventPage> {
    const builder = this.events
      .createQueryBuilder('event')
      .orderBy('event.id', 'DESC')
      .take(query.limit + 1);
    if (query.actorId) builder.andWhere('event.actorId = :actorId', { actorId: query.actorId });
    if (query.action) {
      builder.andWhere('(event.action = :action OR event.action LIKE :family)', {
        action: query.action,
        family: `${query.action.replace(/[\\%_]/g, '\\$&')}.%`,
      });
    }
    if (query.targetType) builder.andWhere('event.targetType = :targetType', { targetType: query.targetType });
    if (query.targetId) builder.andWhere('event.targetId = :targetId', { targetId: query.targetId });
    if (query.from) builder.andWhere('event.createdAt >= :from', { from: query.from });
    if (query.to) builder.andWhere('event.createdAt < :to', { to: query.to });
    if (query.cursor) builder.andWhere('event.id < :before', { before: decodeCursor(query.cursor, 1)[0] });
    const rows = await builder.getMany();
    return toPage(rows, query.limit, (last) => [last.id], AuditEventResponse.from);
  }
}
