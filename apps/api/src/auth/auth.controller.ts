import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SESSION_COOKIE } from '@syncline/contracts';
import type { Response } from 'express';
import { AppConfig } from '../core/config/app-config';
import { LoginThrottled } from '../core/security/login-throttled';
import { AuthService } from './auth.service';
import { LoginDto, LoginResponseDto, MeResponse } from './dto/login.dto';
import { CurrentActor, Public, type RequestActor, type AuthenticatedRequest } from './principal';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  /** Signs in: sets an httpOnly session cookie and returns the same token for scripts. */
  @Public()
  @LoginThrottled()
  @Post('login')
  @HttpCode(200)
  async login(
    @Body() dto: LoginDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponseDto> {
    const result = await this.auth.login(dto, {
      ip: request.ip ?? null,
      userAgent: request.headers['user-agent'] ?? null,
      requestId: request.id ? String(request.id) : null,
    });
    response.cookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.NODE_ENV === 'production',
      expires: new Date(result.expiresAt),
      path: '/',
    });
    return result;
  }

  /** Ends the current session (a no-op for API keys). */
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentActor() actor: RequestActor, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.logout(actor);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  /** Who the credentials belong to. */
  @Get('me')
  me(@CurrentActor() actor: RequestActor): MeResponse {
    return { kind: actor.kind, id: actor.id, name: actor.name, role: actor.role, integrationIds: actor.integrationIds };
  }
}
