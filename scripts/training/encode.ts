/**
 * Turns exported pairs into token ids with the model's own tokenizer,
 * loaded through transformers.js, so training sees exactly the tokens the
 * local backend feeds the model at run time: the prompt encoded alone, then
 * the completion and end-of-text.
 *
 *   tsx scripts/training/encode.ts --data .training/data.jsonl --model .training/model \
 *     --out .training/tokens.jsonl --max-tokens 768
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { oneRuleForm } from '../../src/eval/generators/prontoqa.js';
import type { Pair } from './export-data.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '.training/data.jsonl' },
    model: { type: 'string', default: '.training/model' },
    out: { type: 'string', default: '.training/tokens.jsonl' },
    'max-tokens': { type: 'string', default: '768' },
  },
});

env.allowRemoteModels = false;
const tokenizer = await AutoTokenizer.from_pretrained(resolve(values.model));
const eos = tokenizer.eos_token_id;
if (typeof eos !== 'number') throw new Error('The tokenizer has no end-of-text token.');
const limit = Number(values['max-tokens']);

/**
 * Token spans [from, to) of the reasoning lines that quote the prompt, or
 * restate one of its rules in one form (`--rule-form one`): the rules and
 * facts a chain of thought looks up. They weigh as much as the
 * answer in the loss, since picking the right rule is what the chain is for,
 * and the lines derived from them are easy copies. A line break ends a
 * tokenizer piece, so counting the tokens of each prefix gives exact spans.
 */
function lookupSpans(pair: Pair, offset: number): [number, number][] {
  if (pair.reasoner !== 'cot') return [];
  const restated = new Set(pair.prompt.split(/(?<=\.)\s+/).map(oneRuleForm));
  const spans: [number, number][] = [];
  let prefix = '';
  let from = offset;
  for (const line of pair.completion.split('\n')) {
    prefix += `${line}\n`;
    const to = offset + tokenizer.encode(prefix, { add_special_tokens: false }).length;
    const text = line.trim();
    const quoted = pair.prompt.includes(text) || restated.has(text);
    if (text && !line.startsWith('Answer:') && quoted) {
      spans.push([from, to]);
    }
    from = to;
  }
  return spans;
}

const out = createWriteStream(values.out);
let kept = 0;
let dropped = 0;
let longest = 0;
const lines = createInterface({ input: createReadStream(values.data), crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const pair = JSON.parse(line) as Pair;
  const prompt = tokenizer.encode(pair.prompt);
  const completion = tokenizer.encode(pair.completion, { add_special_tokens: false });
  const ids = [...prompt, ...completion, eos];
  if (ids.length > limit) {
    dropped++;
    continue;
  }
  longest = Math.max(longest, ids.length);

  // The final answer line weighs more in the loss: it is where a wrong rule
  // shows. So does a ReAct action's input: it is the statement copied.
  const at = Math.max(
    pair.completion.lastIndexOf('Answer:'),
    pair.completion.lastIndexOf('Action Input:'),
  );
  const before = at < 0 ? pair.completion : pair.completion.slice(0, at);
  const answerFrom = prompt.length + tokenizer.encode(before, { add_special_tokens: false }).length;
  const record = {
    suite: pair.suite,
    reasoner: pair.reasoner,
    difficulty: pair.difficulty,
    ids,
    start: prompt.length,
    answerFrom: Math.min(answerFrom, ids.length - 1),
    lookups: lookupSpans(pair, prompt.length),
  };
  if (!out.write(`${JSON.stringify(record)}\n`)) {
    await new Promise<void>((resume) => out.once('drain', () => resume()));
  }
  kept++;
}
await new Promise<void>((done) => out.end(done));
process.stdout.write(
  `${kept} sequences (longest ${longest} tokens), ${dropped} over ${limit} tokens left out -> ${values.out}\n`,
);
