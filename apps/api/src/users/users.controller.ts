import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRole, type RequestActor } from '../auth/principal';
import { UuidParam } from '../core/http/uuid-param';
import { CreateUserDto, UpdateUserDto, UserResponse } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@RequireRole('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(): Promise<UserResponse[]> {
    return this.users.list();
  }

  @Get(':id')
  get(@UuidParam() id: string): Promise<UserResponse> {
    return this.users.get(id);
  }

  @Post()
  create(@Body() dto: CreateUserDto, @CurrentActor() actor: RequestActor): Promise<UserResponse> {
    return this.users.create(dto, actor);
  }

  @Patch(':id')
  update(
    @UuidParam() id: string,
    @Body() dto: UpdateUserDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<UserResponse> {
    return this.users.update(id, dto, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@UuidParam() id: string, @CurrentActor() actor: RequestActor): Promise<void> {
    return this.users.remove(id, actor);
  }
}
