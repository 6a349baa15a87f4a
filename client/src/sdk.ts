import {
  ActivationSentSchema,
  CaptchaChallengeSchema,
  DeviceTokensSchema,
  ErrorBodySchema,
  PhoneCodeSentSchema,
  PhoneVerifiedSchema,
  SessionInfoSchema,
  SignInResultSchema,
  HealthSchema,
  ReadinessSchema,
  ServerInfoSchema,
  type ErrorCode,
  type CaptchaChallenge,
  type Health,
  type RegisterByEmailRequest,
  type RegisterByPhoneRequest,
  type SignInRequest,
  type Readiness,
  type ServerInfo,
} from '@nimbus/protocol';
import type { z } from 'zod';

/** An error answer of the Nimbus API, with its stable code. */
export class NimbusApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'unexpected_response',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'NimbusApiError';
  }
}

/**
 * A typed facade over the Nimbus HTTP API, the way any third-party app would use it: every answer
 * is checked against the protocol schema it promises.
 */
export class NimbusClient {
  private readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  health(): Promise<Health> {
    return this.get('/healthz', HealthSchema);
  }

  /** Readiness answers 503 with the same body when a check fails; that is still an answer. */
  readiness(): Promise<Readiness> {
    return this.get('/readyz', ReadinessSchema, [503]);
  }

  serverInfo(): Promise<ServerInfo> {
    return this.get('/api/v1/meta', ServerInfoSchema);
  }

  captcha(): Promise<CaptchaChallenge> {
    return this.get('/api/v1/captcha', CaptchaChallengeSchema);
  }

  registerByEmail(request: RegisterByEmailRequest) {
    return this.post('/api/v1/accounts/email', request, ActivationSentSchema);
  }

  registerByPhone(request: RegisterByPhoneRequest) {
    return this.post('/api/v1/accounts/phone', request, PhoneCodeSentSchema);
  }

  verifyPhone(registrationId: string, code: string) {
    return this.post('/api/v1/accounts/phone/verify', { registrationId, code }, PhoneVerifiedSchema);
  }

  completePhoneRegistration(registrationId: string, setupToken: string, password: string) {
    return this.post('/api/v1/accounts/phone/complete', { registrationId, setupToken, password }, SessionInfoSchema);
  }

  /** Signs a device in; answers either tokens or the code step of a new device. */
  signInDevice(request: Omit<SignInRequest, 'client'>) {
    return this.post('/api/v1/sessions', { ...request, client: 'device' }, SignInResultSchema);
  }

  verifySignIn(challengeId: string, code: string) {
    return this.post('/api/v1/sessions/verify', { challengeId, code }, SessionInfoSchema);
  }

  refresh(refreshToken: string) {
    return this.post('/api/v1/sessions/refresh', { refreshToken }, DeviceTokensSchema.omit({ deviceToken: true }));
  }

  session(accessToken: string) {
    return this.get('/api/v1/session', SessionInfoSchema, [], accessToken);
  }

  private post<T extends z.ZodType>(path: string, body: unknown, schema: T): Promise<z.infer<T>> {
    return this.send('POST', path, schema, [], undefined, body);
  }

  private get<T extends z.ZodType>(
    path: string,
    schema: T,
    acceptStatuses: number[] = [],
    accessToken?: string,
  ): Promise<z.infer<T>> {
    return this.send('GET', path, schema, acceptStatuses, accessToken);
  }

  private async send<T extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: T,
    acceptStatuses: number[],
    accessToken?: string,
    body?: unknown,
  ): Promise<z.infer<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (accessToken !== undefined) headers.authorization = `Bearer ${accessToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer: unknown = await response.json().catch(() => undefined);
    if (!response.ok && !acceptStatuses.includes(response.status)) {
      const error = ErrorBodySchema.safeParse(answer);
      if (error.success) {
        throw new NimbusApiError(
          response.status,
          error.data.error.code,
          error.data.error.message,
          error.data.error.details,
        );
      }
      throw new NimbusApiError(response.status, 'unexpected_response', `${path} answered ${response.status}`);
    }
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      throw new NimbusApiError(response.status, 'unexpected_response', `${path} answered an unexpected body`);
    }
    return parsed.data;
  }
}
