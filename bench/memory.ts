/**
 * Peak memory of an eval over a 100,000-item generated suite on a
 * zero-latency backend: items stream and only traceless results stay.
 * Run in a child process so its peak RSS is its own.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEvalSpec } from '../src/eval/eval-spec.js';
import { cyclingBackend, text } from './cycling-backend.js';

const count = Number(process.argv[2] ?? 100_000);
const backend = cyclingBackend([text('Following the rules.\nAnswer: A')]);
const out = mkdtempSync(join(tmpdir(), 'stepwise-memory-'));
const started = performance.now();
const { summary } = await runEvalSpec(
  {
    suite: 'deductive/prontoqa',
    count,
    reasoner: 'direct',
    backend: 'scripted:bench',
    cache: false,
    out,
    concurrency: 16,
  },
  { backend },
);
const seconds = (performance.now() - started) / 1000;
(globalThis as { gc?: () => void }).gc?.();
process.stdout.write(
  JSON.stringify({
    items: summary.n,
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024,
  }),
);
