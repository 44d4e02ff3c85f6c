import {
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  ALERT_TYPES,
  type AlertNoteRequest,
  type AlertQuery,
  type AlertSeverity,
  type AlertStatus,
  type AlertType,
  type SuppressAlertRequest,
} from '@syncline/contracts';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../core/http/page-query.dto';

export class AlertQueryDto extends PageQueryDto implements AlertQuery {
  @IsOptional()
  @IsIn(ALERT_STATUSES)
  status?: AlertStatus;

  @IsOptional()
  @IsIn(ALERT_SEVERITIES)
  severity?: AlertSeverity;

  @IsOptional()
  @IsIn(ALERT_TYPES)
  type?: AlertType;

  @IsOptional()
  @IsUUID()
  integrationId?: string;
}

export class AlertNoteDto implements AlertNoteRequest {
  /** Kept with the alert and in the audit trail. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class SuppressAlertDto extends AlertNoteDto implements SuppressAlertRequest {
  /** Until when notifications and escalation stay quiet; the alert fires again after, if still open. */
  @IsISO8601({ strict: true })
  until: string;
}
