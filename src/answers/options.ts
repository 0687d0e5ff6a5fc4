import { normalizeAnswer } from './normalize.js';

/** One multiple-choice option split into its letter and its text. */
export interface LabelledOption {
  letter: string;
  text: string;
}

const LABEL = /^\s*\(?\s*([A-Za-z])\s*[).:]\s*/;

/**
 * Splits options such as `A) True`, `(B) False` or `C. Unknown` into
 * letter and text. An option without a label gets the letter of its
 * position (`A` for the first).
 */
export function labelOptions(options: readonly string[]): LabelledOption[] {
  return options.map((option, index) => {
    const match = LABEL.exec(option);
    if (match?.[1]) {
      return { letter: match[1].toUpperCase(), text: option.slice(match[0].length).trim() };
    }
    return { letter: String.fromCharCode(65 + index), text: option.trim() };
  });
}

export interface MatchOptionTextOptions {
  /**
   * Also accept a value that starts with an option's text and goes on
   * (`False, because...`). Default: false, only whole values match.
   */
  prefix?: boolean;
}

/**
 * The letter of the option whose text the value states, or null. Texts
 * are compared as normalised text; truth words compare as truth values,
 * so `Unknown` matches an option `C) Uncertain`.
 */
export function matchOptionText(
  value: string,
  options: readonly LabelledOption[],
  settings: MatchOptionTextOptions = {},
): string | null {
  const said = normalizeAnswer(value, 'text');
  if (said === null) return null;
  const saidTruth = normalizeAnswer(said, 'truth');

  for (const option of options) {
    const text = normalizeAnswer(option.text, 'text');
    if (text === null) continue;
    if (text === said) return option.letter;
    if (saidTruth !== null && normalizeAnswer(text, 'truth') === saidTruth) return option.letter;
  }
  if (!settings.prefix) return null;

  // The longest text wins so that `not red` is not read as `not`.
  let best: { letter: string; length: number } | null = null;
  for (const option of options) {
    const text = normalizeAnswer(option.text, 'text');
    if (text === null || !said.startsWith(text)) continue;
    const rest = said.slice(text.length);
    if (!/^[^a-z0-9]/.test(rest) || /^\s*(?:or\b|and\b|nor\b|\/)/.test(rest)) continue;
    if (!best || text.length > best.length) best = { letter: option.letter, length: text.length };
  }
  return best?.letter ?? null;
}
