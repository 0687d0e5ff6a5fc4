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
      format: '{bar} {value}/{total} items · accuracy {accuracy} · eta {left}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(total, start, { accuracy: '-', left: '-' });
  return {
    update(done, correct) {
      // Our own estimate: the bar's reads "NFs" until its buffer fills.
      const fresh = done - start;
      const seconds = fresh > 0 ? ((Date.now() - started) / 1000 / fresh) * (total - done) : NaN;
      bar.update(done, {
        accuracy: done ? `${((100 * correct) / done).toFixed(1)}%` : '-',
        left: Number.isFinite(seconds) ? `${Math.round(seconds)}s` : '-',
      });
    },
    stop: () => bar.stop(),
  };
}
