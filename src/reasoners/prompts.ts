import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Message } from '../core/backend.js';
import { InvalidInputError } from '../core/errors.js';
import { AnswerFormat, type Task } from '../core/reasoner.js';
import { packagePath } from '../paths.js';
import { sha256 } from '../util/hash.js';

const files = new Map<string, string>();

/** Reads a file from prompts/ (cached; prompts ship with the package). */
export function readPrompt(name: string): string {
  let text = files.get(name);
  if (text === undefined) {
    text = readFileSync(packagePath('prompts', name), 'utf8');
    files.set(name, text);
  }
  return text;
}

/** sha256 of a prompt file, recorded in eval manifests. */
export function promptHash(name: string): string {
  return sha256(readPrompt(name));
}

/**
 * Fills `{{name}}` slots, and `{{#name}}...{{/name}}` sections that are
 * kept only when the value is non-empty. Missing slots are an error, so
 * a typo in a template never reaches a model silently.
 */
export function renderTemplate(template: string, values: Record<string, string | null>): string {
  let parts = compiled.get(template);
  if (!parts) {
    parts = compileTemplate(template);
    compiled.set(template, parts);
  }
  return fill(parts, values);
}

/** A template split once into literal text, slots and sections. */
type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'slot'; name: string }
  | { kind: 'section'; name: string; body: TemplatePart[] };

const compiled = new Map<string, TemplatePart[]>();

function compileTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const pattern = /\{\{#(\w+)\}\}([\s\S]*?)\{\{\/\1\}\}|\{\{(\w+)\}\}/g;
  let end = 0;
  for (const match of template.matchAll(pattern)) {
    if (match.index > end) parts.push({ kind: 'text', text: template.slice(end, match.index) });
    const [, section, body, slot] = match;
    if (section !== undefined) {
      parts.push({ kind: 'section', name: section, body: compileTemplate(body ?? '') });
    } else {
      parts.push({ kind: 'slot', name: slot ?? '' });
    }
    end = match.index + match[0].length;
  }
  if (end < template.length) parts.push({ kind: 'text', text: template.slice(end) });
  return parts;
}

function fill(parts: readonly TemplatePart[], values: Record<string, string | null>): string {
  let text = '';
  for (const part of parts) {
    if (part.kind === 'text') {
      text += part.text;
    } else if (part.kind === 'section') {
      if (values[part.name]) text += fill(part.body, values);
    } else {
      const value = values[part.name];
      if (value === undefined) {
        throw new Error(`The prompt template has no value for {{${part.name}}}.`);
      }
      text += value ?? '';
    }
  }
  return text;
}

const Formats = z.record(AnswerFormat, z.string());

/** The instruction sentence for an answer format, from prompts/formats.json. */
export function formatInstruction(format: AnswerFormat): string {
  formats ??= Formats.parse(JSON.parse(readPrompt('formats.json')));
  return formats[format] ?? '';
}

let formats: z.infer<typeof Formats> | undefined;

/** Renders a task's context, question and options with prompts/task.txt. */
export function renderTask(task: Pick<Task, 'question' | 'context' | 'options'>): string {
  return renderTemplate(readPrompt('task.txt'), {
    context: task.context,
    question: task.question,
    options: task.options?.join('\n') ?? null,
  }).trim();
}

/** Renders a reasoner's prompt file (e.g. `cot.txt`) for a task. */
export function renderPrompt(
  file: string,
  task: Pick<Task, 'question' | 'context' | 'options' | 'format'>,
): string {
  return renderTemplate(readPrompt(file), {
    task: renderTask(task),
    instruction: formatInstruction(task.format),
  }).trim();
}

const Exemplar = z.object({
  context: z.string().nullable(),
  question: z.string(),
  options: z.array(z.string()).nullable(),
  format: AnswerFormat,
  reasoning: z.string(),
  answer: z.string(),
});
export type Exemplar = z.infer<typeof Exemplar>;

/** Few-shot chain-of-thought exemplars from prompts/cot-exemplars.json. */
export function cotExemplars(): Exemplar[] {
  exemplars ??= z.array(Exemplar).parse(JSON.parse(readPrompt('cot-exemplars.json')));
  return exemplars;
}

let exemplars: Exemplar[] | undefined;

export interface PromptMessagesOptions {
  /** Worked exemplars to put first, as user/assistant turns. Default: 0. */
  shots?: number;
  /** Whether exemplar replies show their reasoning. Default: true. */
  reasoning?: boolean;
}

/**
 * Messages for a prompt file, preceded by worked exemplars (those of the
 * task's own format first).
 */
export function promptMessages(
  file: string,
  task: Task,
  options: PromptMessagesOptions = {},
): Message[] {
  const shots = options.shots ?? 0;
  const messages: Message[] = [];
  if (shots > 0) {
    const all = cotExemplars();
    if (shots > all.length) {
      throw new InvalidInputError(
        `shots=${shots} asks for more exemplars than prompts/cot-exemplars.json holds (${all.length}).`,
      );
    }
    const ordered = [
      ...all.filter((exemplar) => exemplar.format === task.format),
      ...all.filter((exemplar) => exemplar.format !== task.format),
    ];
    for (const exemplar of ordered.slice(0, shots)) {
      messages.push({ role: 'user', content: renderPrompt(file, exemplar) });
      messages.push({
        role: 'assistant',
        content:
          options.reasoning === false
            ? `Answer: ${exemplar.answer}`
            : `${exemplar.reasoning}\nAnswer: ${exemplar.answer}`,
      });
    }
  }
  messages.push({ role: 'user', content: renderPrompt(file, task) });
  return messages;
}
