import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/password-hasher';
import { UserSession } from '../auth/entities/user-session.entity';
import { SYSTEM, type Actor } from '../auth/principal';
import { AppConfig } from '../core/config/app-config';
import { ApiException } from '../core/errors/api-exception';
import { CreateUserDto, UpdateUserDto, UserResponse } from './dto/user.dto';
import { User } from './entities/user.entity';

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** The first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD, once, when there are no users at all. */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.config;
    if (!email || !password) {
      this.logger.warn('No users exist: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first admin');
      return;
    }
    const passwordHash = await hashPassword(password);
    const result = await this.users
      .createQueryBuilder()
      .insert()
      .values({ email: email.toLowerCase(), name: 'Administrator', role: 'admin', passwordHash })
      .orIgnore()
      .execute();
    if (result.identifiers.length > 0) {
      await this.audit.record(SYSTEM, {
        action: 'user.created',
        targetType: 'user',
        details: { email, role: 'admin' },
      });
      this.logger.log(`Created the first admin ${email}`);
    }
  }

  async list(): Promise<UserResponse[]> {
    return (await this.users.find({ order: { createdAt: 'ASC' } })).map(UserResponse.from);
  }

  async get(id: string): Promise<UserResponse> {
    return UserResponse.from(await this.find(id));
  }

  async create(dto: CreateUserDto, actor: Actor): Promise<UserResponse> {
    if (await this.users.existsBy({ email: dto.email })) {
      throw new ApiException('conflict', `A user with email ${dto.email} already exists`, [
        { field: 'email', reason: 'is already taken' },
      ]);
    }
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.save(manager.create(User, { ...dto, passwordHash }));
      await this.audit.record(
        actor,
        {
          action: 'user.created',
          targetType: 'user',
          targetId: user.id,
          details: { email: user.email, role: user.role },
        },
        manager,
      );
      return UserResponse.from(user);
    });
  }

  async update(id: string, dto: UpdateUserDto, actor: Actor): Promise<UserResponse> {
    const user = await this.find(id);
    const losesAdmin = user.role === 'admin' && ((dto.role && dto.role !== 'admin') || dto.disabled === true);
    if (losesAdmin) await this.assertAnotherAdmin(user.id);
    const { password, ...changes } = dto;
    Object.assign(user, changes);
    if (password) user.passwordHash = await hashPassword(password);
    return this.dataSource.transaction(async (manager) => {
      await manager.save(user);
      if (password || dto.disabled) await manager.delete(UserSession, { user: { id } });
      await this.audit.record(
        actor,
        {
          action: 'user.updated',
          targetType: 'user',
          targetId: id,
          details: { ...changes, passwordChanged: !!password },
        },
        manager,
      );
      return UserResponse.from(user);
    });
  }

  async remove(id: string, actor: Actor): Promise<void> {
    const user = await this.find(id);
    if (user.id === actor.id) throw new ApiException('conflict', 'You cannot delete your own account');
    if (user.role === 'admin') await this.assertAnotherAdmin(user.id);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(User, { id });
      await this.audit.record(
        actor,
        { action: 'user.deleted', targetType: 'user', targetId: id, details: { email: user.email } },
        manager,
      );
    });
  }

  private async find(id: string): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw ApiException.notFound('User', id);
    return user;
  }

  private async assertAnotherAdmin(exceptId: string): Promise<void> {
    const admins = await this.users.countBy({ role: 'admin', disabled: false });
    const isOnlyAdmin = admins <= 1 && (await this.users.existsBy({ id: exceptId, role: 'admin', disabled: false }));
    if (isOnlyAdmin) throw new ApiException('conflict', 'Syncline needs at least one active admin');
  }
}
