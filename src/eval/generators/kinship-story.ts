import type { Random } from '../../util/random.js';
import { type Person } from './kinship-family.js';
import { type Hop, inverseHop, relationWord } from './kinship-relations.js';
import { ACTIVITIES } from './kinship-vocabulary.js';

/**
 * One sentence saying that `to` is `from`'s `hop`. About two in three
 * say it that way round ("Ben's mother is Anna."), the rest the other
 * way ("Ben is Anna's son."), so a reader cannot just copy words along
 * the chain.
 */
export function describeHop(random: Random, from: Person, to: Person, hop: Hop): string {
  if (random.bool(0.35)) return state(random, to, from, relationWord(inverseHop(hop), from.gender));
  return state(random, from, to, relationWord(hop, to.gender));
}

/** "relative is owner's word", in one of several phrasings. */
function state(random: Random, owner: Person, relative: Person, word: string): string {
  const pronoun = owner.gender === 'female' ? 'her' : 'his';
  switch (random.int(0, 4)) {
    case 0:
      return `${relative.name} is ${owner.name}'s ${word}.`;
    case 1:
      return `${owner.name}'s ${word} is ${relative.name}.`;
    case 2:
      return `${relative.name} is the ${word} of ${owner.name}.`;
    default:
      return `${owner.name} ${random.pick(ACTIVITIES)} ${pronoun} ${word}, ${relative.name}.`;
  }
}
