import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../core/config/app-config';
import type { AlertMessage } from './alert-message';
import { DeliveryError } from './delivery-error';

/** Sends email over SMTP_URL; without it, every email delivery fails saying so. */
@Injectable()
export class EmailSender implements OnApplicationShutdown {
  private readonly transport: Transporter | null;

  constructor(private readonly config: AppConfig) {
    const timeout = config.NOTIFICATION_TIMEOUT_MS;
    this.transport = config.SMTP_URL
      ? createTransport({
          url: config.SMTP_URL,
          connectionTimeout: timeout,
          greetingTimeout: timeout,
          socketTimeout: timeout,
        })
      : null;
  }

  async send(to: string[], message: AlertMessage): Promise<void> {
    if (!this.transport) throw new DeliveryError('SMTP_URL is not set, so Syncline cannot send email', false);
    try {
      await this.transport.sendMail({ from: this.config.SMTP_FROM, to, ...message });
    } catch (error) {
      // 5xx is the server's final word (unknown mailbox, refused sender); the rest (4xx, network) may pass later.
      const { message: reason, responseCode } = error as Error & { responseCode?: number };
      throw new DeliveryError(`SMTP: ${reason}`, !(responseCode !== undefined && responseCode >= 500));
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
