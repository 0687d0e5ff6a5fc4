import type { MatrixConfigInput } from '../src/eval/matrix.js';

/** Direct answers against chain-of-thought and the prover agent on the deductive suites. */
export default {
  name: 'deductive',
  suites: ['deductive/prontoqa', 'deductive/proofwriter'],
  reasoners: [
    'direct',
    'cot',
    { reasoner: 'react', params: { tools: 'prover', maxSteps: 4 }, label: 'react-prover' },
  ],
  backends: ['local'],
  limit: 100,
} satisfies MatrixConfigInput;
