import { InvalidInputError } from '../core/errors.js';
import { EvalItem } from './item.js';

/**
 * Checks eval items as they are read: each must be a valid EvalItem, and no
 * id may repeat, since results and resumes are keyed on it. A bad item is an
 * InvalidInputError that says which item and what to fix.
 */
export class ItemChecker {
  private readonly seen = new Map<string, number>();

  check(item: unknown, position: number): EvalItem {
    const parsed = EvalItem.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'the item';
      const id = (item as { id?: unknown } | null)?.id;
      const which = typeof id === 'string' ? ` (${id})` : '';
      throw new InvalidInputError(
        `Eval item ${position + 1}${which} is not valid: ` +
          `${field}: ${issue?.message ?? 'invalid'}. ` +
          'Items need id, question, context, options, answer, format, category, suite, ' +
          'difficulty and goldReasoning (see EvalItem); loadSuite and loadDataFile make them.',
      );
    }

    const first = this.seen.get(parsed.data.id);
    if (first !== undefined) {
      throw new InvalidInputError(
        `Eval items ${first + 1} and ${position + 1} share the id "${parsed.data.id}"; ` +
          'ids must be unique, since results and resumes are keyed on them.',
      );
    }
    this.seen.set(parsed.data.id, position);
    return item as EvalItem;
  }
}
