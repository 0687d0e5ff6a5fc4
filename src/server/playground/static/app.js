// @ts-check
import { el, isTree, resultLine, stepCard, treeView } from './render.js';
import { readEvents } from './sse.js';

/**
 * @typedef {import('./render.js').Step} Step
 * @typedef {import('./render.js').Trace} Trace
 * @typedef {{ name: string, description: string, params: { properties?: Record<string, ParamSchema> } }} ReasonerInfo
 * @typedef {{ type?: string, enum?: string[], anyOf?: ParamSchema[], description?: string, minimum?: number, maximum?: number }} ParamSchema
 * @typedef {{ id: string, capabilities: Record<string, boolean> }} BackendInfo
 * @typedef {{ backends: BackendInfo[], reasoners: ReasonerInfo[], formats: string[], evalRuns: number, version: string }} Config
 * @typedef {{ key: string, id: string, epoch: number, suite: string, gold: string, answer: string | null, correct: boolean, hasTrace: boolean }} EvalEntry
 */

/** @param {string} id */
function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The page has no #${id}.`);
  return node;
}

const form = /** @type {HTMLFormElement} */ (byId('settings'));
const backendSelect = /** @type {HTMLSelectElement} */ (byId('backend'));
const reasonerSelect = /** @type {HTMLSelectElement} */ (byId('reasoner'));
const formatSelect = /** @type {HTMLSelectElement} */ (byId('format'));
const paramsBox = byId('params');
const chat = byId('chat');
const question = /** @type {HTMLTextAreaElement} */ (byId('question'));
const context = /** @type {HTMLTextAreaElement} */ (byId('context'));
const askButton = /** @type {HTMLButtonElement} */ (byId('ask'));
const stopButton = /** @type {HTMLButtonElement} */ (byId('stop'));
const newChatButton = /** @type {HTMLButtonElement} */ (byId('new-chat'));
const notice = byId('notice');
const traceFile = /** @type {HTMLInputElement} */ (byId('trace-file'));
const evalBox = byId('evals');
const replayBox = byId('replay');

/** @type {{ question: string, answer: string }[]} */
let history = [];
/** @type {{ id: string | null, controller: AbortController } | null} */
let current = null;

/**
 * Shows an error or a note above the chat; errors never carry stack traces.
 *
 * @param {string} message
 * @param {'error' | 'note'} [kind]
 */
function say(message, kind = 'error') {
  notice.textContent = message;
  notice.className = message ? `notice ${kind}` : 'notice';
}

/**
 * @param {string} url
 * @param {RequestInit} [init]
 */
async function api(url, init) {
  const response = await fetch(url, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new Error(body?.error?.message ?? `${response.status} ${response.statusText}`);
  return body;
}

// ---- settings ----------------------------------------------------------

/** @param {ReasonerInfo | undefined} reasoner */
function renderParams(reasoner) {
  paramsBox.replaceChildren();
  for (const [name, schema] of Object.entries(reasoner?.params.properties ?? {})) {
    const label = el('label', 'param');
    label.append(el('span', 'param-name', name));
    const choices = schema.enum ?? schema.anyOf?.find((option) => option.enum)?.enum;
    const isFlag =
      schema.type === 'boolean' || schema.anyOf?.some((option) => option.type === 'boolean');
    /** @type {HTMLInputElement | HTMLSelectElement} */
    let input;
    if (isFlag) {
      input = document.createElement('select');
      for (const value of ['', 'true', 'false'])
        input.append(new Option(value || 'default', value));
    } else if (choices) {
      input = document.createElement('select');
      input.append(new Option('default', ''));
      for (const value of choices) input.append(new Option(value, value));
    } else {
      input = document.createElement('input');
      input.type = schema.type === 'integer' || schema.type === 'number' ? 'number' : 'text';
      if (schema.type === 'number') input.step = 'any';
      if (schema.minimum !== undefined) input.min = String(schema.minimum);
      if (schema.maximum !== undefined && schema.maximum < 1e9) input.max = String(schema.maximum);
      input.placeholder = 'default';
    }
    input.name = `param:${name}`;
    input.dataset.kind = isFlag
      ? 'boolean'
      : schema.type === 'integer' || schema.type === 'number'
        ? 'number'
        : 'string';
    label.title = schema.description ?? '';
    label.append(input, el('span', 'param-help', schema.description ?? ''));
    paramsBox.append(label);
  }
}

/** The run request the settings and the question make. */
function runRequest() {
  /** @type {Record<string, string | number | boolean>} */
  const params = {};
  for (const input of paramsBox.querySelectorAll('input, select')) {
    const field = /** @type {HTMLInputElement} */ (input);
    if (field.value === '') continue;
    const name = field.name.slice('param:'.length);
    params[name] =
      field.dataset.kind === 'number'
        ? Number(field.value)
        : field.dataset.kind === 'boolean'
          ? field.value === 'true'
          : field.value;
  }
  const data = new FormData(form);
  const number = (/** @type {string} */ name) => {
    const value = String(data.get(name) ?? '').trim();
    return value === '' ? undefined : Number(value);
  };
  return {
    reasoner: reasonerSelect.value,
    backend: backendSelect.value,
    question: question.value,
    context: context.value.trim() || null,
    format: formatSelect.value,
    params,
    temperature: number('temperature'),
    maxTokens: number('maxTokens'),
    seed: number('seed') ?? 0,
    history: historyToSend(),
  };
}

// ---- a turn of the conversation ---------------------------------------

/** The DOM of one answer as it streams in. */
class TurnView {
  /** @param {string} asked */
  constructor(asked) {
    this.root = el('article', 'turn');
    this.root.append(el('div', 'bubble user', asked));
    this.box = el('div', 'bubble assistant');
    this.steps = /** @type {HTMLOListElement} */ (el('ol', 'steps'));
    this.live = el('pre', 'live');
    this.tree = el('div', 'tree-box');
    this.answer = el('div', 'final');
    this.meta = el('div', 'meta');
    this.box.append(this.steps, this.live, this.tree, this.answer, this.meta);
    this.root.append(this.box);
    /** @type {Step[]} */
    this.all = [];
  }

  /** @param {string} text */
  delta(text) {
    this.live.textContent += text;
    this.live.hidden = false;
  }

  /** @param {Step} step */
  step(step) {
    this.live.textContent = '';
    this.live.hidden = true;
    this.all.push(step);
    this.steps.append(stepCard(step));
    if (isTree(this.all))
      this.tree.replaceChildren(el('h4', '', 'Search tree'), treeView(this.all));
  }

  /**
   * @param {Trace} trace
   * @param {boolean} stopped
   */
  finish(trace, stopped) {
    // A stopped answer keeps the text that had streamed in: that is the partial transcript.
    this.live.hidden = !stopped || this.live.textContent === '';
    const { result } = trace;
    this.answer.textContent = result.answer ?? (stopped ? '' : '(no answer)');
    this.meta.textContent = resultLine(result);
    if (stopped) {
      this.root.classList.add('stopped');
      this.meta.prepend(el('span', 'badge', 'stopped'));
    }
    if (result.error) this.meta.append(el('div', 'error-text', result.error.message));
  }

  /**
   * Ends the turn without a trace; the text streamed so far stays.
   *
   * @param {string} message
   * @param {boolean} [stopped] whether the user stopped it
   */
  fail(message, stopped = false) {
    this.live.hidden = this.live.textContent === '';
    this.root.classList.add(stopped ? 'stopped' : 'failed');
    this.meta.textContent = message;
    if (stopped) this.meta.prepend(el('span', 'badge', 'stopped'));
  }
}

/** Earlier turns sent with a question: the latest few, each cut to a sane length. */
const HISTORY_TURNS = 20;
const HISTORY_CHARS = 4000;

function historyToSend() {
  return history.slice(-HISTORY_TURNS).map((turn) => ({
    question: turn.question.slice(0, HISTORY_CHARS),
    answer: turn.answer.slice(0, HISTORY_CHARS),
  }));
}

async function ask() {
  const request = runRequest();
  if (!request.question.trim()) return say('Type a question first.');
  say('');
  const view = new TurnView(request.question);
  chat.append(view.root);
  view.root.scrollIntoView({ block: 'end' });

  const controller = new AbortController();
  current = { id: null, controller };
  setRunning(true);
  try {
    const response = await fetch('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal: controller.signal,
    });
    if (!response.ok || !response.body) {
      const body = await response.json().catch(() => ({}));
      throw new Error(body?.error?.message ?? `${response.status} ${response.statusText}`);
    }
    // Accepted: only now is the question box cleared, so a refused one can be fixed.
    question.value = '';
    for await (const event of readEvents(response.body)) {
      const data = JSON.parse(event.data);
      if (event.event === 'run') current.id = data.id;
      else if (event.event === 'text-delta') view.delta(data.text);
      else if (event.event === 'step') view.step(data.step);
      else if (event.event === 'error') view.fail(data.message);
      else if (event.event === 'result') {
        view.finish(data.trace, data.stopped);
        if (!data.stopped && data.trace.result.answer !== null) {
          history.push({ question: request.question, answer: data.trace.result.answer });
        }
      }
      view.root.scrollIntoView({ block: 'end' });
    }
  } catch (error) {
    if (controller.signal.aborted) view.fail('Stopped.', true);
    else view.fail(String(error instanceof Error ? error.message : error));
  } finally {
    current = null;
    setRunning(false);
  }
}

/** Stops the run on the server; its final event marks the turn stopped. */
async function stop() {
  const run = current;
  if (!run) return;
  stopButton.disabled = true;
  if (run.id === null) {
    run.controller.abort();
    return;
  }
  try {
    await api(`/api/runs/${encodeURIComponent(run.id)}/stop`, { method: 'POST' });
  } catch {
    // Already over, or unreachable: dropping the stream stops it too.
    run.controller.abort();
  }
}

/** @param {boolean} running */
function setRunning(running) {
  askButton.disabled = running;
  stopButton.disabled = !running;
  newChatButton.disabled = running;
  document.body.classList.toggle('running', running);
}

// ---- replaying a trace ------------------------------------------------

/**
 * Shows a trace one step at a time, with Previous, Next and Play.
 *
 * @param {Trace} trace
 * @param {string} source
 */
function replay(trace, source) {
  replayBox.hidden = false;
  replayBox.replaceChildren();
  const head = el('div', 'replay-head');
  head.append(
    el('h3', '', `Replay: ${source}`),
    el('div', 'meta', `${trace.reasoner} on ${trace.backend} · ${resultLine(trace.result)}`),
  );
  const close = el('button', 'secondary', 'Close');
  close.addEventListener('click', () => {
    clearInterval(timer);
    replayBox.hidden = true;
  });
  head.append(close);
  const asked = el('div', 'bubble user', trace.task.question);
  const given = trace.task.context ? el('pre', 'context', trace.task.context) : el('span');
  const steps = el('ol', 'steps');
  const tree = el('div', 'tree-box');
  const position = el('span', 'position');
  const previous = el('button', 'secondary', '◀ Previous');
  const next = el('button', 'secondary', 'Next ▶');
  const play = el('button', 'secondary', 'Play');
  previous.id = 'replay-previous';
  next.id = 'replay-next';
  play.id = 'replay-play';
  const controls = el('div', 'replay-controls');
  controls.append(previous, next, play, position);
  const final = el('div', 'final');
  replayBox.append(head, asked, given, controls, steps, tree, final);

  let shown = 0;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer;
  const show = (/** @type {number} */ count) => {
    shown = Math.max(0, Math.min(trace.steps.length, count));
    const visible = trace.steps.slice(0, shown);
    steps.replaceChildren(...visible.map(stepCard));
    tree.replaceChildren(...(isTree(visible) ? [treeView(visible)] : []));
    position.textContent = `step ${shown} of ${trace.steps.length}`;
    final.textContent =
      shown === trace.steps.length ? `Answer: ${trace.result.answer ?? '(none)'}` : '';
    previous.toggleAttribute('disabled', shown === 0);
    next.toggleAttribute('disabled', shown === trace.steps.length);
  };
  previous.addEventListener('click', () => show(shown - 1));
  next.addEventListener('click', () => show(shown + 1));
  play.addEventListener('click', () => {
    if (timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
      play.textContent = 'Play';
      return;
    }
    if (shown === trace.steps.length) show(0);
    play.textContent = 'Pause';
    timer = setInterval(() => {
      show(shown + 1);
      if (shown === trace.steps.length) play.click();
    }, 700);
  });
  show(0);
  replayBox.scrollIntoView({ block: 'start' });
}

async function openUploadedTrace() {
  const file = traceFile.files?.[0];
  if (!file) return;
  try {
    const text = await file.text();
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    if (lines.length > 1 && lines.every((line) => line.trimStart().startsWith('{'))) {
      throw new Error(
        `it holds ${lines.length} JSON lines, like an eval's results.jsonl; start the playground with --traces <its folder> to browse them.`,
      );
    }
    // The server validates the trace; the browser only reads the file the user picked.
    const { trace } = await api('/api/traces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    });
    say('');
    replay(trace, file.name);
  } catch (error) {
    say(`Cannot open ${file.name}: ${error instanceof Error ? error.message : error}`);
  } finally {
    traceFile.value = '';
  }
}

/**
 * @param {string} run
 * @param {string} key
 */
async function openEvalTrace(run, key) {
  try {
    const { trace } = await api(`/api/evals/${encodeURIComponent(run)}/${encodeURIComponent(key)}`);
    say('');
    replay(trace, `${run} / ${key}`);
  } catch (error) {
    say(`Cannot open ${run} / ${key}: ${error instanceof Error ? error.message : error}`);
  }
}

async function listEvalRuns() {
  const { runs } = /** @type {{ runs: { name: string, items: EvalEntry[] }[] }} */ (
    await api('/api/evals')
  );
  evalBox.replaceChildren();
  for (const run of runs) {
    const details = el('details', 'eval-run');
    details.append(el('summary', '', `${run.name} (${run.items.length})`));
    const list = el('ul', 'eval-items');
    for (const item of run.items) {
      const entry = el('li', item.correct ? 'correct' : 'wrong');
      const label = `${item.correct ? '✓' : '✗'} ${item.id}${item.epoch ? ` #${item.epoch}` : ''}: ${item.answer ?? 'no answer'}`;
      if (item.hasTrace) {
        const link = /** @type {HTMLAnchorElement} */ (el('a', '', label));
        link.href = `#trace=${encodeURIComponent(run.name)}/${encodeURIComponent(item.key)}`;
        // Opened on click too: after Close, the hash is unchanged, so no hashchange fires.
        link.addEventListener('click', (event) => {
          event.preventDefault();
          replaceHash(link.hash);
          void openEvalTrace(run.name, item.key);
        });
        entry.append(link);
      } else {
        entry.append(el('span', 'muted', `${label} (no trace)`));
      }
      list.append(entry);
    }
    details.append(list);
    evalBox.append(details);
  }
}

/** @param {string} hash */
function replaceHash(hash) {
  window.history.replaceState(null, '', hash);
}

/** `#trace=<run>/<key>`, as eval reports link to items, opens that trace. */
function openFromHash() {
  const match = /^#trace=([^/]+)\/(.+)$/.exec(location.hash);
  if (!match?.[1] || !match[2]) return;
  let run;
  let key;
  try {
    run = decodeURIComponent(match[1]);
    key = decodeURIComponent(match[2]);
  } catch {
    say(`Cannot open ${location.hash}: it is not a link to a trace.`);
    return;
  }
  void openEvalTrace(run, key);
}

// ---- start --------------------------------------------------------------

async function start() {
  /** @type {Config} */
  const config = await api('/api/config');
  for (const backend of config.backends) backendSelect.append(new Option(backend.id, backend.id));
  for (const reasoner of config.reasoners) {
    const option = new Option(reasoner.name, reasoner.name);
    option.title = reasoner.description;
    reasonerSelect.append(option);
  }
  reasonerSelect.value = config.reasoners.some((reasoner) => reasoner.name === 'cot')
    ? 'cot'
    : (config.reasoners[0]?.name ?? '');
  for (const format of config.formats) formatSelect.append(new Option(format, format));
  formatSelect.value = 'text';
  const describe = () => {
    const reasoner = config.reasoners.find((entry) => entry.name === reasonerSelect.value);
    byId('reasoner-help').textContent = reasoner?.description ?? '';
    renderParams(reasoner);
  };
  reasonerSelect.addEventListener('change', describe);
  describe();
  byId('version').textContent = `v${config.version}`;

  form.addEventListener('submit', (event) => event.preventDefault());
  askButton.addEventListener('click', () => void ask());
  stopButton.addEventListener('click', () => void stop());
  question.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey) && !current) void ask();
  });
  newChatButton.addEventListener('click', () => {
    if (current) return;
    history = [];
    chat.replaceChildren();
    say('');
  });
  traceFile.addEventListener('change', () => void openUploadedTrace());
  if (config.evalRuns > 0) await listEvalRuns();
  else evalBox.append(el('p', 'muted', 'Start with --traces DIR to browse an eval run here.'));
  window.addEventListener('hashchange', openFromHash);
  openFromHash();
  setRunning(false);
  document.body.dataset.ready = 'true';
}

start().catch((error) =>
  say(`The playground could not start: ${error instanceof Error ? error.message : error}`),
);
