import { describe, expect, it } from 'vitest';
import { ScriptedBackend } from '../../src/backends/scripted.js';
import { createBackend, parseBackendSpec } from '../../src/backends/spec.js';
import { InvalidInputError, InvalidSpecError } from '../../src/core/errors.js';

describe('backend specs and options given from code', () => {
  it.each([
    [null, 'not null'],
    [42, 'not number'],
    [['openai:x'], 'not an array'],
  ])('a spec of %j is an InvalidSpecError', async (spec, message) => {
    expect(() => parseBackendSpec(spec as never)).toThrow(InvalidSpecError);
    expect(() => parseBackendSpec(spec as never)).toThrow(
      `A backend spec is a string such as "local" or "openai:gpt-4o-mini", ${message}.`,
    );
    await expect(createBackend(spec as never)).rejects.toThrow(InvalidSpecError);
  });

  it.each([
    [
      null,
      'createBackend takes an options object ({ cache, baseURL, apiKey, timeoutMs }), not null.',
    ],
    [
      { baseUrl: 'http://x' },
      'createBackend has no option baseUrl; its options are cache, baseURL',
    ],
    [
      { baseURL: 'not a url' },
      'createBackend option baseURL must be a URL such as http://localhost:8000/v1',
    ],
    [{ timeoutMs: -5 }, 'createBackend option timeoutMs must be a whole number >= 1, not -5.'],
    [{ apiKey: 7 }, 'createBackend option apiKey must be a string.'],
  ])('createBackend options %j are an InvalidInputError', async (options, message) => {
    const made = createBackend('openai:gpt-4o-mini', options as never);
    await expect(made).rejects.toThrow(InvalidInputError);
    await expect(createBackend('openai:gpt-4o-mini', options as never)).rejects.toThrow(message);
  });

  it('a ScriptedBackend without options says what a script is', () => {
    expect(() => new ScriptedBackend(undefined as never)).toThrow(
      /^Not a script: .*Give an array of replies/,
    );
  });
});
