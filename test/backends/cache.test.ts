import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CachedBackend } from '../../src/backends/cache.js';
import { ScriptedBackend } from '../../src/backends/scripted.js';
import { solve } from '../../src/core/run.js';
import { SelfConsistency } from '../../src/reasoners/self-consistency.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'stepwise-cache-'));

describe('CachedBackend', () => {
  it('serves a repeated request from disk without calling the backend', async () => {
    const dir = freshDir();
    const first = new ScriptedBackend({ script: ['cached reply'] });
    await new CachedBackend(first, { dir }).generate({ prompt: 'p', temperature: 0 });

    // A new backend with an identical script has the same identity, so it hits.
    const second = new ScriptedBackend({ script: ['cached reply'] });
    const cache = new CachedBackend(second, { dir });
    const result = await cache.generate({ prompt: 'p', temperature: 0 });
    expect(result.choices[0]?.text).toBe('cached reply');
    expect(result.cached).toBe(true);
    expect(second.requests).toHaveLength(0);
  });

  it('keys on the sample index, so k samples are k requests', async () => {
    const dir = freshDir();
    const inner = new ScriptedBackend({ script: ['a', 'b'] });
    const cache = new CachedBackend(inner, { dir });
    await cache.generate({ prompt: 'p', sample: 0 });
    await cache.generate({ prompt: 'p', sample: 1 });
    expect(inner.requests).toHaveLength(2);
    expect((await cache.generate({ prompt: 'p', sample: 1 })).choices[0]?.text).toBe('b');
  });

  it('fails loudly on a miss in replay mode', async () => {
    const cache = new CachedBackend(new ScriptedBackend({ script: ['x'] }), {
      dir: freshDir(),
      onMiss: 'fail',
    });
    await expect(cache.generate({ prompt: 'p' })).rejects.toThrow(/no cached reply/);
  });

  it('case 3: self-consistency k=5 at temperature 0.8 makes 5 requests and 5 distinct votes', async () => {
    const inner = new ScriptedBackend({
      script: ['Answer: 1', 'Answer: 2', 'Answer: 3', 'Answer: 4', 'Answer: 5'],
    });
    const backend = new CachedBackend(inner, { dir: freshDir() });
    const trace = await solve(
      new SelfConsistency({ samples: 5 }),
      { question: 'q', format: 'number' },
      {
        backend,
        temperature: 0.8,
      },
    );
    const votes = trace.steps.filter((step) => step.type === 'evaluation' && step.kind === 'vote');
    expect(inner.requests).toHaveLength(5);
    expect(new Set(votes.map((vote) => (vote.type === 'evaluation' ? vote.label : null)))).toEqual(
      new Set(['1', '2', '3', '4', '5']),
    );
    expect(inner.requests.every((request) => request.temperature === 0.8)).toBe(true);
    // Tie rule: the earliest answer to reach the top count wins.
    expect(trace.result.answer).toBe('1');
  });
});

describe('CachedBackend failures', () => {
  it('refuses a cache folder it cannot create, before any call', () => {
    const file = join(freshDir(), 'not-a-folder');
    writeFileSync(file, 'x');
    expect(() => new CachedBackend(new ScriptedBackend({ script: ['x'] }), { dir: file })).toThrow(
      /Cannot write the cache folder/,
    );
  });

  it('returns the reply when it cannot be stored, and counts the failure', async () => {
    const dir = freshDir();
    const cache = new CachedBackend(new ScriptedBackend({ script: ['kept'] }), { dir });
    rmSync(dir, { recursive: true });
    writeFileSync(dir, 'now a file');
    const result = await cache.generate({ prompt: 'p' });
    expect(result.choices[0]?.text).toBe('kept');
    expect(cache.writeFailures).toBe(1);
  });
});
