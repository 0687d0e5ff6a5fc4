import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScriptedBackend, loadScriptedBackend } from '../../src/backends/scripted.js';
import { ScriptedExhaustedError, InvalidSpecError } from '../../src/core/errors.js';

describe('ScriptedBackend', () => {
  it('uses replies in order, records requests, and runs out with a typed error', async () => {
    const backend = new ScriptedBackend({ script: ['one', 'two'] });
    expect((await backend.generate({ prompt: 'a' })).choices[0]?.text).toBe('one');
    expect((await backend.generate({ prompt: 'b' })).choices[0]?.text).toBe('two');
    await expect(backend.generate({ prompt: 'c' })).rejects.toBeInstanceOf(ScriptedExhaustedError);
    expect(backend.requests.map((request) => request.prompt)).toEqual(['a', 'b', 'c']);
    expect(backend.capabilities.tools).toBe(false);
  });

  it('picks replies by substring and regex rules, else the default', async () => {
    const backend = new ScriptedBackend({
      script: {
        rules: [
          { match: 'capital', reply: 'Paris' },
          { regex: '^\\d+\\s*\\+', reply: '42' },
        ],
        default: 'unsure',
      },
    });
    const text = async (prompt: string) => (await backend.generate({ prompt })).choices[0]?.text;
    expect(await text('the capital of France')).toBe('Paris');
    expect(await text('40 + 2')).toBe('42');
    expect(await text('hello')).toBe('unsure');
  });

  it('cuts replies at stop sequences', async () => {
    const backend = new ScriptedBackend({ script: ['Thought: x\nObservation: y'] });
    const result = await backend.generate({ prompt: 'p', stop: ['Observation:'] });
    expect(result.choices[0]).toEqual({ text: 'Thought: x\n', finishReason: 'stop' });
  });

  it('loads a script file and hashes its content for identity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scripted-'));
    writeFileSync(join(dir, 'a.json'), '["x"]');
    writeFileSync(join(dir, 'b.json'), '["y"]');
    const a = loadScriptedBackend(join(dir, 'a.json'));
    const b = loadScriptedBackend(join(dir, 'b.json'));
    expect(a.id).toBe(`scripted:${join(dir, 'a.json')}`);
    expect(await a.identity()).not.toBe(await b.identity());

    writeFileSync(join(dir, 'bad.json'), '{"rules": [{"reply": "x"}]}');
    expect(() => loadScriptedBackend(join(dir, 'bad.json'))).toThrow(InvalidSpecError);
    expect(() => loadScriptedBackend(join(dir, 'missing.json'))).toThrow(/Cannot read/);
  });
});
