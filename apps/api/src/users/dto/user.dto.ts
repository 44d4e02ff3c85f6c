import { ROLES, type CreateUserRequest, type Role, type UpdateUserRequest, type UserView } from '@syncline/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';
import type { User } from '../entities/user.entity';

const lowerCased = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class CreateUserDto implements CreateUserRequest {
  @Transform(lowerCased)
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email: string;

  @IsString()
  @Length(1, 100)
  name: string;

  @IsIn(ROLES)
  role: Role;

  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password: string;
}

export class UpdateUserDto implements UpdateUserRequest {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password?: string;

  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class UserResponse implements UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;

  static from(user: User): UserResponse {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      disabled: user.disabled,
      lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
    };
  }
}
