import { describe, expect, it } from 'vitest';
import { progressForTerminal, silentProgress, TerminalProgress } from './progress.js';

/** Enough of a terminal for cli-progress: it draws with cursor moves and line clears. */
function fakeTerminal(isTTY: boolean) {
  let screen = '';
  const stream = {
    isTTY,
    columns: 80,
    write: (text: string) => {
      screen += text;
      return true;
    },
    cursorTo: () => true,
    clearLine: () => true,
    clearScreenDown: () => true,
    moveCursor: () => true,
  };
  return { stream: stream as unknown as NodeJS.WriteStream, screen: () => screen };
}

describe('progress', () => {
  it('draws a bar with the count and the time left, and clears it at the end', () => {
    const terminal = fakeTerminal(true);
    const progress = new TerminalProgress(terminal.stream);
    progress.start('contacts ↑', 4);
    progress.advance(2);
    progress.advance(2);
    progress.stop();
    expect(terminal.screen()).toMatch(/contacts ↑ +\[[█░]+\] 0\/4/);
    expect(terminal.screen()).toMatch(/4\/4 · \S+ left/);
  });

  it('counts when the total is unknown, and stays quiet when standard error is not a terminal', () => {
    const terminal = fakeTerminal(true);
    const progress = new TerminalProgress(terminal.stream);
    progress.start('notes ↓', null);
    progress.advance(1500);
    progress.stop();
    expect(terminal.screen()).toMatch(/notes ↓ +0/);
    expect(progressForTerminal(fakeTerminal(false).stream)).toBe(silentProgress);
  });
});
