import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, correct: number): void;
  stop(): void;
}

/** A progress bar on stderr when it is a terminal; silent otherwise. */
export function createProgress(total: number, start: number): Progress {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{bar} {value}/{total} items · accuracy {accuracy} · eta {eta_formatted}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, start, { accuracy: '-' });
  return {
    update(done, correct) {
      bar.update(done, { accuracy: done ? `${((100 * correct) / done).toFixed(1)}%` : '-' });
    },
    stop: () => bar.stop(),
  };
}
