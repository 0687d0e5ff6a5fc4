import { describe, expect, it } from 'vitest';
import { ScriptedBackend } from '../../src/backends/scripted.js';
import { solve } from '../../src/core/run.js';
import { SelfConsistency, leaderIsSafe, tallyVotes } from '../../src/reasoners/self-consistency.js';

describe('tallyVotes', () => {
  it('takes the majority and ignores null answers', () => {
    expect(tallyVotes(['b', null, 'a', 'b', null, null]).winner).toBe('b');
    expect(tallyVotes([null, null]).winner).toBeNull();
  });

  it('breaks ties by the answer that reached the top count first', () => {
    expect(tallyVotes(['a', 'b', 'b', 'a']).winner).toBe('b');
    expect(tallyVotes(['a', 'b']).winner).toBe('a');
  });

  it('knows when the leader cannot be overtaken', () => {
    const { counts } = tallyVotes(['a', 'a', 'a']);
    expect(leaderIsSafe(counts, 'a', 2)).toBe(true);
    expect(leaderIsSafe(tallyVotes(['a', 'a', 'b']).counts, 'a', 1)).toBe(false);
  });
});

describe('SelfConsistency', () => {
  it('stops early once the leader is safe', async () => {
    const backend = new ScriptedBackend({ script: { rules: [], default: 'So yes.\nAnswer: yes' } });
    const trace = await solve(
      new SelfConsistency({ samples: 5 }),
      { question: 'q', format: 'yes-no' },
      {
        backend,
      },
    );
    // After 3 identical votes of 5, two remaining cannot overturn the lead.
    expect(backend.requests).toHaveLength(3);
    expect(trace.result.answer).toBe('yes');
  });

  it('samples with distinct seeds and sample indexes at its default temperature', async () => {
    const backend = new ScriptedBackend({
      script: ['Answer: no', 'nothing here', 'Answer: yes', 'Answer: yes'],
    });
    const trace = await solve(
      new SelfConsistency({ samples: 4, earlyStop: false }),
      { question: 'q', format: 'yes-no' },
      { backend, seed: 7 },
    );
    expect(backend.requests.map((request) => request.sample)).toEqual([0, 1, 2, 3]);
    expect(new Set(backend.requests.map((request) => request.seed)).size).toBe(4);
    expect(backend.requests.every((request) => request.temperature === 0.7)).toBe(true);
    expect(trace.result.answer).toBe('yes');
    const last = trace.steps.at(-1);
    expect(last?.type === 'answer' && last.text).toBe('Votes: no: 1, yes: 2');
  });
});
