import type { NotificationChannelInput, NotificationChannelType, NotificationChannelView } from '@syncline/contracts';
import type { Parsed } from '$lib/forms/integration-form';

export interface ChannelForm {
  name: string;
  type: NotificationChannelType;
  /** Email: addresses separated by commas, spaces or new lines. */
  to: string;
  url: string;
  format: 'json' | 'slack';
  enabled: boolean;
}

export const CHANNEL_FORM_FIELDS = [
  'name',
  'config',
  'config.type',
  'config.to',
  'config.url',
  'config.format',
  'enabled',
];

export const CHANNEL_TYPE_LABELS: Record<NotificationChannelType, string> = {
  email: 'Email',
  webhook: 'Webhook',
  in_app: 'In-app',
  live: 'Live stream',
};

export function newChannelForm(): ChannelForm {
  return { name: '', type: 'in_app', to: '', url: '', format: 'json', enabled: true };
}

export function channelToForm(channel: NotificationChannelView): ChannelForm {
  const { config } = channel;
  return {
    ...newChannelForm(),
    name: channel.name,
    type: channel.type,
    enabled: channel.enabled,
    ...(config.type === 'email' ? { to: config.to.join(', ') } : {}),
    ...(config.type === 'webhook' ? { url: config.url, format: config.format } : {}),
  };
}

export function parseRecipients(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
}

export function toChannelInput(form: ChannelForm): Parsed<NotificationChannelInput> {
  const base = { name: form.name.trim(), enabled: form.enabled };
  switch (form.type) {
    case 'email': {
      const to = parseRecipients(form.to);
      if (to.length === 0) return { ok: false, errors: { 'config.to': 'Enter at least one email address.' } };
      return { ok: true, value: { ...base, config: { type: 'email', to } } };
    }
    case 'webhook':
      return { ok: true, value: { ...base, config: { type: 'webhook', url: form.url.trim(), format: form.format } } };
    case 'in_app':
    case 'live':
      return { ok: true, value: { ...base, config: { type: form.type } } };
  }
}

/** What a channel sends to, in a few words. */
export function channelTarget(channel: Pick<NotificationChannelView, 'config'>): string {
  const { config } = channel;
  switch (config.type) {
    case 'email':
      return config.to.join(', ');
    case 'webhook':
      return `${config.url} (${config.format})`;
    case 'in_app':
      return 'The Alerts page';
    case 'live':
      return 'Live events (/live)';
  }
}
