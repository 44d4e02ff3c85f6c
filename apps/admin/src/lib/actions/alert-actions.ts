import type {
  AlertRuleView,
  AlertView,
  CreatedNotificationChannel,
  NotificationChannelView,
  NotificationDeliveryView,
} from '@syncline/contracts';
import { api } from '$lib/api/client';
import { alertScope, suppressUntil } from '$lib/alerts/alert-display';
import { CHANNEL_FORM_FIELDS, toChannelInput, type ChannelForm } from '$lib/alerts/channel-form';
import { ruleFormFields, toRuleInput, type RuleForm } from '$lib/alerts/rule-form';
import { openAlerts } from '$lib/state/monitoring.svelte';
import { toasts } from '$lib/state/toasts.svelte';
import type { ActionResult } from './action-result';
import { handleError, invalidInput } from './handle-error';

export type AlertMove = 'acknowledge' | 'resolve' | 'suppress';

const MOVED: Record<AlertMove, string> = { acknowledge: 'acknowledged', resolve: 'resolved', suppress: 'suppressed' };

/** Acknowledge, resolve or suppress (for `suppressMinutes`) an open alert, with an optional note. */
export async function moveAlert(
  alert: AlertView,
  move: AlertMove,
  options: { note?: string; suppressMinutes?: number } = {},
): Promise<ActionResult<AlertView>> {
  const note = options.note?.trim() || undefined;
  try {
    const updated =
      move === 'suppress'
        ? await api.alerts.suppress(alert.id, { until: suppressUntil(options.suppressMinutes ?? 60), note })
        : await api.alerts[move](alert.id, { note });
    toasts.success(`Alert “${alert.title}” (${alertScope(alert)}) ${MOVED[move]}.`);
    void openAlerts.refresh();
    return { ok: true, value: updated };
  } catch (error) {
    return handleError(error, ['note', 'until']);
  }
}

/** Creates the rule, or saves every field of an existing one. */
export async function saveRule(form: RuleForm, existing: AlertRuleView | null): Promise<ActionResult<AlertRuleView>> {
  const input = toRuleInput(form);
  if (!input.ok) return invalidInput(input.errors);
  try {
    const saved = existing
      ? await api.alertRules.update(existing.id, input.value)
      : await api.alertRules.create(input.value);
    toasts.success(`Alert rule “${saved.name}” ${existing ? 'saved' : 'created'}.`);
    return { ok: true, value: saved };
  } catch (error) {
    return handleError(error, ruleFormFields(form.type));
  }
}

export async function setRuleEnabled(rule: AlertRuleView, enabled: boolean): Promise<ActionResult<AlertRuleView>> {
  try {
    const saved = await api.alertRules.update(rule.id, { enabled });
    toasts.success(`Alert rule “${rule.name}” ${enabled ? 'enabled' : 'disabled'}.`);
    return { ok: true, value: saved };
  } catch (error) {
    return handleError(error);
  }
}

/** Built-in rules cannot be deleted: the API says so (409), and the toast tells the person to disable it. */
export async function deleteRule(rule: AlertRuleView): Promise<ActionResult<void>> {
  try {
    await api.alertRules.remove(rule.id);
    toasts.success(`Alert rule “${rule.name}” deleted.`);
    return { ok: true, value: undefined };
  } catch (error) {
    return handleError(error);
  }
}

/** A created webhook channel carries its signing secret: the caller shows it once. */
export async function saveChannel(
  form: ChannelForm,
  existing: NotificationChannelView | null,
): Promise<ActionResult<NotificationChannelView | CreatedNotificationChannel>> {
  const input = toChannelInput(form);
  if (!input.ok) return invalidInput(input.errors);
  try {
    const saved = existing
      ? await api.notificationChannels.update(existing.id, input.value)
      : await api.notificationChannels.create(input.value);
    toasts.success(`Channel “${saved.name}” ${existing ? 'saved' : 'created'}.`);
    return { ok: true, value: saved };
  } catch (error) {
    return handleError(error, CHANNEL_FORM_FIELDS);
  }
}

export async function deleteChannel(channel: NotificationChannelView): Promise<ActionResult<void>> {
  try {
    await api.notificationChannels.remove(channel.id);
    toasts.success(`Channel “${channel.name}” deleted.`);
    return { ok: true, value: undefined };
  } catch (error) {
    return handleError(error);
  }
}

/** One real attempt now; the delivery says whether it went out. */
export async function testChannel(channel: NotificationChannelView): Promise<ActionResult<NotificationDeliveryView>> {
  try {
    const delivery = await api.notificationChannels.test(channel.id);
    if (delivery.status === 'sent') toasts.success(`Test notification sent through “${channel.name}”.`);
    else toasts.error(`The test through “${channel.name}” failed: ${delivery.lastError ?? delivery.status}.`);
    return { ok: true, value: delivery };
  } catch (error) {
    return handleError(error);
  }
}

export async function rotateChannelSecret(
  channel: NotificationChannelView,
): Promise<ActionResult<CreatedNotificationChannel>> {
  try {
    return { ok: true, value: await api.notificationChannels.rotateSecret(channel.id) };
  } catch (error) {
    return handleError(error);
  }
}
