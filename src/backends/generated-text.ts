export interface GeneratedTextOptions {
  /** Decodes the generated tokens (all of them, each time) to text. */
  decode: (tokens: number[]) => string;
  /** Text ends before the first of these strings. Default: none. */
  stop?: string[];
}

/** What one more token changed. */
export interface TextStep {
  /** New text that is safe to show: it will not change or be cut. */
  delta: string;
  /** True when a stop string appeared; the text is final. */
  stopped: boolean;
}

const REPLACEMENT = '\uFFFD';

/**
 * The text of a generation as its tokens arrive. Decoding the whole token
 * list each time (not token by token) keeps multi-byte characters whole;
 * a trailing U+FFFD, the decoder's stand-in for a character whose bytes have
 * not all arrived, and any tail that could still grow into a stop string
 * are held back until the next token settles them.
 */
export class GeneratedText {
  readonly tokens: number[] = [];
  private emitted = '';
  private final: string | undefined;
  private readonly decode: (tokens: number[]) => string;
  private readonly stop: string[];

  constructor(options: GeneratedTextOptions) {
    this.decode = options.decode;
    this.stop = (options.stop ?? []).filter((stop) => stop.length > 0);
  }

  /** The text shown so far, or the whole text once finished. */
  get text(): string {
    return this.final ?? this.emitted;
  }

  push(token: number): TextStep {
    this.tokens.push(token);
    const decoded = this.decode(this.tokens);

    const cut = this.firstStop(decoded);
    if (cut !== undefined) {
      this.final = decoded.slice(0, cut);
      return { delta: this.advance(this.final), stopped: true };
    }

    let stable = decoded.endsWith(REPLACEMENT) ? decoded.slice(0, -1) : decoded;
    stable = stable.slice(0, stable.length - this.partialStopLength(stable));
    return { delta: this.advance(stable), stopped: false };
  }

  /** Ends the text (no more tokens) and returns what was still held back. */
  finish(): string {
    if (this.final !== undefined) return '';
    this.final = this.tokens.length > 0 ? this.decode(this.tokens) : '';
    return this.advance(this.final);
  }

  private advance(text: string): string {
    // TODO(stepwise): a decoder whose output is not prefix-stable (text
    // clean-up rules) can make streamed deltas differ from the final text.
    if (!text.startsWith(this.emitted)) return '';
    const delta = text.slice(this.emitted.length);
    this.emitted = text;
    return delta;
  }

  private firstStop(text: string): number | undefined {
    let first: number | undefined;
    for (const stop of this.stop) {
      const index = text.indexOf(stop);
      if (index >= 0 && (first === undefined || index < first)) first = index;
    }
    return first;
  }

  /** Length of the longest tail of `text` that begins some stop string. */
  private partialStopLength(text: string): number {
    let longest = 0;
    for (const stop of this.stop) {
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
