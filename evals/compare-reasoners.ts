import type { MatrixConfigInput } from '../src/eval/matrix.js';

/**
 * Which reasoner reasons best per unit of compute? Every reasoner on the
 * three categories, on the embedded model. Point `backends` at your own
 * server (e.g. { spec: 'openai:Qwen/Qwen2.5-7B-Instruct', rate: 10 }).
 *
 *   npx stepwise eval --config evals/compare-reasoners.ts
 *   npx stepwise report runs/compare-reasoners/*
 */
export default {
  name: 'compare-reasoners',
  suites: [
    { suite: 'deductive', limit: 50 },
    { suite: 'inductive', limit: 50 },
    { suite: 'causal', limit: 50 },
  ],
  reasoners: [
    'direct',
    'cot',
    { reasoner: 'self-consistency', params: { samples: 5 }, label: 'sc5' },
  ],
  backends: ['local'],
  concurrency: 4,
} satisfies MatrixConfigInput;
