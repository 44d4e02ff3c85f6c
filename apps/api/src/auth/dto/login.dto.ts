import type { LoginRequest, LoginResponse, MeView, PrincipalKind, Role } from '@syncline/contracts';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength } from 'class-validator';
import { UserResponse } from '../../users/dto/user.dto';

export class LoginDto implements LoginRequest {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({ require_tld: false })
  email: string;

  @IsString()
  @MaxLength(200)
  password: string;
}

export class LoginResponseDto implements LoginResponse {
  user: UserResponse;
  token: string;
  expiresAt: string;
}

export class MeResponse implements MeView {
  kind: PrincipalKind;
  id: string;
  name: string;
  role: Role;
  integrationIds: string[] | null;
}
