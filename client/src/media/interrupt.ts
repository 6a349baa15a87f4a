/** Exit code of a program stopped by Ctrl-C (128 + SIGINT). */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * An AbortSignal fired by Ctrl-C or SIGTERM, so long work can stop cleanly (its uploads remembered);
 * a second Ctrl-C ends the process at once. `dispose` removes the handlers.
 */
export function abortOnInterrupt(onStop: () => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) process.exit(INTERRUPTED_EXIT_CODE);
    onStop();
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}
