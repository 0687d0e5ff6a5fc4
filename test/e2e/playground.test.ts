import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedBackend } from '../../src/backends/scripted.js';
import { type Listening, listen } from '../../src/server/listen.js';
import { createPlayground } from '../../src/server/playground/app.js';
import { propose, value } from '../reasoners/tree-of-thoughts/game24-rules.js';

/**
 * The playground in a real browser: Debian's chromium driven by
 * playwright-core (`bash scripts/install-chromium.sh` installs it). CI sets
 * STEPWISE_REQUIRE_BROWSER=1, so there a missing browser fails the run.
 */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(executablePath);
if (!available && process.env.STEPWISE_REQUIRE_BROWSER === '1') {
  throw new Error(`No chromium at ${executablePath}; run bash scripts/install-chromium.sh.`);
}
if (!available) {
  process.stderr.write(
    `Skipping the browser test: no chromium at ${executablePath} (bash scripts/install-chromium.sh).\n`,
  );
}

const SLOW_REPLY = `${Array.from({ length: 80 }, (_, index) => `word${index}`).join(' ')}\nAnswer: done`;

const backend = new ScriptedBackend({
  id: 'scripted:demo',
  script: {
    // Later questions carry earlier ones in their context: the most specific rule goes first.
    rules: [
      { match: 'Explain it slowly', reply: SLOW_REPLY },
      // Game of 24 for Tree of Thoughts: 4 5 6 10 is solved via 4 10 30, then 6 30.
      propose('4 5 6 10', '5 * 6 = 30 (left: 4 10 30)\n4 + 5 = 9 (left: 6 9 10)'),
      propose('4 10 30', '10 - 4 = 6 (left: 6 30)\n4 * 10 = 40 (left: 30 40)'),
      propose('6 9 10', '6 + 9 = 15 (left: 10 15)'),
      propose('6 30', '30 - 6 = 24 (left: 24)'),
      value('4 10 30', '{"value": 0.9}'),
      value('6 9 10', 'likely'),
      value('6 30', 'sure'),
      value('30 40', 'impossible'),
      value('10 15', 'impossible'),
      { match: 'Observation: 42', reply: 'Thought: the tool says 42\nFinal Answer: 42' },
      {
        match: 'What is 6 times 7?',
        reply: 'Thought: multiply\nAction: calculator\nAction Input: {"expression": "6*7"}',
      },
    ],
    default: 'Answer: unknown',
    streamDelayMs: 25,
  },
});

describe.skipIf(!available)('playground in chromium', () => {
  let server: Listening;
  let browser: Browser;
  let page: Page;
  const output = join(import.meta.dirname, '..', '..', 'test-results');

  beforeAll(async () => {
    const { app } = createPlayground({ backends: new Map([[backend.id, backend]]) });
    server = await listen(app.fetch, { port: 0 });
    browser = await chromium.launch({
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    expect(errors).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('asks on the scripted backend and shows the tool steps as they arrive', async () => {
    await page.selectOption('#reasoner', 'react');
    await page.selectOption('select[name="param:protocol"]', 'text');
    await page.fill('#question', 'What is 6 times 7?');
    await page.click('#ask');

    const turn = page.locator('.turn').first();
    await turn.locator('.step-observation').waitFor();
    await expect.poll(() => turn.locator('.final').textContent()).toBe('42');
    expect(
      await turn.locator('.step').evaluateAll((cards) => cards.map((card) => card.dataset.type)),
    ).toEqual(['thought', 'action', 'observation', 'thought', 'answer']);
    expect(await turn.locator('.step-action pre').textContent()).toContain('"expression": "6*7"');
    expect(await turn.locator('.step-observation pre').textContent()).toBe('42');
    expect(await turn.locator('.meta').textContent()).toMatch(
      /^\d+ tokens · 2 calls · [\d.]+ s · answer$/,
    );
  });

  it('stops a streaming answer: the partial transcript stays, marked stopped', async () => {
    await page.selectOption('#reasoner', 'cot');
    await page.fill('#question', 'Explain it slowly');
    await page.click('#ask');

    const turn = page.locator('.turn').nth(1);
    // A few words have streamed in, far from all 80.
    await expect
      .poll(async () => (await turn.locator('.live').textContent())?.split(' ').length ?? 0)
      .toBeGreaterThan(3);
    expect(await page.isDisabled('#new-chat')).toBe(true);
    await page.click('#stop');
    await page.locator('.turn.stopped').waitFor();

    // The text streamed so far stays on screen.
    expect(await turn.locator('.live').isVisible()).toBe(true);
    const streamed = (await turn.locator('.live').textContent()) ?? '';
    expect(streamed).toContain('word0 word1 word2');
    expect(streamed).not.toContain('word79');
    expect(await turn.locator('.badge').textContent()).toBe('stopped');
    expect(await turn.locator('.meta').textContent()).toContain('aborted');
    expect(await page.isDisabled('#stop')).toBe(true);
    expect(await page.isEnabled('#ask')).toBe(true);

    // The backend's request was cancelled, and the earlier turn reached it as history.
    const request = backend.requests.at(-1);
    expect(request?.signal?.aborted).toBe(true);
    expect(request?.messages?.at(-1)?.content).toContain(
      'Earlier in this conversation:\nUser: What is 6 times 7?\nAssistant: 42',
    );

    mkdirSync(output, { recursive: true });
    await page.screenshot({ path: join(output, 'playground-stopped.png'), fullPage: true });
  });

  it('draws Tree of Thoughts as a tree with scores and the chosen path highlighted', async () => {
    await page.click('#new-chat');
    expect(await page.locator('.turn').count()).toBe(0);
    await page.selectOption('#reasoner', 'tot');
    await page.selectOption('select[name="param:task"]', 'game24');
    await page.fill('#question', '4 5 6 10');
    await page.click('#ask');

    const turn = page.locator('.turn').first();
    await expect
      .poll(() => turn.locator('.final').textContent(), { timeout: 10_000 })
      .toBe('(5 * 6) - (10 - 4)');
    const tree = turn.locator('.tree');
    expect(
      await tree.locator('.tree-node.chosen > .tree-label .tree-text').allTextContents(),
    ).toEqual([
      '4 5 6 10',
      '5 * 6 = 30 (left: 4 10 30)',
      '10 - 4 = 6 (left: 6 30)',
      '30 - 6 = 24 (left: 24)',
    ]);
    // Every branch shows, with its score; the dead ends are not highlighted.
    const score = (text: string) =>
      tree.locator('.tree-label', { hasText: text }).locator('.tree-score').first().textContent();
    expect(await score('4 + 5 = 9 (left: 6 9 10)')).toBe('value 0.5');
    expect(await score('5 * 6 = 30')).toBe('value 0.9');
    expect(await score('4 * 10 = 40')).toBe('value 0');
    expect(await tree.locator('.tree-node').count()).toBe(7);
    expect(await tree.locator('.tree-node.chosen').count()).toBe(4);
    await page.screenshot({ path: join(output, 'playground-tree.png'), fullPage: true });
  });

  it('replays an uploaded trace step by step', async () => {
    const trace = await (
      await fetch(`${server.url}/api/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          reasoner: 'react',
          backend: backend.id,
          question: 'What is 6 times 7?',
          params: { protocol: 'text' },
        }),
      })
    ).text();
    const json = trace.split('\n').find((line) => line.startsWith('data: {"trace"'));
    const file = join(mkdtempSync(join(tmpdir(), 'stepwise-e2e-')), 'trace.json');
    writeFileSync(file, JSON.stringify(JSON.parse(json?.slice('data: '.length) ?? '{}').trace));

    await page.setInputFiles('#trace-file', file);
    const replay = page.locator('#replay');
    await replay.locator('.position').waitFor();
    expect(await replay.locator('.position').textContent()).toBe('step 0 of 5');
    await page.click('#replay-next');
    await page.click('#replay-next');
    expect(
      await replay.locator('.step').evaluateAll((cards) => cards.map((card) => card.dataset.type)),
    ).toEqual(['thought', 'action']);
    await page.click('#replay-previous');
    expect(await replay.locator('.step').count()).toBe(1);
    expect(await replay.locator('.position').textContent()).toBe('step 1 of 5');
  });

  it('keeps a refused question in the box, with the reason on its turn', async () => {
    await page.fill('input[name="temperature"]', '9');
    await page.fill('#question', 'Too hot?');
    await page.click('#ask');
    const turn = page.locator('.turn.failed').last();
    await expect.poll(() => turn.locator('.meta').textContent()).toContain('temperature: Too big');
    expect(await page.inputValue('#question')).toBe('Too hot?');
    await page.fill('input[name="temperature"]', '');
  });

  it('shows a bad trace file as a message', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stepwise-e2e-')), 'broken.json');
    writeFileSync(file, '{"version": 1, "steps": "nope"}');
    await page.setInputFiles('#trace-file', file);
    await expect
      .poll(() => page.locator('#notice').textContent())
      .toContain('Cannot open broken.json: Not a stepwise trace');
  });
});
