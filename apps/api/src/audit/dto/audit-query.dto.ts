import type { AuditQuery } from '@syncline/contracts';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../core/http/page-query.dto';

export class AuditQueryDto extends PageQueryDto implements AuditQuery {
  @IsOptional()
  @IsUUID()
  actorId?: string;

  /** An action (`integration.created`) or a family of actions (`integration`). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  targetType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  targetId?: string;

  @IsOptional()
  @IsISO8601()
  from?: string;

  @IsOptional()
  @IsISO8601()
  to?: string;
}
