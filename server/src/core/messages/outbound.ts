import type { Locale } from '@nimbus/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import { type Clock, MINUTE } from '../time.js';
import type { Db } from '../db/database.js';
import { newId } from '../ids.js';
import type { JobQueue, JobRunner } from '../jobs/index.js';
import { OutboxMailer, SmtpMailer, type Mailer, type OutgoingMail } from './mailer.js';
import { OutboxRepo } from './outbox.repo.js';
import { OutboxSmsProvider, WebhookSmsProvider, type OutgoingSms, type SmsProvider } from './sms.js';
import {
  renderMail,
  renderSms,
  type MailTemplate,
  type MailTemplateParams,
  type SmsTemplate,
  type SmsTemplateParams,
} from './templates.js';

export const MAIL_DELIVER_JOB = 'mail.deliver';
export const SMS_DELIVER_JOB = 'sms.deliver';
/**
 * With the runner's default backoff (5 s doubling, at most 1 h), twelve attempts span about three
 * hours: long enough to ride out a mail server's restart or a short outage of the SMS gateway.
 */
export const DELIVERY_MAX_ATTEMPTS = 12;
const DELIVERY_TIMEOUT_MS = MINUTE;

export interface SendMailRequest<T extends MailTemplate> {
  to: string;
  template: T;
  locale: Locale;
  params: MailTemplateParams[T];
  /** Enqueue inside the caller's transaction: the mail goes out if and only if the caller's work commits. */
  db?: Db;
}

export interface SendSmsRequest<T extends SmsTemplate> {
  to: string;
  template: T;
  locale: Locale;
  params: SmsTemplateParams[T];
  db?: Db;
}

export interface Sent {
  /** The message's id: its Message-ID, idempotency key and outbox row id. */
  messageId: string;
  jobId: string;
}

/**
 * What other modules call to send mail and SMS. Rendering happens now, so a bad template or
 * param fails the caller; delivery happens in a durable job, so a down server only delays it.
 */
export class Outbound {
  constructor(private readonly queue: JobQueue) {}

  async sendMail<T extends MailTemplate>({ to, template, locale, params, db }: SendMailRequest<T>): Promise<Sent> {
    const mail: OutgoingMail = { id: newId(), to, template, ...renderMail(template, locale, params) };
    return this.enqueue(MAIL_DELIVER_JOB, mail, db);
  }

  async sendSms<T extends SmsTemplate>({ to, template, locale, params, db }: SendSmsRequest<T>): Promise<Sent> {
    const sms: OutgoingSms = { id: newId(), to, template, ...renderSms(template, locale, params) };
    return this.enqueue(SMS_DELIVER_JOB, sms, db);
  }

  private async enqueue(job: string, message: OutgoingMail | OutgoingSms, db: Db | undefined): Promise<Sent> {
    const jobId = await this.queue.enqueue(job, message, { maxAttempts: DELIVERY_MAX_ATTEMPTS, db });
    // Without a unique key enqueue always inserts; null would mean the queue broke its contract.
    if (jobId === null) throw new Error(`${job} was not enqueued`);
    return { messageId: message.id, jobId };
  }
}

export interface Deliverers {
  mailer: Mailer;
  sms: SmsProvider;
}

/** Defines the delivery jobs on a runner. Each attempt hands the same message, same id, to its provider. */
export function registerOutboundJobs(runner: JobRunner, { mailer, sms }: Deliverers): void {
  runner.define<OutgoingMail>({
    name: MAIL_DELIVER_JOB,
    // Codes and links expire in minutes: never behind thumbnails or housekeeping.
    queue: 'messages',
    timeoutMs: DELIVERY_TIMEOUT_MS,
    run: (message) => mailer.deliver(message),
  });
  runner.define<OutgoingSms>({
    name: SMS_DELIVER_JOB,
    queue: 'messages',
    timeoutMs: DELIVERY_TIMEOUT_MS,
    run: (message) => sms.deliver(message),
  });
}

export interface OutboundDependencies {
  queue: JobQueue;
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
}

export interface OutboundSetup extends Deliverers {
  outbound: Outbound;
  outbox: OutboxRepo;
  /**
   * Lets go of the SMTP transport's connections (a pooled transport, `?pool=true` in the URL, keeps
   * them open). Call it on shutdown after the job runner has stopped, so no delivery is cut short.
   */
  close(): Promise<void>;
}

/**
 * Real delivery where it is configured, the outbox where it is not. Unconfigured is normal on a
 * local setup; in production it means nobody receives anything, so it is said louder there.
 */
export function createOutbound(
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'smsWebhook' | 'mode'>,
  { queue, db, clock, log }: OutboundDependencies,
): OutboundSetup {
  const outbox = new OutboxRepo(db);
  const notice = (message: string) => (config.mode === 'production' ? log.warn(message) : log.info(message));
  // In production the log gets who and what only, never a text with its links and codes.
  const where =
    config.mode === 'production' ? 'the outbox and, without their content, the log' : 'the outbox and the log';
  let mailer: Mailer;
  let smtp: SmtpMailer | undefined;
  if (config.smtpUrl === null) {
    mailer = new OutboxMailer({ outbox, clock, log, mode: config.mode });
    notice(`no SMTP server configured (NIMBUS_SMTP_URL): mail goes to ${where}`);
  } else {
    mailer = smtp = new SmtpMailer(config.smtpUrl, config.mailFrom);
  }
  let sms: SmsProvider;
  if (config.smsWebhook === null) {
    sms = new OutboxSmsProvider({ outbox, clock, log, mode: config.mode });
    notice(`no SMS webhook configured (NIMBUS_SMS_WEBHOOK_URL): SMS go to ${where}`);
  } else {
    sms = new WebhookSmsProvider(config.smsWebhook, clock);
  }
  const close = () => {
    smtp?.close();
    return Promise.resolve();
  };
  return { outbound: new Outbound(queue), mailer, sms, outbox, close };
}
