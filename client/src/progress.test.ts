import { describe, expect, it } from 'vitest';
import { progressForTerminal, silentProgress, TerminalProgress } from './progress.js';

function fakeTerminal(isTTY: boolean) {
  const written: string[] = [];
  const stream = { isTTY, columns: 60, write: (text: string) => written.push(text) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, written };
}

describe('progress', () => {
  it('draws a bar that fills as work is done, within the terminal width, and clears it at the end', () => {
    const { stream, written } = fakeTerminal(true);
    const progress = new TerminalProgress(stream);
    progress.start('contacts ↑', 4);
    expect(progress.line(60)).toMatch(/^contacts ↑ +\[░+\] 0\/4$/);
    progress.advance(2);
    expect(progress.line(60)).toMatch(/\[█+░+\] 2\/4$/);
    progress.advance(2);
    expect(progress.line(60)).toMatch(/\[█+\] 4\/4$/);
    expect(progress.line(60).length).toBeLessThan(60);
    progress.stop();
    expect(written.at(-2)).toContain('4/4');
    expect(written.at(-1)).toBe('\r\u001b[2K');
  });

  it('counts when the total is unknown, and stays quiet when standard error is not a terminal', () => {
    const { stream } = fakeTerminal(true);
    const progress = new TerminalProgress(stream);
    progress.start('notes ↓', null);
    progress.advance(1500);
    expect(progress.line(60)).toMatch(/^notes ↓ +1500$/);
    expect(progressForTerminal(fakeTerminal(false).stream)).toBe(silentProgress);
  });
});
