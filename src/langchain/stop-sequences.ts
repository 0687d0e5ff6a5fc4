/**
 * Stop sequences applied on our side too, since not every LangChain model
 * honours the `stop` call option.
 */
export interface StopCut {
  text: string;
  /** Whether a stop sequence was found and the text cut before it. */
  cut: boolean;
}

/** Cuts text before the earliest of the stop sequences. */
export function cutAtStop(text: string, stops: readonly string[]): StopCut {
  const at = earliestStop(text, stops);
  return at === undefined ? { text, cut: false } : { text: text.slice(0, at), cut: true };
}

/**
 * Cuts a stream of text deltas at the first stop sequence. Text that could
 * be the start of a stop sequence is held back until the next delta shows
 * whether it is one, so no part of a stop sequence is ever emitted.
 */
export class StopSequenceCutter {
  readonly #stops: readonly string[];
  #held = '';
  #stopped = false;

  constructor(stops: readonly string[]) {
    this.#stops = stops.filter((stop) => stop !== '');
  }

  /** Whether a stop sequence has been seen; later deltas are dropped. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Takes a delta and returns the text now safe to emit (maybe empty). */
  push(delta: string): string {
    if (this.#stopped) return '';
    const text = this.#held + delta;

    const at = earliestStop(text, this.#stops);
    if (at !== undefined) {
      this.#stopped = true;
      this.#held = '';
      return text.slice(0, at);
    }

    const keep = this.#heldLength(text);
    this.#held = text.slice(text.length - keep);
    return text.slice(0, text.length - keep);
  }

  /** Ends the stream and returns the text still held back. */
  end(): string {
    const rest = this.#stopped ? '' : this.#held;
    this.#held = '';
    return rest;
  }

  /** The longest tail of `text` that begins some stop sequence. */
  #heldLength(text: string): number {
    let longest = 0;
    for (const stop of this.#stops) {
      for (let length = Math.min(stop.length - 1, text.length); length > longest; length--) {
        if (text.endsWith(stop.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }
}

function earliestStop(text: string, stops: readonly string[]): number | undefined {
  let earliest: number | undefined;
  for (const stop of stops) {
    const at = stop === '' ? -1 : text.indexOf(stop);
    if (at >= 0 && (earliest === undefined || at < earliest)) earliest = at;
  }
  return earliest;
}
