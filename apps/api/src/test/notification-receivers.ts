import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** An email as the SMTP server received it, with its MIME parts decoded. */
export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface SmtpReceiver {
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps what it receives. Recipients at `refused.test` are refused
 * with 550, as a server refuses an unknown mailbox.
 */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    // Plain SMTP: a STARTTLS offer would make the client upgrade to the server's self-signed certificate.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!address.address.endsWith('@refused.test')) return callback();
      callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((recipient) => recipient.address);
        mails.push({ to, ...parseMail(Buffer.concat(chunks).toString('utf8')) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Subject and the text/plain and text/html parts of a multipart/alternative message, as nodemailer writes it. */
function parseMail(raw: string): Omit<ReceivedMail, 'to'> {
  const [head, body] = splitHeaders(raw);
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(head)?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1) : [];
  const part = (type: string) => {
    const found = parts
      .map((candidate) => splitHeaders(candidate.replace(/^\r\n/, '')))
      .find(([headers]) => headers.includes(type));
    if (!found) return '';
    const [headers, content] = found;
    const text = content.replace(/\r\n$/, '');
    if (/content-transfer-encoding: base64/i.test(headers)) return Buffer.from(text, 'base64').toString('utf8');
    if (/content-transfer-encoding: quoted-printable/i.test(headers)) return decodeQuotedPrintable(text);
    return text;
  };
  return { subject: header(head, 'subject'), text: part('text/plain'), html: part('text/html') };
}

function splitHeaders(message: string): [string, string] {
  const end = message.indexOf('\r\n\r\n');
  // Folded header lines continue with white space: unfold them so each header is one line.
  return [message.slice(0, end).replace(/\r\n[ \t]+/g, ' '), message.slice(end + 4)];
}

function header(head: string, name: string): string {
  return new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1] ?? '';
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const unwrapped = text.replace(/=\r\n/g, '');
  for (let i = 0; i < unwrapped.length; i++) {
    if (unwrapped[i] === '=') {
      bytes.push(parseInt(unwrapped.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(unwrapped.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export interface ReceivedRequest {
  path: string;
  /** Lower-case names; a repeated header's values joined by commas. */
  headers: Record<string, string>;
  body: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`; pass a path to tell channels apart. */
  url: string;
  requests: ReceivedRequest[];
  /** Statuses for the next requests, in order (0: no answer at all); once used up, requests get 200. */
  answer(statuses: number[]): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let script: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = Object.entries(request.headersDistinct).map(([name, values]) => [name, values?.join(', ')]);
      requests.push({
        path: request.url ?? '/',
        headers: Object.fromEntries(headers),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const status = script.shift() ?? 200;
      if (status > 0) response.writeHead(status, { 'content-type': 'text/plain' }).end('receiver says hi');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (statuses) => {
      script = [...statuses];
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
