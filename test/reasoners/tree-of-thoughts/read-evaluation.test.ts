import { describe, expect, it } from 'vitest';
import {
  parseFirstJson,
  readValue,
  readVote,
} from '../../../src/reasoners/tree-of-thoughts/index.js';

describe('readValue', () => {
  it('reads the first JSON value, with prose after it', () => {
    expect(readValue('{"value": 0.9} Hope this helps.')).toEqual({
      ok: true,
      score: 0.9,
      label: '0.9',
    });
    expect(readValue('First {"value": 0.3}, then {"value": 1}.')).toMatchObject({ score: 0.3 });
    expect(readValue('{"why": "a } in a string", "value": 0.25} ok}')).toMatchObject({
      score: 0.25,
    });
    expect(readValue('{"value": "likely"}')).toMatchObject({ score: 0.5, label: 'likely' });
  });

  it('maps the last verdict word to its score', () => {
    expect(readValue('4 * 6 = 24.\nsure')).toMatchObject({ score: 1, label: 'sure' });
    expect(readValue('Likely.')).toMatchObject({ score: 0.5 });
    expect(readValue('It looked impossible, but 4 * 6 = 24, so: sure')).toMatchObject({ score: 1 });
    expect(readValue('Too small. IMPOSSIBLE')).toMatchObject({ score: 0, label: 'impossible' });
  });

  it('fails as data on replies it cannot read', () => {
    expect(readValue('no idea')).toEqual({ ok: false });
    expect(readValue('{"value": 7}')).toEqual({ ok: false });
    expect(readValue('')).toEqual({ ok: false });
  });
});

describe('readVote', () => {
  it('reads the last statement of the best choice', () => {
    expect(readVote('Choice 1 is weak. The best choice is 2', 3)).toEqual({ ok: true, choice: 1 });
    expect(readVote('The best choice is 1... no, the best choice is choice 3.', 3)).toEqual({
      ok: true,
      choice: 2,
    });
  });

  it('rejects choices out of range and missing ones', () => {
    expect(readVote('The best choice is 4', 3)).toEqual({ ok: false });
    expect(readVote('The best choice is 0', 3)).toEqual({ ok: false });
    expect(readVote('All are fine.', 3)).toEqual({ ok: false });
  });
});

describe('parseFirstJson', () => {
  it('skips balanced text that is not JSON', () => {
    const found = parseFirstJson('{not json} [1, {"b": [2]}] {"c": 3}');
    expect(found).toMatchObject({ ok: true, value: [1, { b: [2] }], start: 11, end: 26 });
  });

  it('fails on unclosed or mismatched brackets', () => {
    expect(parseFirstJson('{"a": 1')).toEqual({ ok: false });
    expect(parseFirstJson('{"a": [1}')).toEqual({ ok: false });
    expect(parseFirstJson('plain text')).toEqual({ ok: false });
  });
});
