export interface EpisodicMemoryOptions {
  /** Most reflections kept. */
  size: number;
  /** Rough token budget for the rendered memory (4 characters a token). */
  tokens: number;
}

/** The last k reflections, trimmed to a token budget, oldest dropped first. */
export class EpisodicMemory {
  private readonly items: string[] = [];

  constructor(private readonly options: EpisodicMemoryOptions) {}

  get size(): number {
    return this.items.length;
  }

  add(reflection: string): void {
    this.items.push(reflection);
    while (this.items.length > this.options.size) this.items.shift();
    while (this.items.length > 1 && this.numbered().length > this.options.tokens * 4) {
      this.items.shift();
    }
  }

  dropOldest(): void {
    this.items.shift();
  }

  /** Numbered reflections, the newest last; one alone is cut to the budget. */
  render(): string {
    return this.numbered().slice(0, this.options.tokens * 4);
  }

  private numbered(): string {
    return this.items.map((item, index) => `${index + 1}. ${item}`).join('\n');
  }
}
