import Fastify from 'fastify';
import { owner, TestDevice, vcard } from '../server/src/test/index.js';
import { withProductionApp, type Bench } from './bench.js';
import { alternate } from './load.js';

const ROUNDS = 2;
const SECONDS = 10;

/**
 * An authenticated GET of one record through the whole Nimbus app (request ids, security headers,
 * the identity seam resolving a Principal from a device's bearer token or a portal's session
 * cookie, the category check, the record read, the JSON answer; the logger configured as
 * in production) against a bare Fastify app answering the same JSON on the same route. The ratio
 * is the slower of the two credentials against the bare app. Rounds alternate so drift on a noisy
 * machine hits all alike.
 */
const recordBench: Bench = async () => {
  const bare = Fastify({ logger: false });
  return withProductionApp(
    { NIMBUS_CAPTCHA: 'off' },
    async (nimbus) => {
      const email = 'bench.record@example.org';
      const browser = await owner(nimbus, email, '10.50.0.1');
      const phone = await new TestDevice(nimbus, '10.50.0.2').connect(email, 'Phone');
      const [pushed] = await phone.push('contacts', [
        { id: 'bench-record', op: 'upsert', baseVersion: null, data: { vcard: vcard('bench-0001', 'Ada Example') } },
      ]);
      if (pushed?.status !== 'applied') throw new Error(`push: ${JSON.stringify(pushed)}`);
      const route = '/api/v1/records/contacts/bench-record';
      const answer = await phone.call('GET', route);
      if (answer.statusCode !== 200) throw new Error(`GET answered ${answer.statusCode}: ${answer.body}`);
      const body = answer.json<unknown>();
      bare.get('/api/v1/records/:category/:id', () => body);

      const nimbusUrl = `${await nimbus.listen({ host: '127.0.0.1', port: 0 })}${route}`;
      const bareUrl = `${await bare.listen({ host: '127.0.0.1', port: 0 })}${route}`;
      const measured = await alternate(
        {
          bare: { url: bareUrl },
          device: { url: nimbusUrl, headers: { authorization: `Bearer ${phone.accessToken}` } },
          web: { url: nimbusUrl, headers: { cookie: `nimbus_session=${browser.cookies.get('nimbus_session') ?? ''}` } },
        },
        ROUNDS,
        SECONDS,
      );
      const { bare: plain, device, web } = measured;
      return {
        name: 'GET of one record',
        question: `Requests per second of an authenticated GET /api/v1/records/contacts/:id through the full Nimbus app (SQLite), with a device's bearer token and with a portal session cookie, vs a bare Fastify app answering the same JSON on the same route (autocannon, 50 connections, ${ROUNDS}×${SECONDS} s each, alternating).`,
        rows: [
          ['bare Fastify, requests/s', plain.requestsPerSecond.toFixed(0)],
          ['Nimbus with a device token, requests/s', device.requestsPerSecond.toFixed(0)],
          ['Nimbus with a session cookie, requests/s', web.requestsPerSecond.toFixed(0)],
          ['bare Fastify, p50 / p99 latency (ms)', plain.latency],
          ['Nimbus with a device token, p50 / p99 latency (ms)', device.latency],
          ['Nimbus with a session cookie, p50 / p99 latency (ms)', web.latency],
        ],
        ratio: {
          label: 'Nimbus (the slower credential) / bare Fastify throughput',
          value: Math.min(device.requestsPerSecond, web.requestsPerSecond) / plain.requestsPerSecond,
        },
      };
    },
    bare,
  );
};

export default recordBench;
