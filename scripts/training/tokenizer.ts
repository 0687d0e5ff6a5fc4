/**
 * Learns a byte-level BPE tokenizer (GPT-2 style, as transformers.js loads
 * it) from the exported training text, so that the generators' words
 * (concepts like "wumpus", rule words, names) become single tokens.
 *
 *   tsx scripts/training/tokenizer.ts --data .training/data.jsonl --out .training/model --vocab 1024
 */
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { byteSymbols, tokenizerJson } from '../byte-level-bpe.js';

/**
 * Pieces: words and punctuation with the space that follows them (not the
 * one before, as in GPT-2), digits one by one, other whitespace. So a word
 * is the same tokens at the start of a line or after a quote as after a
 * space: "Rosa is" in a reasoning line or an action's JSON copies the very
 * tokens of "? Rosa is" in the question, which a small model can learn to
 * do; GPT-2's split makes " Rosa" and "Rosa" different tokens.
 */
export const PIECES = /\p{L}+ ?|\p{N} ?|[^\s\p{L}\p{N}]+ ?|\s+/gu;

/** Merges learned greedily by pair frequency over the corpus's distinct pieces. */
export function learnMerges(counts: Map<string, number>, merges: number): string[][] {
  const symbols = byteSymbols();
  const encoder = new TextEncoder();
  const words = [...counts].map(([piece, count]) => ({
    parts: [...encoder.encode(piece)].map((byte) => symbols[byte] ?? ''),
    count,
  }));
  const learned: string[][] = [];
  for (let round = 0; round < merges; round++) {
    const pairs = new Map<string, number>();
    for (const word of words) {
      for (let index = 0; index + 1 < word.parts.length; index++) {
        const key = `${word.parts[index]} ${word.parts[index + 1]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + word.count);
      }
    }
    let best: string | undefined;
    let bestCount = 1;
    for (const [key, count] of pairs) {
      // Ties go to the pair seen first, so the result is deterministic.
      if (count > bestCount) {
        best = key;
        bestCount = count;
      }
    }
    if (best === undefined) break;
    const [left = '', right = ''] = best.split(' ');
    learned.push([left, right]);
    const joined = left + right;
    for (const word of words) {
      const parts: string[] = [];
      for (let index = 0; index < word.parts.length; index++) {
        if (word.parts[index] === left && word.parts[index + 1] === right) {
          parts.push(joined);
          index++;
        } else {
          parts.push(word.parts[index] ?? '');
        }
      }
      word.parts = parts;
    }
  }
  return learned;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: '.training/data.jsonl' },
      out: { type: 'string', default: '.training/model' },
      vocab: { type: 'string', default: '1024' },
    },
  });
  const counts = new Map<string, number>();
  const lines = createInterface({ input: createReadStream(values.data), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const pair = JSON.parse(line) as { prompt: string; completion: string };
    for (const piece of `${pair.prompt}${pair.completion}`.match(PIECES) ?? []) {
      counts.set(piece, (counts.get(piece) ?? 0) + 1);
    }
  }
  const merges = learnMerges(counts, Number(values.vocab) - 257);
  const { json, vocabSize, eos } = tokenizerJson(
    merges.map(([left, right]) => `${left} ${right}`),
    PIECES,
  );
  await mkdir(values.out, { recursive: true });
  await writeFile(join(values.out, 'tokenizer.json'), `${JSON.stringify(json)}\n`);
  await writeFile(
    join(values.out, 'tokenizer_config.json'),
    `${JSON.stringify(
      {
        tokenizer_class: 'GPT2Tokenizer',
        bos_token: '<|endoftext|>',
        eos_token: '<|endoftext|>',
        unk_token: '<|endoftext|>',
        model_max_length: 1024,
        add_prefix_space: false,
        clean_up_tokenization_spaces: false,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(
    `${vocabSize} tokens (${merges.length} merges, eos ${eos}) -> ${values.out}\n`,
  );
}
