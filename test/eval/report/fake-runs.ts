import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Step } from '../../../src/core/step.js';
import type { Trace } from '../../../src/core/trace.js';
import { ItemResult } from '../../../src/eval/results.js';
import { summarize } from '../../../src/eval/summary.js';

export interface FakeRunOptions {
  /** Folder the run is written to. */
  dir: string;
  items: number;
  /** Whether item `index` is answered correctly. */
  correct: (index: number) => boolean;
  reasoner: string;
  backend: string;
  /** Items from the start that carry a trace. Default: 10. */
  traced?: number;
  /** Tokens per item. Default: 100. */
  tokens?: number;
  /** Write summary.json too. Default: true. */
  summary?: boolean;
}

/** An id with characters that HTML ids and URL fragments must not see raw. */
export const ODD_ID = 'q:7/x y';

export function itemId(index: number): string {
  return index === 3 ? ODD_ID : `item-${index + 1}`;
}

const usage = (prompt: number, completion: number) => ({
  promptTokens: prompt,
  completionTokens: completion,
  totalTokens: prompt + completion,
});

function step(index: number, fields: Record<string, unknown>): Step {
  return {
    id: `s${index}`,
    parentId: index ? `s${index - 1}` : null,
    reasoner: 'fake',
    depth: index,
    timing: { startedAt: 1000 + index, endedAt: 1001 + index },
    usage: usage(0, 0),
    raw: 'RAW MODEL TEXT THAT THE REPORT DROPS',
    ...fields,
  } as Step;
}

function trace(index: number, answer: string, gold: string, reasoner: string): Trace {
  return {
    version: 1,
    reasoner,
    backend: 'fake',
    task: {
      question: `Question ${index}: is <it> true?`,
      context: null,
      format: 'yes-no',
      options: null,
      gold,
    },
    steps: [
      step(0, { type: 'thought', text: `Thinking about item ${index}.` }),
      step(1, { type: 'action', tool: 'calculator', input: { expression: '2+2' }, callId: null }),
      step(2, { type: 'observation', tool: 'calculator', text: '4', isError: false }),
      step(3, {
        type: 'evaluation',
        kind: 'vote',
        targetId: null,
        score: 0.75,
        label: answer,
        text: 'Most samples agree.',
      }),
      step(4, { type: 'answer', answer, text: `Answer: ${answer}`, method: 'declared' }),
    ],
    result: {
      answer,
      stopReason: 'answer',
      calls: 2,
      usage: usage(60, 40),
      latencyMs: 30,
      error: null,
    },
  };
}

export function fakeResult(index: number, options: FakeRunOptions): ItemResult {
  const gold = index % 3 === 0 ? 'no' : 'yes';
  const correct = options.correct(index);
  const answer = correct ? gold : gold === 'yes' ? 'no' : 'yes';
  const tokens = options.tokens ?? 100;

  // Item 5 of every run fails with an error; item 7, when wrong, gives no answer.
  const failed = index === 5;
  const unanswered = index === 7 && !correct;
  const result = {
    id: itemId(index),
    epoch: 0,
    suite: index % 2 ? 'fake/deductive' : 'fake/arithmetic',
    category: index % 2 ? 'deductive' : 'arithmetic',
    difficulty: { hops: index % 4, distractors: index % 2 },
    answer: failed || unanswered ? null : answer,
    gold,
    correct: failed ? false : correct,
    method: failed || unanswered ? null : 'declared',
    scorer: 'exact',
    stopReason: failed ? 'error' : unanswered ? 'no-answer' : 'answer',
    error: failed ? { code: 'backend-error', message: 'The server said no.' } : null,
    calls: 2,
    usage: usage(tokens * 0.6, tokens * 0.4),
    latencyMs: 20 + index,
    trace: index < (options.traced ?? 10) ? trace(index, answer, gold, options.reasoner) : null,
  };
  return ItemResult.parse(result);
}

/** Writes results.jsonl, manifest.json and (optionally) summary.json. */
export function writeFakeRun(options: FakeRunOptions): ItemResult[] {
  mkdirSync(options.dir, { recursive: true });
  const results = Array.from({ length: options.items }, (_, index) => fakeResult(index, options));
  writeFileSync(
    join(options.dir, 'results.jsonl'),
    results.map((result) => `${JSON.stringify(result)}\n`).join(''),
  );
  writeFileSync(
    join(options.dir, 'manifest.json'),
    JSON.stringify({
      suite: 'fake',
      data: null,
      split: 'test',
      seed: 7,
      reasoner: options.reasoner,
      params: { samples: 5 },
      backend: options.backend,
      backendIdentity: `${options.backend}|identity`,
      stepwise: '0.1.0',
      createdAt: '2026-01-01T00:00:00.000Z',
    }),
  );
  if (options.summary ?? true) {
    writeFileSync(join(options.dir, 'summary.json'), JSON.stringify(summarize(results)));
  }
  return results;
}

/** Two runs over 40 items: A right on even items (20), B on all but every fifth (32). */
export function writeTwoRuns(root: string) {
  const a = join(root, 'run-a');
  const b = join(root, 'run-b');
  const resultsA = writeFakeRun({
    dir: a,
    items: 40,
    correct: (index) => index % 2 === 0,
    reasoner: 'chain-of-thought',
    backend: 'local',
  });
  const resultsB = writeFakeRun({
    dir: b,
    items: 40,
    correct: (index) => index % 5 !== 0,
    reasoner: 'self-consistency',
    backend: 'openai:gpt-4o-mini',
    tokens: 500,
    summary: false,
  });
  return { a, b, resultsA, resultsB };
}
