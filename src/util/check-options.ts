import { InvalidInputError } from '../core/errors.js';

/**
 * Checks for options given from code, where TypeScript's types may not reach
 * (plain JavaScript, options parsed from JSON). Each failure is an
 * InvalidInputError that names the owner (a reasoner, a function), the option
 * and what it takes.
 */

/**
 * `options` when it is an object (or undefined, for the defaults) with no
 * key outside `known`, so that a misspelt option is not silently ignored.
 */
export function optionsObject<T extends object>(
  owner: string,
  options: T | undefined,
  known: readonly (keyof T & string)[],
): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidInputError(
      `${owner} takes an options object ({ ${known.join(', ')} }), not ${describe(options)}.`,
    );
  }
  const unknown = Object.keys(options).filter((key) => !(known as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new InvalidInputError(
      `${owner} has no option ${unknown.join(', ')}; its options are ${known.join(', ')}.`,
    );
  }
  return options;
}

/** Each of `values` that is set must be a whole number, of at least `min` when given. */
export function checkWholeNumbers(
  owner: string,
  values: Record<string, unknown>,
  min = -Infinity,
): void {
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= min)) {
      const bound = min === -Infinity ? '' : ` >= ${min}`;
      throw new InvalidInputError(
        `${owner} option ${name} must be a whole number${bound}, not ${describe(value)}.`,
      );
    }
  }
}

/** `value`, when set, must be a number from `min` to `max`. */
export function checkRange(
  owner: string,
  name: string,
  value: unknown,
  min: number,
  max = Infinity,
): void {
  const number = typeof value === 'number' && Number.isFinite(value) ? value : NaN;
  if (value !== undefined && !(number >= min && number <= max)) {
    const range = max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
    throw new InvalidInputError(
      `${owner} option ${name} must be a number ${range}, not ${describe(value)}.`,
    );
  }
}

/** `value`, when set, must be true or false. */
export function checkBoolean(owner: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new InvalidInputError(
      `${owner} option ${name} must be true or false, not ${describe(value)}.`,
    );
  }
}

/** `value`, when set, must be one of `choices`. */
export function checkChoice(
  owner: string,
  name: string,
  value: unknown,
  choices: readonly string[],
): void {
  if (value !== undefined && !choices.includes(value as string)) {
    throw new InvalidInputError(
      `${owner} option ${name} must be one of ${choices.join(', ')}, not ${describe(value)}.`,
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}
