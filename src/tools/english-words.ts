import { capitalize } from '../util/text.js';
/** The one variable of a rule: something, someone, it, they, them... */
export const VARIABLE = '?x';

/**
 * A literal: `predicate(subject)` for a property or class ("is red", "is
 * a wumpus"), `predicate(subject, object)` for a relation ("chases the
 * dog"). Names are lower-case: "bob", "the bald eagle", "yumpus", "chase".
 */
export interface Atom {
  predicate: string;
  subject: string;
  object: string | null;
  negated: boolean;
}

/** What rendering needs to turn atoms back into English. */
export interface Lexicon {
  /** Class nouns ("wumpus") with the article seen for them. */
  nouns: Map<string, string>;
  /** Verb base form to the third-person form seen ("chase" -> "chases"). */
  verbs: Map<string, string>;
  /** Entity key to the spelling seen first ("bob" -> "Bob"). */
  entities: Map<string, string>;
}

export const VARIABLE_WORDS = new Set([
  'something',
  'someone',
  'somebody',
  'anything',
  'anyone',
  'it',
  'they',
  'them',
  'he',
  'she',
  'him',
  'her',
]);

/** Plural heads of a property-only subject: "Red, big things are young." */
export const GENERIC_HEADS = new Set(['things', 'people', 'persons', 'ones', 'animals', 'objects']);

export const FUNCTION_WORDS = new Set([
  'the',
  'a',
  'an',
  'is',
  'are',
  'not',
  'does',
  'do',
  'if',
  'then',
  'and',
  'or',
  'all',
  'every',
  'each',
  'some',
  'no',
  ',',
]);

export function isFunctionWord(word: string): boolean {
  return FUNCTION_WORDS.has(word) || VARIABLE_WORDS.has(word) || GENERIC_HEADS.has(word);
}

/** A content word: letters (and inner hyphens or apostrophes), no keyword. */
export function isContentWord(word: string | undefined): word is string {
  return word !== undefined && /^[a-z][a-z'-]*$/.test(word) && !isFunctionWord(word);
}

export function createLexicon(): Lexicon {
  return { nouns: new Map(), verbs: new Map(), entities: new Map() };
}

/** A word of a sentence: lower-cased for matching, as written for names. */
export interface Word {
  lower: string;
  text: string;
}

/** Splits text into sentences at `.`, `!`, `?` and line breaks. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}

/** Splits a sentence into words, commas kept as words, contractions expanded. */
export function sentenceWords(sentence: string): Word[] {
  const expanded = sentence
    .replace(/[.!?;]+\s*$/, '')
    .replace(/\b(is|are|does|do)n['’]t\b/gi, '$1 not')
    .replace(/,/g, ' , ');
  const texts = expanded.split(/\s+/).filter((word) => word !== '');

  // Every sentence starts with a capital, so "bob is big." still names Bob.
  return texts.map((text, index) => ({
    lower: text.toLowerCase(),
    text: index === 0 ? capitalize(text) : text,
  }));
}

/**
 * The singular of a plural noun. Prefers a form the text uses in the
 * singular (`known`), so "houses" meets "a house" and "wumpuses" meets
 * "a wumpus".
 */
export function singularize(word: string, known: ReadonlySet<string>): string {
  const candidates: string[] = [];
  if (word.endsWith('ies')) candidates.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) candidates.push(word.slice(0, -2));
  if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) candidates.push(word.slice(0, -1));
  const seen = candidates.find((candidate) => known.has(candidate));
  if (seen) return seen;

  if (/[^aeiou]ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(?:us|ss|sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The base form of a verb: "chases" -> "chase", "carries" -> "carry". */
export function verbBase(word: string): string {
  if (word.endsWith('ss')) return word;
  if (/[^aeiou]ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(?:ss|sh|ch|x|z|o)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

function thirdPerson(base: string, lexicon: Lexicon): string {
  const seen = lexicon.verbs.get(base);
  if (seen) return seen;
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ies`;
  if (/(?:s|sh|ch|x|z|o)$/.test(base)) return `${base}es`;
  return `${base}s`;
}

function entityText(key: string, lexicon: Lexicon): string {
  return lexicon.entities.get(key) ?? key;
}

/** Renders a ground atom as a clause: "the cat does not chase Bob." */
export function renderAtom(atom: Atom, lexicon: Lexicon): string {
  const subject = entityText(atom.subject, lexicon);
  let predicate: string;
  if (atom.object === null) {
    const article = lexicon.nouns.get(atom.predicate);
    const complement = article ? `${article} ${atom.predicate}` : atom.predicate;
    predicate = `is ${atom.negated ? 'not ' : ''}${complement}`;
  } else {
    const object = entityText(atom.object, lexicon);
    predicate = atom.negated
      ? `does not ${atom.predicate} ${object}`
      : `${thirdPerson(atom.predicate, lexicon)} ${object}`;
  }
  return `${subject} ${predicate}.`;
}

/** A stable key for a ground atom, the same for equal atoms. */
export function atomKey(atom: Atom): string {
  const object = atom.object === null ? '' : `,${atom.object}`;
  return `${atom.negated ? 'not ' : ''}${atom.predicate}(${atom.subject}${object})`;
}

export function negateAtom(atom: Atom): Atom {
  return { ...atom, negated: !atom.negated };
}
