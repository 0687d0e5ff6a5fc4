import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/core/errors.js';
import { createOpenAIApp } from '../../src/server/openai/app.js';
import { servedModels } from '../../src/server/openai/models.js';
import { createPlayground } from '../../src/server/playground/app.js';

describe('server factories given bad arguments from code', () => {
  it.each([
    [() => createOpenAIApp(undefined as never), 'createOpenAIApp needs { models }'],
    [() => createOpenAIApp({} as never), 'createOpenAIApp needs { models }'],
    [() => createPlayground(undefined as never), 'createPlayground needs { backends }'],
    [() => createPlayground({ backends: {} } as never), 'a Map from backend spec to backend'],
    [() => servedModels(undefined as never), 'servedModels takes an array of { id, backend }'],
    [() => servedModels([{}] as never), 'servedModels takes an array of { id, backend }'],
  ])('case %#: an InvalidInputError that says what to pass', (make, message) => {
    expect(make).toThrow(InvalidInputError);
    expect(make).toThrow(message);
  });
});
