// Outgoing mail for customer updates: nodemailer over the SMTP server X400_SMTP_URL names.
import nodemailer from 'nodemailer';
import type { SmtpConfig } from '@/lib/env';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Ties every update of one ticket into one thread in the customer's mail client. */
  threadId: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

const cache = new Map<string, Mailer>();

/** One pooled transport per SMTP URL. */
export function smtpMailer(smtp: SmtpConfig): Mailer {
  const key = `${smtp.url}\n${smtp.from}`;
  let mailer = cache.get(key);
  if (!mailer) {
    const transport = nodemailer.createTransport(smtp.url, { from: smtp.from });
    mailer = {
      async send(mail) {
        const info = await transport.sendMail({
          from: smtp.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          references: [mail.threadId],
        });
        return { messageId: String(info.messageId ?? '') };
      },
    };
    cache.set(key, mailer);
  }
  return mailer;
}

/** A plain address (what we may send to); a ticket's contact may also be a phone number or a name. */
export function isMailAddress(value: string): boolean {
  return /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/.test(value.trim());
}
