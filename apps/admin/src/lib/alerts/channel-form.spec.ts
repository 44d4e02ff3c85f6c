import type { NotificationChannelView } from '@syncline/contracts';
import { describe, expect, it } from 'vitest';
import { channelTarget, channelToForm, newChannelForm, parseRecipients, toChannelInput } from './channel-form';

function channel(config: NotificationChannelView['config']): NotificationChannelView {
  return {
    id: 'c1',
    name: 'Ops',
    type: config.type,
    config,
    enabled: true,
    hasSecret: config.type === 'webhook',
    createdAt: '2026-11-23T12:00:00.000Z',
    updatedAt: '2026-11-23T12:00:00.000Z',
  };
}

describe('the channel form', () => {
  it('reads recipients separated by commas, spaces or new lines, once each', () => {
    expect(parseRecipients('a@x.test, b@x.test\nc@x.test;a@x.test ')).toEqual(['a@x.test', 'b@x.test', 'c@x.test']);
  });

  it('sends only the config of the chosen type', () => {
    const form = {
      ...newChannelForm(),
      name: ' Hook ',
      type: 'webhook' as const,
      url: ' https://h.test/x ',
      to: 'a@x.test',
    };

    expect(toChannelInput(form)).toEqual({
      ok: true,
      value: { name: 'Hook', enabled: true, config: { type: 'webhook', url: 'https://h.test/x', format: 'json' } },
    });
    expect(toChannelInput({ ...newChannelForm(), name: 'App' })).toEqual({
      ok: true,
      value: { name: 'App', enabled: true, config: { type: 'in_app' } },
    });
  });

  it('asks for a recipient before sending an email channel without one', () => {
    expect(toChannelInput({ ...newChannelForm(), type: 'email', to: ' , ' })).toEqual({
      ok: false,
      errors: { 'config.to': 'Enter at least one email address.' },
    });
  });

  it('fills the form from a stored channel and says where it sends', () => {
    const email = channel({ type: 'email', to: ['a@x.test', 'b@x.test'] });

    expect(channelToForm(email)).toMatchObject({ type: 'email', to: 'a@x.test, b@x.test' });
    expect(channelTarget(email)).toBe('a@x.test, b@x.test');
    expect(channelTarget(channel({ type: 'webhook', url: 'https://h.test', format: 'slack' }))).toBe(
      'https://h.test (slack)',
    );
  });
});
