import type { AlertView, NotificationKind } from '@syncline/contracts';

/** Slack refuses a header longer than this and a text block longer than 3,000 characters. */
const SLACK_HEADER_MAX = 150;
const SLACK_TEXT_MAX = 3000;

/** What an alert notification says, in the forms the channels send. */
export interface AlertMessage {
  subject: string;
  text: string;
  html: string;
}

/** `[CRITICAL] Sync failed`, `[CRITICAL] Escalated: …`, `[RESOLVED] …`, `[TEST] …`. */
function headline(alert: AlertView, kind: NotificationKind): string {
  switch (kind) {
    case 'fired':
      return `[${alert.severity.toUpperCase()}] ${alert.title}`;
    case 'escalated':
      return `[${alert.severity.toUpperCase()}] Escalated: ${alert.title}`;
    case 'resolved':
      return `[RESOLVED] ${alert.title}`;
    case 'test':
      return `[TEST] ${alert.title}`;
  }
}

/** Where the alert is shown in the admin app; a test names no stored alert, so it has no link. */
function alertLink(alert: AlertView, kind: NotificationKind, appUrl: string | undefined): string | null {
  if (!appUrl || kind === 'test') return null;
  return `${appUrl.replace(/\/+$/, '')}/alerts?id=${encodeURIComponent(alert.id)}`;
}

/** The alert's facts as label and value, in the order every channel shows them. */
function alertFacts(alert: AlertView): [string, string][] {
  return [
    ['Severity', alert.severity],
    ['Status', alert.status],
    ['Integration', alert.integrationKey ?? 'all integrations'],
    ['Entity', alert.entityType ?? 'all entities'],
    ['Count', String(alert.count)],
    ['First seen', alert.firstSeenAt],
    ['Last seen', alert.lastSeenAt],
  ];
}

function detailLines(alert: AlertView): string[] {
  return Object.entries(alert.details).map(
    ([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
}

export function emailMessage(alert: AlertView, kind: NotificationKind, appUrl: string | undefined): AlertMessage {
  const subject = headline(alert, kind);
  const link = alertLink(alert, kind, appUrl);
  const facts = alertFacts(alert);
  const details = detailLines(alert);
  const text = [
    subject,
    '',
    alert.message,
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    ...(details.length > 0 ? ['', 'Details:', ...details.map((line) => `  ${line}`)] : []),
    ...(link ? ['', `Open in Syncline: ${link}`] : []),
  ].join('\n');
  const rows = facts.map(
    ([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
  );
  const html = [
    `<h2>${escapeHtml(subject)}</h2>`,
    `<p>${escapeHtml(alert.message)}</p>`,
    `<table cellpadding="4">${rows.join('')}</table>`,
    ...(details.length > 0
      ? [`<h3>Details</h3><ul>${details.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`]
      : []),
    ...(link ? [`<p><a href="${escapeHtml(link)}">Open in Syncline</a></p>`] : []),
  ].join('\n');
  return { subject, text, html };
}

/** A Slack incoming-webhook message: `text` for notifications and old clients, `blocks` for the layout. */
export function slackMessage(
  alert: AlertView,
  kind: NotificationKind,
  appUrl: string | undefined,
): { text: string; blocks: object[] } {
  const title = headline(alert, kind);
  const link = alertLink(alert, kind, appUrl);
  const details = detailLines(alert);
  const mrkdwn = (text: string) => ({ type: 'mrkdwn', text: truncate(text, SLACK_TEXT_MAX) });
  return {
    text: `${title}: ${alert.message}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(title, SLACK_HEADER_MAX) } },
      { type: 'section', text: mrkdwn(escapeSlack(alert.message)) },
      {
        type: 'section',
        fields: alertFacts(alert).map(([label, value]) => mrkdwn(`*${label}*\n${escapeSlack(value)}`)),
      },
      ...(details.length > 0 ? [{ type: 'section', text: mrkdwn(escapeSlack(details.join('\n'))) }] : []),
      ...(link ? [{ type: 'section', text: mrkdwn(`<${link}|Open in Syncline>`) }] : []),
    ],
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Slack reads `<…>` as links and mentions; these three are all it asks to escape. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
