import {
  ErrorBodySchema,
  HealthSchema,
  ReadinessSchema,
  ServerInfoSchema,
  type ErrorCode,
  type Health,
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

  private async get<T extends z.ZodType>(path: string, schema: T, acceptStatuses: number[] = []): Promise<z.infer<T>> {
    const response = await fetch(this.baseUrl + path, { headers: { accept: 'application/json' } });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok && !acceptStatuses.includes(response.status)) {
      const error = ErrorBodySchema.safeParse(body);
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
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new NimbusApiError(response.status, 'unexpected_response', `${path} answered an unexpected body`);
    }
    return parsed.data;
  }
}
