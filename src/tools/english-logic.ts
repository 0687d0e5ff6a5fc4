import {
  type Atom,
  createLexicon,
  GENERIC_HEADS,
  isContentWord,
  type Lexicon,
  sentenceWords,
  singularize,
  splitSentences,
  VARIABLE,
  VARIABLE_WORDS,
  verbBase,
  type Word,
} from './english-words.js';

/** A parsed sentence: ground facts, or an if-then rule over one variable. */
export type Statement =
  | { type: 'fact'; atoms: Atom[]; text: string }
  | { type: 'rule'; conditions: Atom[]; conclusions: Atom[]; text: string };

export interface Theory {
  statements: Statement[];
  /** Sentences outside the fragment, as written. */
  skipped: string[];
  lexicon: Lexicon;
  /** Class nouns the text uses in the singular, to singularize plurals. */
  singulars: Set<string>;
  /** Lower-case proper names of parsed statements, so "bob" later means Bob. */
  names: Set<string>;
}

interface Complement {
  predicate: string;
  negated: boolean;
}

/**
 * Parses the English of ProntoQA and ProofWriter: facts ("Sally is a
 * wumpus.", "The cat eats the dog.", "Bob is not big."), class rules
 * ("Every wumpus is a yumpus.", "Wumpuses are not hot.", "All red, big
 * things are young.") and if-then rules with "something", "someone",
 * "it", "they", "them" as the variable.
 */
export function parseTheory(text: string): Theory {
  const singulars = new Set(
    [...text.matchAll(/\b(?:a|an|every|each)\s+([a-z]+)/gi)].map((match) =>
      (match[1] ?? '').toLowerCase(),
    ),
  );
  const theory: Theory = {
    statements: [],
    skipped: [],
    lexicon: createLexicon(),
    singulars,
    names: new Set(),
  };

  for (const sentence of splitSentences(text)) {
    // Questions are not premises; a pasted task often ends with one.
    const statement = sentence.endsWith('?') ? null : parseStatement(sentence, theory);
    if (!statement) {
      theory.skipped.push(sentence);
      continue;
    }
    theory.statements.push(statement);
    const atoms =
      statement.type === 'fact'
        ? statement.atoms
        : [...statement.conditions, ...statement.conclusions];
    for (const term of atoms.flatMap((atom) => [atom.subject, atom.object ?? VARIABLE])) {
      if (term !== VARIABLE && !term.startsWith('the ')) theory.names.add(term);
    }
  }
  return theory;
}

/** Parses one ground statement to prove (a conjunction is allowed), or null. */
export function parseGroundStatement(text: string, theory: Theory): Atom[] | null {
  const atoms = parseClauses(sentenceWords(text), theory);
  return atoms && atoms.every(isGround) ? atoms : null;
}

function parseStatement(sentence: string, theory: Theory): Statement | null {
  const all = sentenceWords(sentence);
  const first = all[0]?.lower;

  if (first === 'if') {
    const then = all.findIndex((word) => word.lower === 'then');
    if (then < 2) return null;
    const conditions = parseClauses(all.slice(1, then), theory);
    const conclusions = parseClauses(all.slice(then + 1), theory);
    return rule(conditions, conclusions, sentence);
  }

  if (first === 'every' || first === 'each') {
    const is = all.findIndex((word) => word.lower === 'is');
    if (is < 2) return null;
    const conditions = parseClassWords(all.slice(1, is), false, theory);
    const conclusions = parsePredicates(all.slice(is), VARIABLE, theory);
    return rule(conditions, conclusions, sentence);
  }

  const are = all.findIndex((word) => word.lower === 'are');
  if (are >= 1 && !VARIABLE_WORDS.has(all[0]?.lower ?? '')) {
    const start = first === 'all' ? 1 : 0;
    const conditions = parseClassWords(all.slice(start, are), true, theory);
    const conclusions = parsePredicates(all.slice(are), VARIABLE, theory);
    return rule(conditions, conclusions, sentence);
  }

  const atoms = parseClauses(all, theory);
  if (!atoms || !atoms.every(isGround)) return null;
  return { type: 'fact', atoms, text: sentence };
}

function rule(
  conditions: Atom[] | null,
  conclusions: Atom[] | null,
  text: string,
): Statement | null {
  if (!conditions || !conclusions) return null;

  // A variable in the conclusion must be bound by a condition.
  const bound = conditions.some((atom) => !isGround(atom));
  if (!bound && !conclusions.every(isGround)) return null;
  return { type: 'rule', conditions, conclusions, text };
}

/** "wumpus", "red, big things", "big wumpuses": conditions on the variable. */
function parseClassWords(list: Word[], plural: boolean, theory: Theory): Atom[] | null {
  const items = splitList(list);
  const last = items.at(-1);
  if (!last || items.some((item) => item.length === 0)) return null;

  const head = last.at(-1)?.lower;
  const adjectives = GENERIC_HEADS.has(head ?? '')
    ? [...items.slice(0, -1), last.slice(0, -1)]
    : [...items.slice(0, -1), last.slice(0, -1), last.slice(-1)];
  const flat = adjectives.flat();
  if (flat.length === 0 || !flat.every((word) => isContentWord(word.lower))) return null;

  return flat.map((word, index) => {
    const isNoun = index === flat.length - 1 && !GENERIC_HEADS.has(head ?? '');
    const predicate = isNoun && plural ? singularize(word.lower, theory.singulars) : word.lower;
    if (isNoun) addNoun(predicate, null, theory.lexicon);
    return { predicate, subject: VARIABLE, object: null, negated: false };
  });
}

/** Clauses joined by "and" or commas; a clause may omit its subject ("is big and not red"). */
function parseClauses(list: Word[], theory: Theory): Atom[] | null {
  const atoms: Atom[] = [];
  for (const piece of splitList(list)) {
    if (piece.length === 0) continue;
    const previous = atoms.at(-1);
    const atom =
      parseClause(piece, theory) ?? (previous && parseContinuation(piece, previous, theory));
    if (!atom) return null;
    atoms.push(atom);
  }
  return atoms.length > 0 ? atoms : null;
}

/** Predicates of one subject: "is a yumpus and is not red", "are hot". */
function parsePredicates(list: Word[], subject: string, theory: Theory): Atom[] | null {
  const [first, ...rest] = splitList(list);
  const head = first && parsePredicate(first, subject, theory);
  if (!head) return null;

  const atoms = [head];
  for (const piece of rest) {
    const atom = parseContinuation(piece, atoms.at(-1) ?? head, theory);
    if (!atom) return null;
    atoms.push(atom);
  }
  return atoms;
}

function parseClause(piece: Word[], theory: Theory): Atom | null {
  const subject = parseSubject(piece, theory);
  return subject && parsePredicate(piece.slice(subject.length), subject.term, theory);
}

function parseContinuation(piece: Word[], previous: Atom, theory: Theory): Atom | null {
  const predicate = parsePredicate(piece, previous.subject, theory);
  if (predicate) return predicate;

  // A bare complement continues a property: "is quiet and [not] cold".
  if (previous.object !== null) return null;
  const complement = parseComplement(piece, false, theory);
  return complement && { ...complement, subject: previous.subject, object: null };
}

/** The subject and how many words it took: a variable, "the bald eagle" or a name. */
function parseSubject(piece: Word[], theory: Theory): { term: string; length: number } | null {
  const first = piece[0]?.lower;
  if (first === undefined) return null;
  if (VARIABLE_WORDS.has(first)) return { term: VARIABLE, length: 1 };

  if (first === 'the') {
    const copula = piece.findIndex(
      (word, index) => index >= 2 && ['is', 'are', 'does', 'do'].includes(word.lower),
    );

    // Without a copula, the verb is the word before the object at the end.
    const lastThe = piece.findLastIndex((word) => word.lower === 'the');
    const verb = copula >= 0 ? copula : lastThe >= 3 ? lastThe - 1 : piece.length - 2;
    const noun = piece.slice(1, verb);
    if (noun.length === 0 || noun.length > 3) return null;
    if (!noun.every((word) => isContentWord(word.lower))) return null;
    return { term: addEntity(piece.slice(0, verb), theory.lexicon), length: verb };
  }

  if (!isName(piece[0], theory) || piece.length < 2) return null;
  return { term: addEntity(piece.slice(0, 1), theory.lexicon), length: 1 };
}

function parseObject(list: Word[], theory: Theory): string | null {
  const first = list[0]?.lower;
  if (first === undefined) return null;
  if (list.length === 1 && VARIABLE_WORDS.has(first)) return VARIABLE;
  if (list.length === 1 && isName(list[0], theory)) return addEntity(list, theory.lexicon);

  const noun = list.slice(1);
  if (first !== 'the' || noun.length === 0 || noun.length > 3) return null;
  if (!noun.every((word) => isContentWord(word.lower))) return null;
  return addEntity(list, theory.lexicon);
}

/** "is [not] [a] red", "are [not] yumpuses", "[does not] chase(s) the dog". */
function parsePredicate(rest: Word[], subject: string, theory: Theory): Atom | null {
  const first = rest[0]?.lower;
  if (first === 'is' || first === 'are') {
    const complement = parseComplement(rest.slice(1), first === 'are', theory);
    return complement && { ...complement, subject, object: null };
  }

  const negated = (first === 'does' || first === 'do') && rest[1]?.lower === 'not';
  const verbWord = rest[negated ? 2 : 0]?.lower;
  if (!isContentWord(verbWord)) return null;
  const object = parseObject(rest.slice(negated ? 3 : 1), theory);
  if (object === null) return null;

  const base = verbBase(verbWord);
  if (base !== verbWord && !theory.lexicon.verbs.has(base)) {
    theory.lexicon.verbs.set(base, verbWord);
  }
  return { predicate: base, subject, object, negated };
}

/** "[not] [a|an] word"; with `plural`, "yumpuses" means the class "yumpus". */
function parseComplement(list: Word[], plural: boolean, theory: Theory): Complement | null {
  let index = 0;
  const negated = list[index]?.lower === 'not';
  if (negated) index += 1;

  const article = list[index]?.lower;
  const hasArticle = article === 'a' || article === 'an';
  if (hasArticle) index += 1;

  const word = list[index]?.lower;
  if (!isContentWord(word) || index !== list.length - 1) return null;
  const singular = plural ? singularize(word, theory.singulars) : word;
  if (hasArticle || singular !== word) {
    addNoun(singular, hasArticle ? article : null, theory.lexicon);
  }
  return { predicate: singular, negated };
}

function addNoun(noun: string, article: string | null, lexicon: Lexicon): void {
  if (article) lexicon.nouns.set(noun, article);
  else if (!lexicon.nouns.has(noun)) lexicon.nouns.set(noun, /^[aeiou]/.test(noun) ? 'an' : 'a');
}

function addEntity(list: Word[], lexicon: Lexicon): string {
  const key = list.map((word) => word.lower).join(' ');
  const text = list[0]?.lower === 'the' ? key : list.map((word) => word.text).join(' ');
  if (!lexicon.entities.has(key)) lexicon.entities.set(key, text);
  return key;
}

/** A proper name is capitalized ("Bob"), or already named by a parsed premise. */
function isName(word: Word | undefined, theory: Theory): boolean {
  if (!word || !isContentWord(word.lower)) return false;
  return /^[A-Z]/.test(word.text) || theory.names.has(word.lower);
}

function splitList(list: Word[]): Word[][] {
  const pieces: Word[][] = [[]];
  for (const word of list) {
    if (word.lower === 'and' || word.lower === ',') pieces.push([]);
    else pieces.at(-1)?.push(word);
  }
  return pieces;
}

function isGround(atom: Atom): boolean {
  return atom.subject !== VARIABLE && atom.object !== VARIABLE;
}
