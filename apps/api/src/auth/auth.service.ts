import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { SESSION_TOKEN_PREFIX } from '@syncline/contracts';
import { DataSource, LessThan, type Repository } from 'typeorm';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../core/config/app-config';
import { digestToken, generateToken } from '../core/crypto/tokens';
import { ApiException } from '../core/errors/api-exception';
import { UserResponse } from '../users/dto/user.dto';
import { User } from '../users/entities/user.entity';
import type { PresentedCredential } from './credentials';
import type { LoginDto, LoginResponseDto } from './dto/login.dto';
import { UserSession } from './entities/user-session.entity';
import { hashPassword, verifyPassword } from './password-hasher';
import type { Actor, Principal, RequestActor } from './principal';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** Verified against when the email is unknown, so both failures take the same time. */
  private readonly decoyHash = hashPassword('decoy password, never matches');

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(UserSession) private readonly sessions: Repository<UserSession>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async login(dto: LoginDto, client: ClientInfo): Promise<LoginResponseDto> {
    const user = await this.users.findOneBy({ email: dto.email });
    const passwordMatches = await verifyPassword(user?.passwordHash ?? (await this.decoyHash), dto.password);
    if (!user || !passwordMatches || user.disabled) {
      this.logger.warn({ email: dto.email, ip: client.ip }, 'Failed sign-in');
      throw new ApiException('unauthenticated', 'The email or password is wrong');
    }
    const token = generateToken(SESSION_TOKEN_PREFIX);
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_HOURS * 3600_000);
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(UserSession, {
        user,
        tokenDigest: digestToken(token),
        expiresAt,
        ip: client.ip,
        userAgent: client.userAgent?.slice(0, 500) ?? null,
      });
      user.lastLoginAt = new Date();
      await manager.update(User, user.id, { lastLoginAt: user.lastLoginAt });
      const actor: Actor = {
        kind: 'user',
        id: user.id,
        name: user.name,
        role: user.role,
        integrationIds: null,
        requestId: client.requestId,
      };
      await this.audit.record(
        actor,
        { action: 'auth.login', targetType: 'user', targetId: user.id, details: { ip: client.ip } },
        manager,
      );
    });
    return { user: UserResponse.from(user), token, expiresAt: expiresAt.toISOString() };
  }

  async logout(actor: RequestActor): Promise<void> {
    if (!actor.sessionId) return;
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(UserSession, { id: actor.sessionId });
      await this.audit.record(actor, { action: 'auth.logout', targetType: 'user', targetId: actor.id }, manager);
    });
  }

  async authenticate(credential: PresentedCredential): Promise<Principal | null> {
    if (credential.kind === 'api_key') return this.apiKeys.authenticate(credential.key);
    const session = await this.sessions.findOneBy({ tokenDigest: digestToken(credential.token) });
    if (!session || session.expiresAt <= new Date() || session.user.disabled) return null;
    const { user } = session;
    return { kind: 'user', id: user.id, name: user.name, role: user.role, integrationIds: null, sessionId: session.id };
  }

  async purgeExpiredSessions(): Promise<number> {
    const result = await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    return result.affected ?? 0;
  }
}
