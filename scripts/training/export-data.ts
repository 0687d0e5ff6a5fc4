/**
 * Exports training pairs for the embedded model: the exact prompts that
 * stepwise's reasoners render for a model without a chat template, each
 * with the completion a perfect model would write, taken from the
 * generators' gold reasoning and answers.
 *
 * The real reasoners run, against a teacher backend that answers every
 * call with the gold completion, so prompts (and ReAct's scratchpad with
 * the prover's real observation) are byte for byte what they send at run
 * time.
 *
 *   tsx scripts/training/export-data.ts --out .training/data.jsonl --per-suite 2000 --seed 7
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { renderPrompt } from '../../src/backends/local-prompt.js';
import {
  type Backend,
  type GenerateRequest,
  type GenerateResult,
  requestMessages,
  streamFromGenerate,
} from '../../src/core/backend.js';
import type { Reasoner } from '../../src/core/reasoner.js';
import { solve } from '../../src/core/run.js';
import { emptyUsage } from '../../src/core/usage.js';
import type { EvalItem } from '../../src/eval/item.js';
import { suiteItems } from '../../src/eval/suites.js';
import { ChainOfThought } from '../../src/reasoners/chain-of-thought.js';
import { Direct } from '../../src/reasoners/direct.js';
import { ReAct } from '../../src/reasoners/react/react.js';
import { getTools } from '../../src/tools/registry.js';

/**
 * Suites and their share of `perSuite` items: the deductive ones, which the
 * model card's targets are on, get twice as many; corr2cause has about 900
 * distinct items per split, so it is capped below that.
 */
const SUITES: { name: string; share: number; cap?: number }[] = [
  { name: 'deductive/prontoqa', share: 2 },
  { name: 'deductive/proofwriter', share: 2 },
  { name: 'inductive/kinship', share: 1 },
  { name: 'inductive/rules', share: 1 },
  { name: 'causal/ladder', share: 1 },
  { name: 'causal/corr2cause', share: 1, cap: 800 },
];

/** The prover settles these suites' statements, so ReAct is trained on them. */
const PROVABLE = new Set(['deductive/prontoqa', 'deductive/proofwriter']);

export interface Pair {
  suite: string;
  reasoner: string;
  difficulty: Record<string, number>;
  prompt: string;
  completion: string;
}

/** The statement a true/false question asks about: the text after its question mark. */
export function statementOf(question: string): string {
  const at = question.lastIndexOf('?');
  return (at >= 0 ? question.slice(at + 1) : question).trim();
}

/** What a perfect model replies to one call of a reasoner on an item. */
function teacherReply(reasoner: string, item: EvalItem, prompt: string): string {
  const answer = `Answer: ${item.answer}`;
  if (reasoner === 'direct') return answer;
  if (reasoner === 'cot') return `${(item.goldReasoning ?? []).join('\n')}\n${answer}`;
  // ReAct's text protocol: the prompt ends with the cue `Thought:`. Prove the
  // statement first; once the prover's observation is in, answer from it.
  if (!prompt.includes('\nObservation: ')) {
    const goal = JSON.stringify({ goal: statementOf(item.question) });
    return ` I check the statement with the prover.\nAction: prover\nAction Input: ${goal}`;
  }
  return ` I know the answer\nFinal Answer: ${item.answer}`;
}

/** A backend that answers as the teacher and records each (prompt, completion). */
class TeacherBackend implements Backend {
  readonly id = 'teacher';
  readonly capabilities = {
    streaming: false,
    tools: false,
    logprobs: false,
    n: false,
    seed: false,
    chat: false,
  };
  readonly pairs: { prompt: string; completion: string }[] = [];

  constructor(
    private readonly reasoner: string,
    private readonly item: EvalItem,
  ) {}

  identity(): Promise<string> {
    return Promise.resolve('teacher');
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const prompt = renderPrompt(requestMessages(request));
    const completion = teacherReply(this.reasoner, this.item, prompt);
    this.pairs.push({ prompt, completion });
    return {
      choices: [{ text: completion, finishReason: 'stop' }],
      usage: emptyUsage(),
      model: 'teacher',
    };
  }

  stream(request: GenerateRequest) {
    return streamFromGenerate(this, request);
  }
}

function reasonersFor(suite: string): [string, Reasoner][] {
  const list: [string, Reasoner][] = [
    ['direct', new Direct()],
    ['cot', new ChainOfThought()],
  ];
  if (PROVABLE.has(suite)) {
    list.push(['react', new ReAct({ tools: getTools(['prover']), protocol: 'text' })]);
  }
  return list;
}

/** Every training pair for `perSuite` train-split items of each suite. */
export async function* exportPairs(perSuite: number, seed: number): AsyncGenerator<Pair> {
  for (const { name: suite, share, cap } of SUITES) {
    const count = Math.min(perSuite * share, cap ?? Infinity);
    for (const item of suiteItems(suite, { split: 'train', count, seed }).items) {
      for (const [name, reasoner] of reasonersFor(suite)) {
        const teacher = new TeacherBackend(name, item);
        const trace = await solve(
          reasoner,
          {
            question: item.question,
            context: item.context,
            options: item.options,
            format: item.format,
          },
          { backend: teacher },
        );
        // The teacher's answer must read back as gold, or the pair teaches a wrong format.
        if (trace.result.answer !== item.answer) {
          throw new Error(
            `${name} on ${item.id}: the teacher's reply reads as ${trace.result.answer}, not ${item.answer}.`,
          );
        }
        for (const pair of teacher.pairs) {
          yield { suite, reasoner: name, difficulty: item.difficulty, ...pair };
        }
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: '.training/data.jsonl' },
      'per-suite': { type: 'string', default: '2000' },
      seed: { type: 'string', default: '7' },
    },
  });
  const out = values.out;
  await mkdir(dirname(out), { recursive: true });
  const file = createWriteStream(out);
  let count = 0;
  for await (const pair of exportPairs(Number(values['per-suite']), Number(values.seed))) {
    if (!file.write(`${JSON.stringify(pair)}\n`)) {
      await new Promise<void>((resume) => file.once('drain', () => resume()));
    }
    count++;
  }
  await new Promise<void>((done) => file.end(done));
  process.stdout.write(`${count} pairs -> ${out}\n`);
}
