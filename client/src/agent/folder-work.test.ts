import type { Category } from '@nimbus/protocol';
import { describe, expect, it } from 'vitest';
import { FolderWork } from './folder-work.js';

/** A run that waits until the test lets it finish, recording what it was given. */
function gatedWork() {
  const runs: { categories: Category[]; commands: string[] }[] = [];
  let open: (() => void) | null = null;
  const work = new FolderWork<{ id: string }>(
    async (categories, commands) => {
      runs.push({ categories, commands: commands.map((command) => command.id) });
      await new Promise<void>((resolve) => (open = resolve));
    },
    (error) => {
      throw error;
    },
  );
  const finishRun = async () => {
    // The run starts asynchronously: wait until it waits on the gate.
    while (open === null) await new Promise((resolve) => setTimeout(resolve, 1));
    const release = open;
    open = null;
    release();
    await new Promise((resolve) => setTimeout(resolve, 1));
  };
  return { work, runs, finishRun };
}

describe('the agent’s folder work', () => {
  it('gathers what is asked during a run into one next run, in the categories’ order', async () => {
    const { work, runs, finishRun } = gatedWork();
    work.sync(['notes']);
    // While the first run goes: a burst of hints and two commands, one of them twice.
    work.sync(['notes']);
    work.sync(['contacts']);
    work.sync(['notes']);
    work.command({ id: 'c1' });
    work.command({ id: 'c2' });
    work.command({ id: 'c1' });
    await finishRun();
    await finishRun();
    await work.idle();
    expect(runs).toEqual([
      { categories: ['notes'], commands: [] },
      { categories: ['contacts', 'notes'], commands: ['c1', 'c2'] },
    ]);
  });

  it('does not take a command again while it is being carried out, but does afterwards', async () => {
    const { work, runs, finishRun } = gatedWork();
    work.command({ id: 'c1' });
    await new Promise((resolve) => setTimeout(resolve, 1));
    work.command({ id: 'c1' });
    await finishRun();
    await work.idle();
    work.command({ id: 'c1' });
    await finishRun();
    await work.idle();
    expect(runs.map((run) => run.commands)).toEqual([['c1'], ['c1']]);
  });

  it('drops what waits when closed and takes nothing more', async () => {
    const { work, runs, finishRun } = gatedWork();
    work.sync(['calls']);
    work.sync(['messages']);
    const closed = work.close();
    work.sync(['notes']);
    await finishRun();
    await closed;
    expect(runs).toEqual([{ categories: ['calls'], commands: [] }]);
  });
});
