import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/core/errors.js';
import { prove, prover } from '../../src/tools/prover.js';

const ontology = [
  'Every wumpus is a yumpus.',
  'Each yumpus is not bright.',
  'Yumpuses are impuses.',
  'Impuses are hot.',
  'Zumpuses are not opaque.',
  'Every impus is transparent.',
  'Sally is a wumpus.',
  'Max is not sour.',
].join(' ');

const animals = [
  'The bear is big.',
  'The bear is not kind.',
  'The cat eats the dog.',
  'The dog does not visit the bear.',
  'Charlie is young.',
  'The bald eagle is red.',
  'If something is big then it is red.',
  'If the bear is red and the bear is not kind then the bear sees the cat.',
  'If someone eats the dog then the dog chases them.',
  'If someone chases the cat then they are rough.',
  'All red things are nice.',
  'Red, big things are young.',
  'If something is nice and not kind then it is cold.',
  'If something is cold and it sees the cat then the cat is green.',
  'If someone is young and not red then they are quiet.',
].join(' ');

describe('prove on ProntoQA-style ontologies', () => {
  it('proves a chain of class rules and shows each step', () => {
    const result = prove({ facts: ontology, goal: 'Sally is hot.' });
    expect(result.answer).toBe('true');
    expect(result.proof).toEqual([
      'Sally is a wumpus.',
      'Every wumpus is a yumpus.',
      'So Sally is a yumpus.',
      'Yumpuses are impuses.',
      'So Sally is an impus.',
      'Impuses are hot.',
      'So Sally is hot.',
    ]);
    expect(result.skipped).toBe(0);
  });

  it('answers false when the negation follows, and drops the question prefix', () => {
    const goal = 'Is the following statement true or false? Sally is bright.';
    const result = prove({ facts: ontology, goal });
    expect(result.answer).toBe('false');
    expect(result.statement).toBe('Sally is bright.');
    expect(result.proof.at(-1)).toBe('So Sally is not bright.');
  });

  it('reads negated goals, class goals and yes-no questions', () => {
    expect(prove({ facts: ontology, goal: 'Sally is not bright.' }).answer).toBe('true');
    expect(prove({ facts: ontology, goal: 'Sally is not an impus.' }).answer).toBe('false');
    expect(prove({ facts: ontology, goal: 'Is Sally transparent?' }).answer).toBe('true');
    expect(prove({ facts: ontology, goal: 'Max is sour.' }).answer).toBe('false');
  });
});

describe('prove on ProofWriter-style theories (open world)', () => {
  it('binds rule variables to names and "the" entities', () => {
    const result = prove({ facts: animals, goal: 'The bear is red.' });
    expect(result.answer).toBe('true');
    expect(result.proof).toEqual([
      'The bear is big.',
      'If something is big then it is red.',
      'So the bear is red.',
    ]);
  });

  it('uses relations, "them" in the conclusion and conjunctions with negation', () => {
    expect(prove({ facts: animals, goal: 'The dog chases the cat.' }).answer).toBe('true');
    expect(prove({ facts: animals, goal: 'The dog is rough.' }).answer).toBe('true');
    expect(prove({ facts: animals, goal: 'The bear sees the cat.' }).answer).toBe('true');
    expect(prove({ facts: animals, goal: 'The cat is green.' }).answer).toBe('true');
  });

  it('reads "All red things" and "Red, big things" rules', () => {
    expect(prove({ facts: animals, goal: 'The bald eagle is nice.' }).answer).toBe('true');
    expect(prove({ facts: animals, goal: 'The bear is young.' }).answer).toBe('true');
    expect(prove({ facts: animals, goal: 'The bald eagle is young.' }).answer).toBe('unknown');
  });

  it('answers false only from an explicit negation', () => {
    expect(prove({ facts: animals, goal: 'The bear is kind.' }).answer).toBe('false');
    expect(prove({ facts: animals, goal: 'The dog visits the bear.' }).answer).toBe('false');
    expect(prove({ facts: animals, goal: 'The dog does not visit the bear.' }).answer).toBe('true');
  });

  it('does not treat an unprovable condition as false (no negation as failure)', () => {
    // Charlie is young but not known to be "not red", so the rule does not fire.
    expect(prove({ facts: animals, goal: 'Charlie is quiet.' }).answer).toBe('unknown');
    expect(prove({ facts: animals, goal: 'Charlie is not red.' }).answer).toBe('unknown');
    expect(prove({ facts: animals, goal: 'The cat chases the dog.' }).answer).toBe('unknown');
  });

  it('reads lower-case names the premises use, and yes-no relation questions', () => {
    const facts = 'Anne likes Bob. If someone likes Bob then Bob likes them.';
    expect(prove({ facts, goal: 'bob likes anne' }).answer).toBe('true');
    expect(prove({ facts, goal: 'Does Bob like Anne?' }).proof).toEqual([
      'Anne likes Bob.',
      'If someone likes Bob then Bob likes them.',
      'So Bob likes Anne.',
    ]);
  });

  it('reports contradictory premises instead of picking a side', () => {
    const facts = 'Bob is big. If something is big then it is red. Bob is not red.';
    const result = prove({ facts, goal: 'Bob is red.' });
    expect(result).toMatchObject({ answer: 'unknown', contradictory: true });
    expect(result.proof).toEqual([
      'Bob is big.',
      'If something is big then it is red.',
      'So Bob is red.',
      'Bob is not red.',
    ]);
  });

  it('answers a conjunction as a whole', () => {
    expect(prove({ facts: animals, goal: 'The bear is big and red.' }).answer).toBe('true');
    expect(prove({ facts: animals, goal: 'The bear is red and kind.' }).answer).toBe('false');
  });
});

describe('prove input handling', () => {
  it('skips sentences outside the fragment and counts them', () => {
    const facts = 'Bob is big. Bob might be happy tomorrow. If something is big then it is red.';
    const result = prove({ facts, goal: 'Bob is red.' });
    expect(result).toMatchObject({ answer: 'true', skipped: 1 });
    expect(result.skippedSentences).toEqual(['Bob might be happy tomorrow.']);
  });

  it('throws on a goal it cannot read, naming it and the accepted forms', () => {
    expect(() => prove({ facts: animals, goal: 'Why is the sky blue' })).toThrow(InvalidInputError);
    expect(() => prove({ facts: animals, goal: 'Something is red.' })).toThrow(
      /Could not read the goal "Something is red\."\. Write one statement such as/,
    );
  });
});

describe('prover tool', () => {
  it('falls back to the task context when facts are missing or empty', async () => {
    const observation = await prover.call({ goal: 'Sally is hot.' }, { taskContext: ontology });
    expect(observation).toBe(
      'true\nProof: Sally is a wumpus. Every wumpus is a yumpus. So Sally is a yumpus. ' +
        'Yumpuses are impuses. So Sally is an impus. Impuses are hot. So Sally is hot.',
    );
    const empty = await prover.call(
      { facts: ' ', goal: 'Sally is hot.' },
      { taskContext: ontology },
    );
    expect(empty).toBe(observation);
  });

  it('explains unknown and false answers and reports skipped sentences', async () => {
    const facts = 'The bear is big. The bear is not kind. Nobody knows why.';
    expect(await prover.call({ facts, goal: 'The bear is red.' }, {})).toBe(
      'unknown\nNeither "The bear is red." nor its negation follows from the premises.\n' +
        'Skipped 1 sentence outside the supported English, e.g. "Nobody knows why."',
    );
    expect(await prover.call({ facts, goal: 'The bear is kind.' }, {})).toBe(
      'false\nProof of the negation: The bear is not kind.\n' +
        'Skipped 1 sentence outside the supported English, e.g. "Nobody knows why."',
    );
  });

  it('throws when there are no premises at all', async () => {
    await expect(prover.call({ goal: 'Bob is big.' }, { taskContext: null })).rejects.toThrow(
      /no premises/,
    );
  });
});
