/** An element the construction guarantees is there; a RangeError if it is not. */
export function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new RangeError(`No element at index ${index}.`);
  return item;
}
