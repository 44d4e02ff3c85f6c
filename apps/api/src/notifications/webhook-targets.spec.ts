import { AppConfig, validateConfig } from '../core/config/app-config';
import { WebhookTargets } from './webhook-targets';

const targetsAllowing = (allowed?: string) =>
  new WebhookTargets(Object.assign(new AppConfig(), { WEBHOOK_ALLOWED_HOSTS: allowed }));

describe('WebhookTargets', () => {
  const sut = targetsAllowing(undefined);

  it.each([
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['http://[::1]/hook', 'loopback'],
    ['http://10.1.2.3/', 'private'],
    ['http://172.16.0.9/', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://100.64.0.1/', 'CGNAT'],
    ['http://[fd12:3456::1]/', 'unique-local'],
    ['http://[::ffff:8.8.8.8]/', 'IPv4-mapped'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://2130706433/', 'loopback'],
  ])('refuses %s (%s) for good', async (url, words) => {
    await expect(sut.resolve(url)).rejects.toMatchObject({
      message: expect.stringContaining(`${words} address`),
      retryable: false,
    });
  });

  it('refuses a name that resolves to loopback, saying what it resolved to', async () => {
    await expect(sut.resolve('http://localhost:9/')).rejects.toThrow(
      /^localhost resolves to (127\.0\.0\.1|::1), a loopback address/,
    );
  });

  it('accepts a public address and pins the request to it', async () => {
    const target = await sut.resolve('https://93.184.216.34/hooks?a=1');

    expect(target).toMatchObject({ address: '93.184.216.34', family: 4 });
    expect(target.url.pathname).toBe('/hooks');
  });

  it('allows what WEBHOOK_ALLOWED_HOSTS names: a hostname, an address or a range', async () => {
    await expect(targetsAllowing('localhost').resolve('http://localhost/')).resolves.toMatchObject({
      url: expect.objectContaining({ hostname: 'localhost' }),
    });
    await expect(targetsAllowing('10.0.0.0/8').resolve('http://10.20.30.40/')).resolves.toMatchObject({
      address: '10.20.30.40',
    });
    await expect(targetsAllowing('hooks.internal, fd00::/8').resolve('http://[fd12::1]/')).resolves.toMatchObject({
      address: 'fd12::1',
    });
    await expect(targetsAllowing('10.0.0.0/8').resolve('http://192.168.1.1/')).rejects.toThrow(/private/);
  });

  it('keeps the process from starting with an allow-list entry that is no host, address or range', () => {
    const env = { APP_SECRET: 'a-secret-of-at-least-32-characters-0123', WEBHOOK_ALLOWED_HOSTS: '10.0.0.0/8,http://x' };

    expect(() => validateConfig(env)).toThrow(/WEBHOOK_ALLOWED_HOSTS: must be hostnames, IP addresses or CIDR ranges/);
    expect(validateConfig({ ...env, WEBHOOK_ALLOWED_HOSTS: 'hooks.internal, 10.0.0.0/8,::1' })).toBeInstanceOf(
      AppConfig,
    );
  });
});
