/**
 * Words for PrOntoQA-style items: invented concept names, as in the
 * published data set, and real adjectives grouped into families. An item
 * uses at most one adjective of a family, so that no entity is both hot
 * and cold.
 */
export const CONCEPTS: readonly string[] = [
  'wumpus',
  'yumpus',
  'zumpus',
  'jompus',
  'rompus',
  'numpus',
  'tumpus',
  'vumpus',
  'dumpus',
  'impus',
  'lempus',
  'gorpus',
  'sterpus',
  'brimpus',
  'lorpus',
  'shumpus',
  'grimpus',
  'fimpus',
  'kerpus',
  'quimpus',
];

export const PROPERTY_FAMILIES: readonly (readonly string[])[] = [
  ['bitter', 'sweet', 'sour', 'spicy', 'salty'],
  ['hot', 'cold', 'temperate'],
  ['bright', 'dull'],
  ['wooden', 'metallic', 'liquid'],
  ['luminous', 'transparent', 'opaque'],
  ['red', 'blue', 'orange', 'brown'],
  ['small', 'large'],
  ['floral', 'fruity', 'earthy'],
  ['happy', 'sad'],
  ['kind', 'mean'],
  ['aggressive', 'amenable', 'feisty'],
  ['shy', 'nervous'],
  ['fast', 'slow'],
];

/**
 * Entity names, split once and for all between train, dev and test. Every
 * item names its entity in the context and the question, so items of
 * different splits can never be equal.
 */
export const SPLIT_NAMES: Readonly<Record<'train' | 'dev' | 'test', readonly string[]>> = {
  train: [
    'Sally',
    'Max',
    'Alex',
    'Wren',
    'Stella',
    'Polly',
    'Rex',
    'Sam',
    'Fae',
    'Tom',
    'Ada',
    'Ben',
    'Cleo',
    'Dora',
    'Eli',
    'Finn',
  ],
  dev: ['Gus', 'Hana', 'Ivy', 'Jack', 'Kai', 'Lena', 'Milo', 'Nora'],
  test: ['Owen', 'Pia', 'Quinn', 'Rosa', 'Theo', 'Uma', 'Vera', 'Zoe'],
};
