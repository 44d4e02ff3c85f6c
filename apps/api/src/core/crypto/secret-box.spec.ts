import fc from 'fast-check';
import { AppConfig } from '../config/app-config';
import { SecretBox } from './secret-box';

const configWith = (overrides: Partial<AppConfig>): AppConfig =>
  Object.assign(new AppConfig(), { APP_SECRET: 'current-secret-0123456789abcdef0123', ...overrides });

describe('SecretBox', () => {
  const sut = new SecretBox(configWith({}));

  it('opens what it sealed, for any text and row id', () => {
    fc.assert(
      fc.property(fc.string(), fc.uuid(), (plaintext, rowId) => {
        expect(sut.open(sut.seal(plaintext, rowId), rowId)).toBe(plaintext);
      }),
    );
  });

  it('never repeats a ciphertext for the same input (random nonce)', () => {
    const a = sut.seal('same', 'row');
    const b = sut.seal('same', 'row');

    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
  });

  it('refuses another row id and any flipped bit', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.nat(), (plaintext, position) => {
        const sealed = sut.seal(plaintext, 'row-1');
        expect(() => sut.open(sealed, 'row-2')).toThrow();
        const tampered = Buffer.from(sealed.ciphertext);
        tampered[position % tampered.length] ^= 0x01;
        expect(() => sut.open({ ...sealed, ciphertext: tampered }, 'row-1')).toThrow();
      }),
    );
  });

  it('still opens data sealed with a previous secret after rotation', () => {
    const old = new SecretBox(configWith({ APP_SECRET: 'old-secret-0123456789abcdef0123456789' }));
    const sealed = old.seal('token', 'row');
    const rotated = new SecretBox(
      configWith({ APP_SECRET_VERSION: 2, APP_SECRETS_PREVIOUS: '1:old-secret-0123456789abcdef0123456789' }),
    );

    expect(rotated.open(sealed, 'row')).toBe('token');
    expect(rotated.seal('token', 'row').keyVersion).toBe(2);
    expect(() => sut.open({ ...sealed, keyVersion: 7 }, 'row')).toThrow(/version 7/);
  });
});
