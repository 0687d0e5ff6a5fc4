import type { Command } from 'commander';
import pc from 'picocolors';
import { labelOptions } from '../answers/options.js';
import { createBackend } from '../backends/spec.js';
import { InvalidInputError } from '../core/errors.js';
import { AnswerFormat } from '../core/reasoner.js';
import { runReasoner } from '../core/run.js';
import type { Step } from '../core/step.js';
import { EXIT_INTERRUPTED, EXIT_USAGE, exitCodeFor } from './exit-codes.js';
import { decimal, integer, oneOf } from './options.js';
import { type ReasonerFlags, addReasonerFlags, reasonerFromFlags } from './reasoner-flags.js';

interface RunFlags extends ReasonerFlags {
  context?: string;
  option?: string[];
  format?: AnswerFormat;
  temperature?: number;
  maxTokens?: number;
  seed: number;
  backend: string;
  baseUrl?: string;
  cache: boolean;
  json: boolean;
}

export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description('answer one question with a reasoner')
    .argument('<question>', 'the question to answer')
    .option('--context <text>', 'premises or passage the question is about')
    .option(
      '--option <choice>',
      'an answer option, once per option ("True", or "A) True"); the answer is its letter',
      (choice: string, choices: string[] = []) => [...choices, choice],
    )
    .option(
      '--format <format>',
      'answer format (default text)',
      oneOf('--format', AnswerFormat.options),
    )
    .option('--temperature <t>', 'sampling temperature', decimal('--temperature'))
    .option('--max-tokens <n>', 'most new tokens per call', integer('--max-tokens', 1))
    .option('--seed <s>', 'run seed', integer('--seed'), 0)
    .option(
      '--backend <spec>',
      'local, local:<path|hub-id>, openai:<model>, scripted:<file>',
      'local',
    )
    .option('--base-url <url>', 'base URL for openai: backends (else OPENAI_BASE_URL)')
    .option('--cache', 'reuse cached backend replies', false)
    .option('--json', 'print only one JSON object with the answer and steps', false);
  addReasonerFlags(command).action(async (question: string, flags: RunFlags) => {
    const { reasoner, format } = reasonerFromFlags(flags);
    const options = lettered(flags.option ?? []);
    const backend = await createBackend(flags.backend, {
      cache: flags.cache,
      ...(flags.baseUrl && { baseURL: flags.baseUrl }),
    });

    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    const run = runReasoner(
      reasoner,
      {
        question,
        context: flags.context ?? null,
        ...(options.length > 0 && { options }),
        format: flags.format ?? (options.length > 0 ? 'letter' : (format ?? 'text')),
      },
      {
        backend,
        seed: flags.seed,
        signal: controller.signal,
        stream: !flags.json,
        ...(flags.temperature !== undefined && { temperature: flags.temperature }),
        ...(flags.maxTokens !== undefined && { maxTokens: flags.maxTokens }),
      },
    );

    let streaming = false;
    for await (const event of run) {
      if (flags.json) continue;
      if (event.type === 'text-delta') {
        process.stdout.write(pc.dim(event.text));
        streaming = true;
      } else if (event.type === 'step') {
        if (streaming) process.stdout.write('\n');
        streaming = false;
        process.stdout.write(`${formatStep(event.step)}\n`);
      }
    }

    const trace = await run.trace;
    await backend.close?.();
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ answer: trace.result.answer, ...trace })}\n`);
      setExitCode(trace.result);
      return;
    }
    const { result } = trace;
    // Bad input or set-up (a missing model, no API key) gets only the line that says what to fix.
    const badSetUp = result.error !== null && exitCodeFor(result.error.code) === EXIT_USAGE;
    if (!badSetUp) {
      const answer = result.answer ?? pc.yellow('(no answer)');
      process.stdout.write(
        `\n${pc.bold('Answer:')} ${answer}\n${pc.dim(
          `${result.stopReason} · ${result.calls} calls · ${result.usage.totalTokens} tokens · ${Math.round(result.latencyMs)} ms`,
        )}\n`,
      );
    }
    if (result.error) process.stderr.write(`${pc.red('error:')} ${result.error.message}\n`);
    setExitCode(result);
  });
}

/** Options as the eval's items write them: "A) True", lettering those given bare. */
function lettered(choices: string[]): string[] {
  if (choices.length > 26) {
    throw new InvalidInputError(`At most 26 --option choices (A-Z), got ${choices.length}.`);
  }
  return labelOptions(choices).map(({ letter, text }) => `${letter}) ${text}`);
}

function formatStep(step: Step): string {
  const label = pc.cyan(`[${step.type}]`);
  switch (step.type) {
    case 'thought':
    case 'reflection':
      return `${label} ${oneLine(step.text)}`;
    case 'action':
      return `${label} ${step.tool} ${JSON.stringify(step.input)}`;
    case 'observation':
      return `${label} ${oneLine(step.text)}`;
    case 'evaluation':
      return `${label} ${step.kind}: ${step.label ?? ''} ${step.score ?? ''}`.trimEnd();
    case 'answer':
      return `${label} ${step.answer ?? '(none)'} ${pc.dim(`via ${step.method}`)}`;
  }
}

function oneLine(text: string, width = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/** A failed run exits 1 (2 for bad input such as a missing model), an interrupted one 130. */
function setExitCode(result: { stopReason: string; error: { code: string } | null }): void {
  if (result.stopReason === 'aborted') process.exitCode = EXIT_INTERRUPTED;
  else if (result.error) process.exitCode = exitCodeFor(result.error.code);
}
