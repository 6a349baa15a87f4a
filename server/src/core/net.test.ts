import { describe, expect, it } from 'vitest';
import { isLoopback } from './net.js';

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost', 'app.localhost'])(
    '%s is',
    (host) => {
      expect(isLoopback(host)).toBe(true);
    },
  );
  it.each(['127.evil.example', '10.0.0.1', '192.168.1.20', '::', '0.0.0.0', '::ffff:10.0.0.1', 'example.org', ''])(
    '%s is not',
    (host) => {
      expect(isLoopback(host)).toBe(false);
    },
  );
});
