import { describe, expect, it } from 'vitest';
import { formatBytes, progressForTerminal, silentProgress, TerminalProgress } from './progress.js';

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

  it('counts bytes with the rate and the time left, from where a resumed upload stands', async () => {
    const terminal = fakeTerminal(true);
    const progress = new TerminalProgress(terminal.stream);
    progress.start('video.mp4', 200_000_000, { unit: 'bytes', done: 50_000_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    progress.advance(25_000_000);
    progress.stop();
    expect(terminal.screen()).toMatch(/video\.mp4 +\[[█░]+\] 50\.0 MB\/200 MB/);
    expect(terminal.screen()).toMatch(/75\.0 MB\/200 MB · [\d.]+ [kMG]?B\/s · \S+ left/);
  });

  it('writes bytes in decimal units', () => {
    expect([0, 812, 4_200_000, 1_070_000_000, 64 * 1024 * 1024].map(formatBytes)).toEqual([
      '0 B',
      '812 B',
      '4.20 MB',
      '1.07 GB',
      '67.1 MB',
    ]);
  });
});
