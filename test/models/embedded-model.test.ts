import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_MODEL, resolveLocalModel } from '../../src/backends/local-model.js';
import { type LocalBackend, createLocalBackend } from '../../src/backends/transformers.js';
import { solve } from '../../src/core/run.js';
import { oneRuleForm } from '../../src/eval/generators/prontoqa.js';
import type { EvalItem } from '../../src/eval/item.js';
import { loadSuite } from '../../src/eval/suites.js';
import { ChainOfThought } from '../../src/reasoners/chain-of-thought.js';
import { ReAct } from '../../src/reasoners/react/react.js';
import { getTools } from '../../src/tools/registry.js';
import { blockModelDownloads } from '../support/no-network.js';

// The committed model, loaded offline: any request for a file fails the test.
const fetched = blockModelDownloads();

let backend: LocalBackend;

beforeAll(async () => {
  backend = createLocalBackend({ spec: 'local' });
  await backend.load();
});

afterAll(async () => {
  await backend.close();
});

// The items `stepwise eval --suite deductive/prontoqa` runs (test split, default seed).
const suite = loadSuite('deductive/prontoqa', { split: 'test', count: 100, seed: 20261203 });
function item(id: string): EvalItem {
  const found = suite.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`No item ${id}.`);
  return found;
}

function task(of: EvalItem) {
  return { question: of.question, context: of.context, options: of.options, format: of.format };
}

describe(`the embedded model (${EMBEDDED_MODEL})`, () => {
  it('ships in models/ and is what `local` loads', () => {
    expect(resolveLocalModel('local')).toMatchObject({ kind: 'embedded', name: EMBEDDED_MODEL });
  });

  it.each(['prontoqa-test-0004', 'prontoqa-test-0005', 'prontoqa-test-0007'])(
    'copies the statement of %s into a prover call and answers from its verdict (ReAct)',
    async (id) => {
      const asked = item(id);
      const react = new ReAct({ tools: getTools(['prover']), protocol: 'text' });
      const trace = await solve(react, task(asked), { backend, temperature: 0 });
      const statement = asked.question.slice(asked.question.lastIndexOf('?') + 1).trim();
      expect(trace.steps.find((step) => step.type === 'action')).toMatchObject({
        tool: 'prover',
        input: { goal: statement },
      });
      expect(trace.result.answer).toBe(asked.answer);
    },
  );

  it.each(['prontoqa-test-0046'])(
    'writes the gold proof chain of %s with greedy chain-of-thought',
    async (id) => {
      const asked = item(id);
      const trace = await solve(new ChainOfThought(), task(asked), { backend, temperature: 0 });
      const thought = trace.steps.find((step) => step.type === 'thought');
      // The model was trained on chains that write every rule in one form.
      const chain = (asked.goldReasoning ?? []).map(oneRuleForm).join('\n');
      expect(thought).toMatchObject({ text: chain });
      expect(trace.result.answer).toBe(asked.answer);
    },
  );

  it('never touched the network', () => {
    expect(fetched).toEqual([]);
  });
});
