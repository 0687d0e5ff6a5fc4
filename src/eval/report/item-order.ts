const collator = new Intl.Collator('en', { numeric: true });

/** Natural order of names: `item-2` before `item-10`. */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}

/** The order of a report's item rows: by id, naturally, then by epoch. */
export function compareItems(
  a: { id: string; epoch: number },
  b: { id: string; epoch: number },
): number {
  return collator.compare(a.id, b.id) || a.epoch - b.epoch;
}
