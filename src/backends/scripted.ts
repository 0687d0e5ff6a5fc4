import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  type Backend,
  type BackendCapabilities,
  type Choice,
  type GenerateRequest,
  type GenerateResult,
  type StreamEvent,
  requestMessages,
} from '../core/backend.js';
import {
  InvalidInputError,
  InvalidSpecError,
  ScriptedExhaustedError,
  throwIfAborted,
} from '../core/errors.js';
import { makeUsage } from '../core/usage.js';
import { sha256, stableStringify } from '../util/hash.js';
import { defaultSleep } from './retry.js';

const Reply = z.union([
  z.string(),
  z.object({
    text: z.string().default(''),
    finishReason: z.enum(['stop', 'length', 'tool-calls']).default('stop'),
    toolCalls: z
      .array(z.object({ id: z.string(), name: z.string(), arguments: z.string() }))
      .optional(),
  }),
]);
export type ScriptedReply = z.input<typeof Reply>;

const Rule = z
  .object({
    /** The reply is chosen when the prompt contains this substring. */
    match: z.string().optional(),
    /** ...or matches this regular expression (JavaScript syntax). */
    regex: z.string().optional(),
    reply: Reply,
  })
  .refine((rule) => (rule.match === undefined) !== (rule.regex === undefined), {
    message: 'each rule needs exactly one of "match" or "regex"',
  });

/** A script: replies used in order, or rules tried in order with a default. */
export const Script = z.union([
  z.array(Reply),
  z
    .object({
      rules: z.array(Rule).default([]),
      default: Reply.optional(),
      /** Pause before each streamed delta, to pace a stream like a real model. Default: 0. */
      streamDelayMs: z.number().int().min(0).max(10_000).default(0),
    })
    .refine((script) => script.rules.length > 0 || script.default !== undefined, {
      message: 'a script object needs "rules", a "default", or both',
    }),
]);
export type Script = z.input<typeof Script>;

export interface ScriptedBackendOptions {
  /** The replies or rules. */
  script: Script;
  /** Spec string reported as the backend id. Default: `scripted`. */
  id?: string;
}

type ParsedReply = z.output<typeof Reply>;
type Matcher = { test: (prompt: string) => boolean; reply: ParsedReply };

/**
 * Deterministic replies, for tests and users' own tests. It records every
 * request it receives in `requests`.
 */
export class ScriptedBackend implements Backend {
  readonly id: string;
  readonly capabilities: BackendCapabilities = {
    streaming: true,
    tools: false,
    logprobs: false,
    n: true,
    seed: false,
    chat: true,
  };
  readonly requests: GenerateRequest[] = [];
  private readonly replies: ParsedReply[] | undefined;
  private readonly rules: Matcher[];
  private readonly fallback: ParsedReply | undefined;
  private readonly hash: string;
  private readonly streamDelayMs: number;
  private next = 0;

  constructor(options: ScriptedBackendOptions) {
    const parsed = Script.safeParse(options?.script);
    if (!parsed.success) {
      throw new InvalidInputError(
        `Not a script: ${parsed.error.issues[0]?.message}. Give an array of replies (strings or {text}) or {rules, default}.`,
      );
    }
    const script = parsed.data;
    this.id = options.id ?? 'scripted';
    this.hash = sha256(stableStringify(script));
    this.streamDelayMs = Array.isArray(script) ? 0 : script.streamDelayMs;
    if (Array.isArray(script)) {
      this.replies = script;
      this.rules = [];
    } else {
      this.rules = script.rules.map((rule) => ({ test: ruleTest(rule), reply: rule.reply }));
      this.fallback = script.default;
    }
  }

  identity(): Promise<string> {
    return Promise.resolve(`scripted|${this.hash}`);
  }

  /** How many scripted replies have been used. */
  get used(): number {
    return this.next;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    throwIfAborted(request.signal);
    this.requests.push(request);
    const prompt = promptText(request);
    const choices: Choice[] = [];
    for (let index = 0; index < (request.n ?? 1); index++) {
      choices.push(toChoice(this.pick(prompt), request.stop));
    }
    const completion = choices.reduce((sum, choice) => sum + countTokens(choice.text), 0);
    return { choices, usage: makeUsage(countTokens(prompt), completion), model: this.id };
  }

  async *stream(request: GenerateRequest): AsyncIterable<StreamEvent> {
    const result = await this.generate(request);
    for (const [index, choice] of result.choices.entries()) {
      // Word-sized deltas, so consumers see a real stream.
      for (const piece of choice.text.match(/\s*\S+|\s+$/g) ?? []) {
        if (this.streamDelayMs > 0) await defaultSleep(this.streamDelayMs, request.signal);
        throwIfAborted(request.signal);
        yield { type: 'text-delta', choice: index, text: piece };
      }
    }
    yield { type: 'finish', result };
  }

  private pick(prompt: string): ParsedReply {
    if (this.replies) {
      const reply = this.replies[this.next];
      if (reply === undefined) {
        throw new ScriptedExhaustedError(
          `The script has ${this.replies.length} replies and all are used; add more replies or rules.`,
        );
      }
      this.next++;
      return reply;
    }
    const rule = this.rules.find((candidate) => candidate.test(prompt));
    const reply = rule?.reply ?? this.fallback;
    if (reply === undefined) {
      throw new ScriptedExhaustedError(
        'No rule matched the prompt and the script has no default; add a "default" reply.',
      );
    }
    this.next++;
    return reply;
  }
}

/** Loads a script from a JSON file (`scripted:<file>`). */
export function loadScriptedBackend(file: string): ScriptedBackend {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new InvalidSpecError(`Cannot read the script file ${file}; check the path.`, { cause });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new InvalidSpecError(`The script file ${file} is not valid JSON.`, { cause });
  }
  const parsed = Script.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new InvalidSpecError(
      `The script file ${file} is not a script${where}: ${issue?.message}. ` +
        'Use a JSON array of replies, or {"rules": [{"match": "...", "reply": "..."}], "default": "..."}.',
    );
  }
  return new ScriptedBackend({ script: parsed.data, id: `scripted:${file}` });
}

function ruleTest(rule: { match?: string | undefined; regex?: string | undefined }) {
  if (rule.match !== undefined) {
    const needle = rule.match;
    return (prompt: string) => prompt.includes(needle);
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(rule.regex ?? '');
  } catch (cause) {
    throw new InvalidSpecError(`The rule regex ${rule.regex} is not a valid regular expression.`, {
      cause,
    });
  }
  return (prompt: string) => pattern.test(prompt);
}

function toChoice(reply: ParsedReply, stop: string[] | undefined): Choice {
  if (typeof reply === 'string') return cutAtStop(reply, stop, 'stop');
  const choice = cutAtStop(reply.text, stop, reply.finishReason);
  return reply.toolCalls ? { ...choice, toolCalls: reply.toolCalls } : choice;
}

function cutAtStop(text: string, stop: string[] | undefined, finish: Choice['finishReason']) {
  let end = text.length;
  for (const marker of stop ?? []) {
    const at = marker ? text.indexOf(marker) : -1;
    if (at >= 0 && at < end) end = at;
  }
  return { text: text.slice(0, end), finishReason: end < text.length ? 'stop' : finish };
}

function promptText(request: GenerateRequest): string {
  return requestMessages(request)
    .map((message) => message.content)
    .join('\n');
}

/** A rough token count (words and punctuation), stable across runs. */
function countTokens(text: string): number {
  return text.match(/\w+|[^\s\w]/g)?.length ?? 0;
}
