import { describe, expect, it } from 'vitest';
import { splitLinks } from './links';

describe('splitLinks', () => {
  it('finds http and https addresses among text', () => {
    expect(splitLinks('Open https://nimbus.test/verify?token=a1&x=2 to confirm, or http://127.0.0.1:8080/.')).toEqual([
      { kind: 'text', text: 'Open ' },
      { kind: 'link', href: 'https://nimbus.test/verify?token=a1&x=2' },
      { kind: 'text', text: ' to confirm, or ' },
      { kind: 'link', href: 'http://127.0.0.1:8080/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('leaves sentence punctuation and CJK punctuation outside the link', () => {
    expect(splitLinks('(see https://a.test/x), 打开 https://a.test/y。')).toEqual([
      { kind: 'text', text: '(see ' },
      { kind: 'link', href: 'https://a.test/x' },
      { kind: 'text', text: '), 打开 ' },
      { kind: 'link', href: 'https://a.test/y' },
      { kind: 'text', text: '。' },
    ]);
  });

  it('never links other schemes', () => {
    expect(splitLinks('javascript:alert(1) and mailto:a@b.test')).toEqual([
      { kind: 'text', text: 'javascript:alert(1) and mailto:a@b.test' },
    ]);
  });

  it('returns text without addresses whole, and nothing for nothing', () => {
    expect(splitLinks('Your code is 123456')).toEqual([{ kind: 'text', text: 'Your code is 123456' }]);
    expect(splitLinks('')).toEqual([]);
  });
});
