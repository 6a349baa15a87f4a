import { createTransport } from 'nodemailer';
import { writeToOutbox, type OutboxWriterDeps } from './outbox-writer.js';

/** A rendered mail, ready to hand over. `id` stays the same across retries. */
export interface OutgoingMail {
  id: string;
  to: string;
  /** The template it was rendered from, for logs; absent in jobs queued before it was recorded. */
  template?: string;
  subject: string;
  text: string;
  html: string;
}

/** Hands a mail to whatever delivers it. Throws when it could not, so the delivery job retries. */
export interface Mailer {
  deliver(message: OutgoingMail): Promise<void>;
}

/** Delivers through an SMTP server: one connection per mail, or a pool of them with `?pool=true` in the URL. */
export class SmtpMailer implements Mailer {
  private readonly transport;
  private readonly messageIdDomain: string;

  constructor(smtpUrl: string, from: string) {
    // Nodemailer's defaults wait minutes on a silent server; a job that fails fast retries sooner.
    this.transport = createTransport(
      { url: smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 },
      { from },
    );
    this.messageIdDomain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'nimbus.invalid';
  }

  async deliver(message: OutgoingMail): Promise<void> {
    await this.transport.sendMail({
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      // The same Message-ID on every attempt: if a retry follows a delivery whose answer was
      // lost, the copies are recognisably one mail, and clients that dedupe by it show one.
      messageId: `<${message.id}@${this.messageIdDomain}>`,
    });
  }

  /** Closes a pool's idle connections at once, and busy ones once their mail is handed over. */
  close(): void {
    this.transport.close();
  }
}

/**
 * Mail without an SMTP server: stored in the outbox. In local mode it is also logged whole, because
 * an operator without SMTP reads activation links there. In production the log gets metadata only:
 * log lines travel to collectors and archives, and a body's links and codes would be usable there.
 */
export class OutboxMailer implements Mailer {
  constructor(private readonly deps: OutboxWriterDeps) {}

  deliver(message: OutgoingMail): Promise<void> {
    return writeToOutbox(
      this.deps,
      {
        id: message.id,
        channel: 'mail',
        recipient: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      },
      { template: message.template, subject: message.subject },
    );
  }
}
