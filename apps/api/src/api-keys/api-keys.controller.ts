import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRole, type RequestActor } from '../auth/principal';
import { UuidParam } from '../core/http/uuid-param';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyResponse, CreateApiKeyDto, CreatedApiKeyResponse } from './dto/api-key.dto';

@ApiTags('api-keys')
@RequireRole('admin')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  list(): Promise<ApiKeyResponse[]> {
    return this.apiKeys.list();
  }

  /** Creates a key and returns it once; only its digest is stored. */
  @Post()
  create(@Body() dto: CreateApiKeyDto, @CurrentActor() actor: RequestActor): Promise<CreatedApiKeyResponse> {
    return this.apiKeys.create(dto, actor);
  }

  /** Revokes a key at once; it stays listed for the audit trail. */
  @Delete(':id')
  @HttpCode(204)
  revoke(@UuidParam() id: string, @CurrentActor() actor: RequestActor): Promise<void> {
    return this.apiKeys.revoke(id, actor);
  }
}
