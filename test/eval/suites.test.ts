import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/core/errors.js';
import { loadSuite, suiteItems } from '../../src/eval/suites.js';

describe('suiteItems and loadSuite', () => {
  it('splits a category count among its suites, interleaved', () => {
    const suites = loadSuite('deductive', { count: 3 }).map((item) => item.suite);
    expect(suites).toEqual(['deductive/prontoqa', 'deductive/proofwriter', 'deductive/prontoqa']);
  });

  it.each([
    [{ count: '3' }, 'suiteItems option count must be a whole number >= 0, not "3".'],
    [{ count: -1 }, 'suiteItems option count must be a whole number >= 0, not -1.'],
    [{ count: 2.5 }, 'suiteItems option count must be a whole number >= 0, not 2.5.'],
    [{ seed: 'x' }, 'suiteItems option seed must be a whole number, not "x".'],
    [{ split: 'val' }, 'suiteItems option split must be one of train, dev, test, not "val".'],
    [{ size: 3 }, 'suiteItems has no option size; its options are seed, split, count.'],
  ])('refuses %j, saying what it takes', (options, message) => {
    const load = () => loadSuite('deductive', options as never);
    expect(load).toThrow(InvalidInputError);
    expect(load).toThrow(message);
    expect(() => suiteItems('deductive', options as never)).toThrow(message);
  });
});

describe('loaders given no path from code', () => {
  it('loadDataFile and loadAgent say what they take', async () => {
    const { loadDataFile: load } = await import('../../src/eval/suites.js');
    const { loadAgent } = await import('../../src/agents/agent.js');
    expect(() => load(undefined as never)).toThrow(
      'loadDataFile takes the path of a .json (Logic-LM or BIG-Bench-Hard), .jsonl or .csv file.',
    );
    expect(() => loadAgent(undefined as never)).toThrow(
      /^loadAgent takes an agent name \(.*logic-solver.*\) or a \.json file path\.$/,
    );
  });
});
