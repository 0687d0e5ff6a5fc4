import { describe, expect, it } from 'vitest';
import { ScriptedBackend } from '../../src/backends/scripted.js';
import { createLocalBackend } from '../../src/backends/transformers.js';
import type { Backend } from '../../src/core/backend.js';
import { solve } from '../../src/core/run.js';
import { Likelihood } from '../../src/reasoners/likelihood.js';

const task = {
  question: 'Is the following statement true or false? Max is cold.',
  context: 'Every lorpus is a brimpus. Each brimpus is cold. Max is a lorpus.',
  options: ['A) True', 'B) False'],
  format: 'letter' as const,
};

describe('Likelihood', () => {
  it('picks the option with the highest log-likelihood and records each as an evaluation', async () => {
    const scripted = new ScriptedBackend({ script: [] });
    const requests: string[][] = [];
    const backend: Backend = {
      ...scripted,
      id: 'fake',
      capabilities: scripted.capabilities,
      identity: () => scripted.identity(),
      generate: (request) => scripted.generate(request),
      stream: (request) => scripted.stream(request),
      async loglikelihood(request) {
        requests.push(request.continuations);
        return {
          logprobs: [-3, -1.5],
          tokens: [1, 1],
          usage: { promptTokens: 20, completionTokens: 0, totalTokens: 20 },
        };
      },
    };
    const trace = await solve(new Likelihood(), task, { backend });
    expect(requests).toEqual([[' True', ' False']]);
    expect(trace.result.answer).toBe('B');
    const scores = trace.steps.flatMap((step) =>
      step.type === 'evaluation' ? [[step.label, step.score]] : [],
    );
    expect(scores).toEqual([
      ['A', -3],
      ['B', -1.5],
    ]);
  });

  it('fails clearly on a backend without log-likelihoods', async () => {
    const trace = await solve(new Likelihood(), task, {
      backend: new ScriptedBackend({ script: [] }),
    });
    expect(trace.result.error?.message).toMatch(/no log-likelihoods/);
  });

  it('scores options on a local model, consistent with its greedy logprobs', async () => {
    const backend = createLocalBackend({ spec: 'local:tiny-gpt2' });
    const result = await backend.loglikelihood({
      prompt: 'Hello',
      continuations: [' world', ' world'],
    });
    expect(result.logprobs[0]).toBe(result.logprobs[1]);
    expect(result.logprobs[0]).toBeLessThan(0);

    // The greedy first token ("_") scores what the decoder reported for it.
    const generated = await backend.generate({ prompt: 'Hello', maxTokens: 1, logprobs: true });
    const token = generated.choices[0]?.logprobs?.[0];
    expect(token?.token).toBe('_');
    const scored = await backend.loglikelihood({ prompt: 'Hello', continuations: ['_'] });
    expect(scored.tokens).toEqual([1]);
    expect(scored.logprobs[0]).toBeCloseTo(token?.logprob ?? 0, 6);
    const trace = await solve(new Likelihood(), task, { backend });
    expect(['A', 'B']).toContain(trace.result.answer);
    await backend.close();
  });
});
