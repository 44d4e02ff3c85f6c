import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/principal';
import { AuditService } from './audit.service';
import { AuditEventPage } from './dto/audit-event.response';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@RequireRole('operator')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The audit trail, newest first. */
  @Get()
  list(@Query() query: AuditQueryDto): Promise<AuditEventPage> {
    return this.audit.list(query);
  }
}
