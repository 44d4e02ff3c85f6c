import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedSecret {
  /** nonce ‖ ciphertext ‖ auth tag */
  ciphertext: Buffer;
  keyVersion: number;
}

/**
 * Encrypts secrets at rest with AES-256-GCM. The row id is bound as associated data, so a ciphertext
 * copied onto another row does not decrypt; the key version allows rotating APP_SECRET.
 */
@Injectable()
export class SecretBox {
  private readonly keys = new Map<number, Buffer>();
  private readonly currentVersion: number;

  constructor(config: AppConfig) {
    this.currentVersion = config.APP_SECRET_VERSION;
    this.keys.set(config.APP_SECRET_VERSION, deriveKey(config.APP_SECRET));
    for (const pair of config.APP_SECRETS_PREVIOUS?.split(',') ?? []) {
      const separator = pair.indexOf(':');
      this.keys.set(Number(pair.slice(0, separator)), deriveKey(pair.slice(separator + 1)));
    }
  }

  seal(plaintext: string, associatedData: string): SealedSecret {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keyFor(this.currentVersion), nonce);
    cipher.setAAD(Buffer.from(associatedData));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext: Buffer.concat([nonce, body, cipher.getAuthTag()]), keyVersion: this.currentVersion };
  }

  open(sealed: SealedSecret, associatedData: string): string {
    const { ciphertext } = sealed;
    const decipher = createDecipheriv(ALGORITHM, this.keyFor(sealed.keyVersion), ciphertext.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_BYTES));
    const body = ciphertext.subarray(NONCE_BYTES, ciphertext.length - TAG_BYTES);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }

  private keyFor(version: number): Buffer {
    const key = this.keys.get(version);
    if (!key) throw new Error(`No encryption key for version ${version}: add it to APP_SECRETS_PREVIOUS`);
    return key;
  }
}

function deriveKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'syncline', 'credentials-encryption', 32));
}
