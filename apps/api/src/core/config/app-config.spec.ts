import fc from 'fast-check';
import { validateConfig } from './app-config';

const SECRET = 'a'.repeat(32);

describe('validateConfig', () => {
  it('fills defaults for a minimal environment', () => {
    const sut = validateConfig({ APP_SECRET: SECRET });

    expect(sut).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/syncline',
      REDIS_URL: 'redis://127.0.0.1:6379',
      APP_SECRET_VERSION: 1,
    });
  });

  it('refuses to start without APP_SECRET, naming it and how to get one', () => {
    expect(() => validateConfig({})).toThrow(/APP_SECRET: is required: run `pnpm start`/);
  });

  it('names every bad variable', () => {
    const attempt = () => validateConfig({ APP_SECRET: 'short', PORT: 'eighty', DATABASE_URL: 'mysql://x/y' });

    expect(attempt).toThrow(/APP_SECRET/);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/DATABASE_URL/);
  });

  it('rejects every port outside 0-65535', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 65536 })), (port) => {
        expect(() => validateConfig({ APP_SECRET: SECRET, PORT: String(port) })).toThrow(/PORT/);
      }),
    );
  });
});
