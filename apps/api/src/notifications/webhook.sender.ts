import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Injectable } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { AppConfig } from '../core/config/app-config';
import { DeliveryError } from './delivery-error';
import { WebhookTargets, type WebhookTarget } from './webhook-targets';

/** Enough of a refusing receiver's answer to say why in the delivery's last error. */
const ERROR_EXCERPT_CHARS = 200;
const SIGNING_SECRET_PREFIX = 'whsec_';

/** A new signing secret, Standard Webhooks style: `whsec_` and 32 random bytes in base64. */
export function generateSigningSecret(): string {
  return SIGNING_SECRET_PREFIX + randomBytes(32).toString('base64');
}

/**
 * The signature headers of one attempt: Standard Webhooks' `webhook-id`, `webhook-timestamp` and
 * `webhook-signature` (`v1,` base64 HMAC-SHA256 of `id.timestamp.body`), and `X-Syncline-Signature`
 * (`t=<timestamp>,v1=<hex HMAC-SHA256 of "timestamp.body">`) for receivers that check only the body;
 * both keyed with the secret's bytes (the base64 after `whsec_`).
 */
function signatureHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  const key = Buffer.from(secret.slice(SIGNING_SECRET_PREFIX.length), 'base64');
  const hex = createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': new Webhook(secret).sign(id, new Date(timestamp * 1000), body),
    'x-syncline-signature': `t=${timestamp},v1=${hex}`,
  };
}

/** 408, 429 and 5xx may pass later; any other answer (a redirect, 410 Gone, other 4xx) will not. */
function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * POSTs signed JSON to a checked address: the request connects to the address the host resolved to
 * when checked (no second lookup a DNS rebinding could answer differently), follows no redirect and
 * gives up after NOTIFICATION_TIMEOUT_MS.
 */
@Injectable()
export class WebhookSender {
  constructor(
    private readonly targets: WebhookTargets,
    private readonly config: AppConfig,
  ) {}

  async send(url: string, secret: string, id: string, body: string): Promise<void> {
    const target = await this.targets.resolve(url);
    const headers = signatureHeaders(secret, id, new Date(), body);
    const { status, excerpt } = await this.post(target, body, headers).catch((error: Error) => {
      const reason =
        error.name === 'AbortError' ? `timed out after ${this.config.NOTIFICATION_TIMEOUT_MS} ms` : error.message;
      throw new DeliveryError(`${target.url.host}: ${reason}`, true);
    });
    if (status >= 200 && status < 300) return;
    const answer = excerpt ? `: ${excerpt}` : '';
    throw new DeliveryError(`${target.url.host} answered HTTP ${status}${answer}`, retryableStatus(status));
  }

  private post(
    target: WebhookTarget,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; excerpt: string }> {
    const { url, address, family } = target;
    const pinned = ((_hostname, options, callback) => {
      if (options.all) callback(null, [{ address, family }]);
      else callback(null, address, family);
    }) as LookupFunction;
    return new Promise((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).request(
        url,
        {
          method: 'POST',
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'Syncline-Webhooks/1',
          },
          lookup: pinned,
          // A fresh connection each time: a pooled socket could lead to an address checked long ago.
          agent: false,
          signal: AbortSignal.timeout(this.config.NOTIFICATION_TIMEOUT_MS),
        },
        (response) => {
          let excerpt = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            if (excerpt.length < ERROR_EXCERPT_CHARS) excerpt += chunk;
          });
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, excerpt: excerpt.slice(0, ERROR_EXCERPT_CHARS).trim() }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}
