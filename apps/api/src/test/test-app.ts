import { randomBytes } from 'node:crypto';
import { DiscoveryModule } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Role } from '@syncline/contracts';
import Redis from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { configureApp } from '../core/http/configure-app';

export const TEST_ADMIN = { email: 'admin@example.test', password: 'correct-horse-battery' };
const POSTGRES = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh database name and Redis prefix per test file, so files run in parallel and twice in a row. */
export function isolatedEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const name = `syncline_test_${randomBytes(5).toString('hex')}`;
  return {
    NODE_ENV: 'test',
    DATABASE_URL: `${POSTGRES}/${name}`,
    REDIS_URL,
    REDIS_PREFIX: name,
    APP_SECRET: 'test-secret-0123456789abcdef0123456789abcdef',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_ATTEMPTS_PER_MINUTE: '100000',
    ...overrides,
  };
}

/** Drops what an isolated environment created: its database and its Redis keys. */
export async function dropIsolated(env: Record<string, string>): Promise<void> {
  const url = new URL(env.DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${env.REDIS_PREFIX}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}

export interface TestApp {
  app: NestExpressApplication;
  dataSource: DataSource;
  env: Record<string, string>;
  http: () => ReturnType<typeof request>;
  /** A bearer token for a user of that role (the first admin for `admin`). */
  tokenFor: (role: Role) => Promise<string>;
  /** Creates an integration between two CSV files in `directory` (nothing runs against them) and returns its id. */
  csvIntegration: (key: string, entityTypes?: string[], directory?: string) => Promise<string>;
  close: () => Promise<void>;
}

/** The real HTTP app (all modules, real PostgreSQL and Redis) on an isolated database and prefix. */
export async function createTestApp(
  overrides: Record<string, string> = {},
  customise: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<TestApp> {
  const env = isolatedEnv(overrides);
  Object.assign(process.env, env);
  const moduleRef = await customise(Test.createTestingModule({ imports: [AppModule, DiscoveryModule] })).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  configureApp(app);
  await app.init();
  const http = () => request(app.getHttpServer());
  const tokens = new Map<Role, string>();

  const login = async (email: string, password: string): Promise<string> => {
    const response = await http().post('/api/v1/auth/login').send({ email, password }).expect(200);
    return (response.body as { token: string }).token;
  };

  const tokenFor = async (role: Role): Promise<string> => {
    const known = tokens.get(role);
    if (known) return known;
    const adminToken = tokens.get('admin') ?? (await login(TEST_ADMIN.email, TEST_ADMIN.password));
    tokens.set('admin', adminToken);
    if (role === 'admin') return adminToken;
    const user = {
      email: `${role}-${randomBytes(3).toString('hex')}@example.test`,
      password: 'a-long-password-1',
      name: role,
      role,
    };
    await http().post('/api/v1/users').auth(adminToken, { type: 'bearer' }).send(user).expect(201);
    const token = await login(user.email, user.password);
    tokens.set(role, token);
    return token;
  };

  const csvIntegration = async (key: string, entityTypes = ['vehicle'], directory = '/data'): Promise<string> => {
    const { body } = await http()
      .post('/api/v1/integrations')
      .auth(await tokenFor('admin'), { type: 'bearer' })
      .send({
        key,
        name: key,
        provider: 'test',
        local: { type: 'csv', path: `${directory}/${key}-local.csv`, keyColumn: 'id' },
        remote: { type: 'csv', path: `${directory}/${key}-remote.csv`, keyColumn: 'id' },
        entityTypes,
      })
      .expect(201);
    return (body as { id: string }).id;
  };

  return {
    app,
    env,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    http,
    tokenFor,
    csvIntegration,
    close: async () => {
      await app.close();
      await dropIsolated(env);
    },
  };
}
