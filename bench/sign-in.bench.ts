import { hashPassword, verifyPassword } from '../server/src/core/passwords/index.js';
import { lastMessageTo, linkToken, TestBrowser } from '../server/src/test/index.js';
import { mean, withBenchApp, type Bench } from './bench.js';

const SIGN_INS = 120;
const ROUNDS = 3;
/** As many at once as libuv's thread pool hashes in parallel, so both sides use the same cores. */
const CONCURRENCY = 4;
const PASSWORD = 'Orchid-walk-42';

async function rate(count: number, concurrency: number, work: (index: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await work(next++);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/**
 * Password sign-ins per second through the whole API (routing, validation, rate limits, the
 * account lookup, Argon2id, the remembered-browser check, a new session row, cookies) against bare
 * Argon2id verifications of the same parameters: the ratio is our overhead above the hash.
 */
const signInBench: Bench = async () => {
  return withBenchApp(async (app) => {
    const owner = new TestBrowser(app, '10.9.0.1');
    await owner.post('/api/v1/accounts/email', {
      email: 'bench@example.org',
      region: 'DE',
      birthDate: '1990-01-01',
      password: PASSWORD,
    });
    await owner.post('/api/v1/accounts/activate', {
      token: linkToken((await lastMessageTo(app, 'bench@example.org')).text),
    });
    const browserCookie = owner.cookies.get('nimbus_browser') ?? '';

    const hash = await hashPassword(PASSWORD);
    await verifyPassword(hash, PASSWORD); // warm-up
    const raw = () =>
      rate(SIGN_INS, CONCURRENCY, async () => {
        if (!(await verifyPassword(hash, PASSWORD))) throw new Error('verify failed');
      });
    let signIns = 0;
    const api = () =>
      rate(SIGN_INS, CONCURRENCY, async () => {
        const index = signIns++;
        // Each from its own address: the per-IP limit is a product rule, not what is measured here.
        const response = await app.inject({
          method: 'POST',
          url: '/api/v1/sessions',
          remoteAddress: `10.${Math.floor(index / 62500) + 10}.${Math.floor(index / 250) % 250}.${(index % 250) + 1}`,
          headers: { cookie: `nimbus_browser=${browserCookie}` },
          payload: { login: 'bench@example.org', password: PASSWORD },
        });
        if (response.statusCode !== 200) throw new Error(`sign-in answered ${response.statusCode}: ${response.body}`);
      });
    // Alternating rounds, so a noisy neighbour slows both sides alike.
    const rawRates: number[] = [];
    const apiRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      rawRates.push(await raw());
      apiRates.push(await api());
    }
    const rawRate = mean(rawRates);
    const apiRate = mean(apiRates);
    return {
      name: 'Sign-in',
      question: `Password sign-ins per second through the API (a remembered browser, so each opens a session) vs bare Argon2id verifications (m=19456 KiB, t=2, p=1), ${ROUNDS} alternating rounds of ${SIGN_INS} each, ${CONCURRENCY} at a time, in one run.`,
      rows: [
        ['Argon2id verifications/s', rawRate.toFixed(1)],
        ['API sign-ins/s', apiRate.toFixed(1)],
      ],
      ratio: { label: 'API sign-ins / bare verifications', value: apiRate / rawRate },
    };
  });
};

export default signInBench;
