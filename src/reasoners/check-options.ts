import { InvalidInputError } from '../core/errors.js';

/**
 * Checks for reasoner options given from code, where TypeScript's types may
 * not reach (plain JavaScript, options parsed from JSON). Each failure is an
 * InvalidInputError that names the reasoner, the option and what it takes.
 */

/** `options` when it is an object (or undefined, for the defaults). */
export function optionsObject<T extends object>(reasoner: string, options: T | undefined): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidInputError(
      `${reasoner} takes an options object, e.g. new ${reasoner}({ ... }), ` +
        `not ${describe(options)}.`,
    );
  }
  return options;
}

/** Each of `values` that is set must be a whole number of at least `min`. */
export function checkWholeNumbers(
  reasoner: string,
  values: Record<string, unknown>,
  min: number,
): void {
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= min)) {
      throw new InvalidInputError(
        `${reasoner} option ${name} must be a whole number >= ${min}, not ${describe(value)}.`,
      );
    }
  }
}

/** `value`, when set, must be a number from `min` to `max`. */
export function checkRange(
  reasoner: string,
  name: string,
  value: unknown,
  min: number,
  max = Infinity,
): void {
  if (value !== undefined && !(typeof value === 'number' && value >= min && value <= max)) {
    const range = max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
    throw new InvalidInputError(
      `${reasoner} option ${name} must be a number ${range}, not ${describe(value)}.`,
    );
  }
}

/** `value`, when set, must be one of `choices`. */
export function checkChoice(
  reasoner: string,
  name: string,
  value: unknown,
  choices: readonly string[],
): void {
  if (value !== undefined && !choices.includes(value as string)) {
    throw new InvalidInputError(
      `${reasoner} option ${name} must be one of ${choices.join(', ')}, not ${describe(value)}.`,
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}
