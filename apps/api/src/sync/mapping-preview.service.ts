import { Injectable } from '@nestjs/common';
import type { MappingPreviewItem } from '@syncline/contracts';
import type { Principal } from '../auth/principal';
import { openConnector } from '../connectors/open-connector';
import { ApiException } from '../core/errors/api-exception';
import type { Integration } from '../integrations/entities/integration.entity';
import { IntegrationsService } from '../integrations/integrations.service';
import { SessionsService } from '../sessions/sessions.service';
import { SettingsService } from '../settings/settings.service';
import type { MappingPreviewDto } from './dto/mapping-preview.dto';
import { applyMapping, readPath } from './field-mapping';
import { checkFieldMappings } from './sync-settings.schema';

const DEFAULT_SAMPLE = 5;

/** Shows what a mapping (saved or being edited) makes of sample records, before anything is written. */
@Injectable()
export class MappingPreviewService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly integrations: IntegrationsService,
    private readonly settings: SettingsService,
  ) {}

  async preview(integrationId: string, dto: MappingPreviewDto, principal: Principal): Promise<MappingPreviewItem[]> {
    const integration = await this.sessions.integrationFor(integrationId, principal);
    if (!integration.entityTypes.includes(dto.entityType)) {
      throw ApiException.invalidField('entityType', `must be one of ${integration.entityTypes.join(', ')}`);
    }
    const saved = integration.entities.find((entity) => entity.entityType === dto.entityType);
    const inbound = dto.direction === 'inbound';
    const mapping = dto.mapping ?? (inbound ? saved?.toLocal : saved?.toRemote);
    if (!mapping) throw ApiException.invalidField('mapping', `is required: ${dto.entityType} has no saved mapping`);
    const problems = checkFieldMappings(mapping, 'mapping');
    if (problems.length > 0) throw ApiException.invalid(problems);

    const keyField = inbound ? (saved?.remoteKey ?? 'id') : (saved?.localKey ?? 'id');
    const records = dto.records ?? (await this.sample(integration, inbound ? 'remote' : 'local', dto));
    return records.map((before) => {
      const { record, problems: recordProblems } = applyMapping(before, mapping);
      const key = readPath(before, keyField);
      return {
        key: key === undefined || key === null ? null : String(key),
        before,
        after: record,
        problems: recordProblems,
      };
    });
  }

  /** The first records of the source side's feed. */
  private async sample(
    integration: Integration,
    side: 'local' | 'remote',
    dto: MappingPreviewDto,
  ): Promise<Record<string, unknown>[]> {
    const connector = openConnector(side === 'local' ? integration.local : integration.remote, {
      entityType: dto.entityType,
      credentials: await this.integrations.readCredentials(integration.id),
      side,
      retry: this.settings.sync().retry,
    });
    try {
      const page = await connector.listChanged(null, dto.limit ?? DEFAULT_SAMPLE);
      return page.records.flatMap((record) => (record.data ? [record.data] : [])).slice(0, dto.limit ?? DEFAULT_SAMPLE);
    } finally {
      await connector.close();
    }
  }
}
