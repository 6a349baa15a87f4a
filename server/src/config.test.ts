import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has working defaults: SQLite in ./data, port 8080 on 127.0.0.1, local mode', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.database.kind).toBe('sqlite');
    expect(config.database.url).toMatch(/data\/nimbus\.db$/);
    expect(config.publicUrl).toBe('http://127.0.0.1:8080');
    expect(config.mode).toBe('local');
    expect(config.redisUrl).toBeNull();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names the variable and the problem for a bad port', () => {
    expect(problemsOf({ NIMBUS_PORT: 'abc' })).toEqual([
      'NIMBUS_PORT: must be a port number (1–65535, or 0 for any free port) (got "abc")',
    ]);
    for (const bad of ['70000', '0x50', '-1', '80.5', '1e3'])
      expect(problemsOf({ NIMBUS_PORT: bad })[0]).toMatch(/^NIMBUS_PORT: /);
    expect(loadConfig({ NIMBUS_PORT: '0' }).port).toBe(0);
  });

  it('reads the Free quota as a size, 5 GB unless told', () => {
    expect(loadConfig({}).freeQuotaBytes).toBe(5 * 1024 ** 3);
    expect(loadConfig({ NIMBUS_FREE_QUOTA: '500MB' }).freeQuotaBytes).toBe(500 * 1024 ** 2);
    expect(loadConfig({ NIMBUS_FREE_QUOTA: '1048576' }).freeQuotaBytes).toBe(1048576);
    for (const bad of ['lots', '-1GB', '1.5.5GB']) {
      expect(problemsOf({ NIMBUS_FREE_QUOTA: bad })[0]).toMatch(/^NIMBUS_FREE_QUOTA: must be a size such as 5GB/);
    }
  });

  it('reads the job slots of each queue, with defaults', () => {
    expect(loadConfig({}).jobSlots).toEqual({ messages: 4, media: 2, maintenance: 1 });
    expect(loadConfig({ NIMBUS_JOB_SLOTS_MEDIA: '6', NIMBUS_JOB_SLOTS_MESSAGES: ' 8 ' }).jobSlots).toEqual({
      messages: 8,
      media: 6,
      maintenance: 1,
    });
    for (const bad of ['0', '-1', '65', '2.5', 'many', '1e1']) {
      expect(problemsOf({ NIMBUS_JOB_SLOTS_MAINTENANCE: bad })[0]).toMatch(
        /^NIMBUS_JOB_SLOTS_MAINTENANCE: must be a whole number from 1 to 64/,
      );
    }
  });

  it('refuses a database it does not speak', () => {
    expect(problemsOf({ NIMBUS_DATABASE_URL: 'mysql://x' })).toEqual([
      'NIMBUS_DATABASE_URL: must be a URL starting with sqlite:// or postgres:// or postgresql:// (got "mysql://x")',
    ]);
  });

  it('lists every bad variable at once', () => {
    const problems = problemsOf({ NIMBUS_PORT: 'x', NIMBUS_REDIS_URL: 'http://r', NIMBUS_LOG_LEVEL: 'loud' });
    expect(problems.map((line) => line.split(':')[0])).toEqual(['NIMBUS_PORT', 'NIMBUS_REDIS_URL', 'NIMBUS_LOG_LEVEL']);
  });

  it('chooses PostgreSQL by URL and keeps SQLite paths absolute', () => {
    expect(loadConfig({ NIMBUS_DATABASE_URL: 'postgres://u:p@db/nimbus' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db/nimbus',
    });
    expect(loadConfig({ NIMBUS_DATABASE_URL: 'sqlite:///var/lib/nimbus/n.db' }).database).toMatchObject({
      kind: 'sqlite',
      file: '/var/lib/nimbus/n.db',
    });
  });

  it('runs in production for a public https URL and refuses plain http there', () => {
    expect(loadConfig({ NIMBUS_PUBLIC_URL: 'https://cloud.example.org/' })).toMatchObject({
      mode: 'production',
      publicUrl: 'https://cloud.example.org',
      mailFrom: 'Nimbus <no-reply@cloud.example.org>',
    });
    expect(problemsOf({ NIMBUS_PUBLIC_URL: 'http://cloud.example.org' })[0]).toMatch(
      /^NIMBUS_PUBLIC_URL: must use https/,
    );
    expect(loadConfig({ NIMBUS_PUBLIC_URL: 'http://localhost:3000' }).mode).toBe('local');
  });

  it('needs a secret to sign SMS webhooks with', () => {
    expect(problemsOf({ NIMBUS_SMS_WEBHOOK_URL: 'https://sms.example.org/hook' })[0]).toMatch(
      /^NIMBUS_SMS_WEBHOOK_SECRET: required/,
    );
    expect(
      problemsOf({ NIMBUS_SMS_WEBHOOK_URL: 'https://sms.example.org/hook', NIMBUS_SMS_WEBHOOK_SECRET: 'short' })[0],
    ).toMatch(/^NIMBUS_SMS_WEBHOOK_SECRET: must be at least 16/);
  });

  it('listens on IPv6 and never takes a look-alike host for this machine', () => {
    expect(loadConfig({ NIMBUS_HOST: '::1' }).publicUrl).toBe('http://[::1]:8080');
    expect(loadConfig({ NIMBUS_PUBLIC_URL: 'https://127.evil.example' }).mode).toBe('production');
    expect(problemsOf({ NIMBUS_HOST: 'bad host' })[0]).toMatch(/^NIMBUS_HOST: /);
  });

  it('never echoes a secret or the credentials of a URL in an error', () => {
    const problems = problemsOf({
      NIMBUS_SMS_WEBHOOK_URL: 'https://sms.example.org/hook',
      NIMBUS_SMS_WEBHOOK_SECRET: 'tooshort-s3cret',
      NIMBUS_DATABASE_URL: 'mysql://root:hunter2@db/x',
    });
    expect(problems.join('\n')).not.toMatch(/s3cret|hunter2/);
    expect(problems.join('\n')).toContain('mysql://***@db/x');
  });

  it('trusts no proxy unless told, and reads NIMBUS_TRUSTED_PROXIES as addresses and CIDRs of both families', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    const config = loadConfig({ NIMBUS_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8, fd00::/8' });
    expect(config.trustedProxies).toEqual(['127.0.0.1/32', '10.0.0.0/8', 'fd00::/8']);
    expect(Object.isFrozen(config.trustedProxies)).toBe(true);
    expect(describeConfig(config).trustedProxies).toBe('127.0.0.1/32, 10.0.0.0/8, fd00::/8');
  });

  it('stops start-up on a trusted proxy it cannot read, naming each bad entry', () => {
    expect(problemsOf({ NIMBUS_TRUSTED_PROXIES: '127.0.0.1, proxy.local, 10.0.0.0/40, 0.0.0.0/0' })).toEqual([
      'NIMBUS_TRUSTED_PROXIES: "proxy.local" is not an IP address or CIDR (such as 10.0.0.5, 10.0.0.0/8 or fd00::/8)',
      'NIMBUS_TRUSTED_PROXIES: "10.0.0.0/40" has a prefix length beyond 32',
      'NIMBUS_TRUSTED_PROXIES: "0.0.0.0/0" trusts every address, so any client could claim to be any other',
    ]);
  });

  it('masks passwords and secrets when described', () => {
    const described = describeConfig(
      loadConfig({
        NIMBUS_DATABASE_URL: 'postgres://nimbus:hunter2@db/nimbus',
        NIMBUS_SMTP_URL: 'smtp://mail:s3cret@smtp.example.org:587',
        NIMBUS_SMS_WEBHOOK_URL: 'https://sms.example.org/hook',
        NIMBUS_SMS_WEBHOOK_SECRET: 'a-very-long-webhook-secret',
      }),
    );
    const text = JSON.stringify(described);
    expect(text).not.toMatch(/hunter2|s3cret|a-very-long-webhook-secret/);
    expect(described.database).toBe('postgres://nimbus:***@db/nimbus');
  });
});
