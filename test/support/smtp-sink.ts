// A real SMTP server on loopback (the smtp-server package) that keeps what arrives, for the unit
// and end-to-end tests of customer updates. Plain SMTP, no STARTTLS, no authentication.
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message: headers, a blank line, the body (quoted-printable undone by `text`). */
  raw: string;
  subject: string;
  text: string;
}

export interface SmtpSink {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** The next reply to DATA refuses the message with this SMTP error text (once). */
  refuseNext(message: string): void;
  close(): Promise<void>;
}

/** Undo the transfer encoding nodemailer picked for a text body (7bit, quoted-printable or base64). */
function decodeBody(headers: string, body: string): string {
  const enc = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (enc === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

function decodeSubject(headers: string): string {
  const unfolded = headers.replace(/\r?\n[ \t]+/g, ' ');
  const raw = /^subject:\s*(.*)$/im.exec(unfolded)?.[1] ?? '';
  return raw.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, kind: string, data: string) =>
    kind.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

export async function startSmtpSink(port = 0, host = '127.0.0.1'): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let refusal: string | null = null;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusal !== null) {
          const message = refusal;
          refusal = null;
          return callback(Object.assign(new Error(message), { responseCode: 550 }));
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const split = raw.search(/\r?\n\r?\n/);
        const headers = split < 0 ? raw : raw.slice(0, split);
        const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: decodeSubject(headers),
          text: decodeBody(headers, body).replace(/\r\n/g, '\n'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    port: actual,
    url: `smtp://${host}:${actual}`,
    received,
    refuseNext(message) {
      refusal = message;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
