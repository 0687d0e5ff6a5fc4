import type { MatrixConfigInput } from '../src/eval/matrix.js';

/** Self-consistency across sampling temperatures, three epochs each for a standard error. */
export default {
  name: 'temperature-sweep',
  suites: [{ suite: 'deductive/prontoqa', limit: 50 }],
  reasoners: [{ reasoner: 'self-consistency', params: { samples: 5 }, label: 'sc5' }],
  backends: ['local'],
  parameters: { temperature: [0.3, 0.7, 1.0] },
  epochs: 3,
} satisfies MatrixConfigInput;
