import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { roleAtLeast, type Role } from '@syncline/contracts';
import { ApiException } from '../core/errors/api-exception';
import { AuthService } from './auth.service';
import { presentedCredential } from './credentials';
import { IS_PUBLIC, REQUIRED_ROLE, type AuthenticatedRequest } from './principal';

/** Guards every HTTP route by default: 401 without valid credentials, 403 below the route's role. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credential = presentedCredential(request);
    const principal = credential && (await this.auth.authenticate(credential));
    if (!principal) {
      throw new ApiException(
        'unauthenticated',
        'Sign in, or send an API key as `Authorization: Bearer` or `X-API-Key`',
      );
    }
    const required = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? 'viewer';
    if (!roleAtLeast(principal.role, required)) {
      throw new ApiException('forbidden', `This needs the ${required} role; you have ${principal.role}`);
    }
    request.principal = principal;
    return true;
  }
}
