import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/core/errors.js';
import { ChainOfThought } from '../../src/reasoners/chain-of-thought.js';
import { Direct } from '../../src/reasoners/direct.js';
import { Likelihood } from '../../src/reasoners/likelihood.js';
import { ReAct } from '../../src/reasoners/react/react.js';
import { Reflexion } from '../../src/reasoners/reflexion/reflexion.js';
import { SelfConsistency } from '../../src/reasoners/self-consistency.js';
import {
  TreeOfThoughts,
  deductiveTask,
  game24Task,
} from '../../src/reasoners/tree-of-thoughts/index.js';
import { prover } from '../../src/tools/index.js';

/** Builds a reasoner from untyped options, as plain JavaScript or parsed JSON would. */
type Untyped = (options?: unknown) => unknown;
const make = {
  Direct: ((options) => new Direct(options as never)) as Untyped,
  ChainOfThought: ((options) => new ChainOfThought(options as never)) as Untyped,
  SelfConsistency: ((options) => new SelfConsistency(options as never)) as Untyped,
  Likelihood: ((options) => new Likelihood(options as never)) as Untyped,
  ReAct: ((options) => new ReAct(options as never)) as Untyped,
  Reflexion: ((options) => new Reflexion(options as never)) as Untyped,
  TreeOfThoughts: ((options) => new TreeOfThoughts(options as never)) as Untyped,
};

describe('reasoner options given from code', () => {
  it.each([
    ['ReAct', undefined, /ReAct needs its tools: new ReAct\(\{ tools: \[\.\.\.\] \}\)/],
    ['ReAct', { tools: prover }, /ReAct needs its tools/],
    [
      'ReAct',
      { tools: [prover], maxSteps: 0 },
      /ReAct option maxSteps must be a whole number >= 1, not 0/,
    ],
    [
      'ReAct',
      { tools: [prover], maxRepeats: 1.5 },
      /ReAct option maxRepeats must be a whole number >= 0, not 1.5/,
    ],
    [
      'ReAct',
      { tools: [prover], protocol: 'json' },
      /ReAct option protocol must be one of auto, native, text, not "json"/,
    ],
    ['Direct', { shots: -1 }, /Direct option shots must be a whole number >= 0, not -1/],
    ['Direct', 3, /Direct takes an options object \(\{ shots \}\), not 3/],
    [
      'ChainOfThought',
      { shots: '2' },
      /ChainOfThought option shots must be a whole number >= 0, not "2"/,
    ],
    ['ChainOfThought', [], /ChainOfThought takes an options object.*not an array/],
    [
      'SelfConsistency',
      { samples: 0 },
      /SelfConsistency option samples must be a whole number >= 1, not 0/,
    ],
    [
      'SelfConsistency',
      { temperature: -0.1 },
      /SelfConsistency option temperature must be a number >= 0, not -0.1/,
    ],
    ['SelfConsistency', null, /SelfConsistency takes an options object.*not null/],
    ['ChainOfThought', { shot: 2 }, /ChainOfThought has no option shot; its options are shots\./],
    [
      'SelfConsistency',
      { sample: 3 },
      /SelfConsistency has no option sample; its options are samples, temperature, shots, earlyStop\./,
    ],
    [
      'SelfConsistency',
      { earlyStop: 'false' },
      /SelfConsistency option earlyStop must be true or false, not "false"/,
    ],
    [
      'SelfConsistency',
      { temperature: Infinity },
      /SelfConsistency option temperature must be a number >= 0, not Infinity/,
    ],
    [
      'ReAct',
      { tools: [prover], coerce: 'no' },
      /ReAct option coerce must be true or false, not "no"/,
    ],
    [
      'TreeOfThoughts',
      { beam: 2 },
      /TreeOfThoughts has no option beam; its options are search, breadth/,
    ],
    [
      'Likelihood',
      { normalize: 'chars' },
      /Likelihood option normalize must be one of none, tokens, not "chars"/,
    ],
    [
      'Reflexion',
      { maxTrials: 0 },
      /Reflexion option maxTrials must be a whole number >= 1, not 0/,
    ],
    [
      'Reflexion',
      { evaluator: 'strict' },
      /Reflexion option evaluator must be one of auto, exact, heuristic, llm, not "strict"/,
    ],
    [
      'Reflexion',
      { evaluator: {} },
      /Reflexion option evaluator must be an evaluator name or an object with an evaluate method/,
    ],
    ['Reflexion', { actor: 'cot' }, /Reflexion option actor must be a reasoner/],
    ['Reflexion', { actor: null }, /Reflexion option actor must be a reasoner/],
    [
      'TreeOfThoughts',
      { breadth: 0 },
      /TreeOfThoughts option breadth must be a whole number >= 1, not 0/,
    ],
    [
      'TreeOfThoughts',
      { threshold: 2 },
      /TreeOfThoughts option threshold must be a number from 0 to 1, not 2/,
    ],
    [
      'TreeOfThoughts',
      { search: 'beam' },
      /TreeOfThoughts option search must be one of bfs, dfs, not "beam"/,
    ],
    [
      'TreeOfThoughts',
      { task: 'chess' },
      /TreeOfThoughts option task must be one of generic, game24, deductive, not "chess"/,
    ],
  ] as const)('%s(%j) is an InvalidInputError that says what to pass', (name, options, message) => {
    const build = () => make[name](options);
    expect(build).toThrow(InvalidInputError);
    expect(build).toThrow(message);
  });

  it.each([
    ['Direct', undefined],
    ['ChainOfThought', { shots: 2 }],
    ['SelfConsistency', { samples: 1, temperature: 0, shots: 0 }],
    ['Likelihood', { normalize: 'tokens' }],
    ['ReAct', { tools: [prover], maxSteps: 3, maxRepeats: 0, protocol: 'text' }],
    ['Reflexion', { maxTrials: 2, evaluator: 'exact', actor: new Direct() }],
    ['TreeOfThoughts', { breadth: 1, threshold: 0, task: 'game24', search: 'dfs' }],
    ['TreeOfThoughts', { task: game24Task }],
    ['TreeOfThoughts', { task: deductiveTask }],
  ] as const)('%s(%j) is accepted', (name, options) => {
    expect(make[name](options)).toHaveProperty('run');
  });
});

describe('the public API', () => {
  it('exports a class for every reasoner the registry names', async () => {
    const api = await import('../../src/index.js');
    const classes = {
      direct: api.Direct,
      cot: api.ChainOfThought,
      'self-consistency': api.SelfConsistency,
      likelihood: api.Likelihood,
      react: api.ReAct,
      tot: api.TreeOfThoughts,
      reflexion: api.Reflexion,
    };
    expect(Object.keys(classes).sort()).toEqual([...api.reasonerNames].sort());
    expect(new api.Likelihood({ normalize: 'tokens' }).name).toBe('likelihood');
  });
});

describe('createReasoner parameters', () => {
  it.each([
    ['direct', { shots: '' }, /^Bad parameter shots for reasoner direct: /],
    ['direct', { shots: null }, /^Bad parameter shots for reasoner direct: /],
    [
      'self-consistency',
      { samples: true },
      /^Bad parameter samples for reasoner self-consistency: /,
    ],
    [
      'cot',
      'x',
      /^createReasoner takes the parameters of cot as an object, e.g. \{ shots: 2 \}\.$/,
    ],
  ])('%s with %j is refused, not read as 0 or 1', async (name, params, message) => {
    const { createReasoner } = await import('../../src/reasoners/registry.js');
    expect(() => createReasoner(name, params as never)).toThrow(message);
  });

  it('still reads numbers spelt as strings, as the CLI passes them', async () => {
    const { createReasoner } = await import('../../src/reasoners/registry.js');
    expect(createReasoner('self-consistency', { samples: '3', temperature: '0.5' }).name).toBe(
      'self-consistency',
    );
    expect(() => createReasoner('self-consistency', { samples: '0' })).toThrow(
      /^Bad parameter samples/,
    );
  });
});
