/**
 * Invented words for the pseudo-word grammars, split once and for all
 * between train, dev and test: a grammar item uses only its split's
 * words, so no grammar item of one split equals one of another.
 */
export type RulesSplit = 'train' | 'dev' | 'test';

export interface PseudoWords {
  /** Words that stand for one colour each. */
  primitives: readonly string[];
  /** Words that act on the phrase before (and after) them. */
  functions: readonly string[];
}

export const PSEUDO_WORDS: Readonly<Record<RulesSplit, PseudoWords>> = {
  train: {
    primitives: [
      'dax',
      'lug',
      'wif',
      'zup',
      'mip',
      'rab',
      'tove',
      'nim',
      'sorb',
      'kel',
      'vup',
      'gorp',
    ],
    functions: ['fep', 'blicket', 'kiki', 'tufa', 'gazzer', 'wug', 'plim', 'dornet'],
  },
  dev: {
    primitives: [
      'zib',
      'fot',
      'mek',
      'ralp',
      'quon',
      'tisk',
      'brell',
      'yam',
      'nork',
      'sib',
      'glim',
      'pav',
    ],
    functions: ['morp', 'jalb', 'snib', 'vorn', 'krell', 'obbit', 'tranz', 'fusk'],
  },
  test: {
    primitives: [
      'hux',
      'jev',
      'lorp',
      'pim',
      'snar',
      'wob',
      'yeel',
      'zorn',
      'bip',
      'drin',
      'kasp',
      'meb',
    ],
    functions: ['tam', 'gomble', 'rizz', 'fenk', 'quib', 'slorp', 'vint', 'prox'],
  },
};

/** What primitive words stand for. */
export const COLOURS: readonly string[] = ['red', 'green', 'blue', 'yellow', 'purple', 'pink'];
