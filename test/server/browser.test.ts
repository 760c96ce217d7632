/**
 * The chat UI in headless Chromium (Debian's chromium driven by playwright-core): ask, watch the
 * answer stream in, click a citation, see the source highlighted; nothing from the corpus runs as
 * HTML. A screenshot is kept in test-artifacts/. `.ci/run` installs chromium and sets
 * REQUIRE_BROWSER=1, so there a missing browser fails the run instead of skipping.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../agent/fake-openai.js';
import { quotingModel, sentenceMatching, toolPassages } from '../agent/scripted-model.js';
import { Harness, type RunningApp } from './server-harness.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.REQUIRE_BROWSER) throw new Error(`Browser tests need ${CHROMIUM}: apt-get install chromium`);
if (!available) console.warn(`Skipping browser tests: ${CHROMIUM} is missing (apt-get install chromium).`);

const QUESTION = '第二批两重建设项目安排了多少资金？';
const UNSAFE = '关于网页显示安全测试的通知\n\n一、网页显示安全测试的内容为<img src="http://203.0.113.9/x.png" onerror="window.__pwned=1">和<script>window.__pwned=2</script>两项。';

describe.skipIf(!available)('chat UI in Chromium', () => {
  const harness = new Harness();
  let fake: FakeOpenAI;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  const outside: string[] = [];

  beforeAll(async () => {
    await harness.build({ 'unsafe.txt': UNSAFE });
    // The LLM mode streams sentence by sentence; a slow fake model makes the stream observable.
    fake = await startFakeOpenAI((request) => {
      if (toolPassages(request).length === 0) return quotingModel(/亿元/)(request);
      // Four cited sentences: the figure first, then three more from the retrieved passages.
      const found = sentenceMatching(request, /2168亿元/)!;
      const others = toolPassages(request)
        .flatMap((p) => p.text.split(/(?<=[。；\n])/).map((sentence) => ({ n: p.n, sentence: sentence.trim().replace(/[。；]$/, '') })))
        .filter((s) => s.sentence.length > 15 && s.sentence !== found.sentence)
        .slice(0, 3);
      const content = [found, ...others].map((s) => `${s.sentence}[${s.n}]。`).join('');
      return { content, chunkDelayMs: 15 };
    });
    app = await harness.start({ OPENAI_BASE_URL: fake.baseUrl, LLM_MAX_RETRIES: '0' });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('request', (request) => {
      if (!request.url().startsWith(app.url)) outside.push(request.url());
    });
    await page.goto(app.url);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('篇文件'));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await fake?.close();
    harness.cleanup();
  });

  it('streams the answer in, then a click on a citation shows the source passage highlighted', async () => {
    await page.fill('#question', QUESTION);
    await page.press('#question', 'Enter');
    // Sample the streaming bubble until it is done: the text must have grown in steps.
    const lengths = new Set<number>();
    await page.waitForSelector('.message.assistant.streaming');
    while (await page.$('.message.assistant.streaming')) {
      const length = await page.evaluate(() => document.querySelector('.message.assistant.streaming .text')?.textContent?.length ?? 0);
      if (length > 0) lengths.add(length);
      await page.waitForTimeout(20);
    }
    expect(lengths.size).toBeGreaterThanOrEqual(2);
    const answer = page.locator('.message.assistant').last();
    await expect.poll(() => answer.locator('.text').textContent()).toContain('2168亿元');
    expect(await answer.locator('.figure-card .value').textContent()).toBeTruthy();
    expect(await answer.locator('.sources li').count()).toBeGreaterThan(0);

    await answer.locator('.chip').first().click();
    await page.waitForSelector('#source:not([hidden]) #source-text mark');
    expect(await page.locator('#source-text mark').textContent()).toContain('2168亿元');
    expect(await page.locator('#source-title').textContent()).toContain('两重');
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/chat.png', fullPage: true });
  });

  it('keeps the conversation and its feedback across a reload', async () => {
    await page.locator('.message.assistant').last().locator('[data-rating="up"]').click();
    await expect.poll(() => page.locator('.message.assistant [data-rating="up"].chosen').count()).toBe(1);
    await page.reload();
    await page.waitForSelector('.message.assistant .text');
    expect(await page.locator('.message.user').first().textContent()).toBe(QUESTION);
    expect(await page.locator('#conversation-list li.active').textContent()).toBe(QUESTION);
    expect(await page.locator('.message.assistant [data-rating="up"].chosen').count()).toBe(1);
  });

  it('copies a drafted reply with its sources', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    await page.click('#new-conversation');
    await page.selectOption('#mode', 'extractive');
    await page.fill('#question', '请起草一段关于人工智能科技伦理审查办理时限的答复口径，说明委员会受理后多长时间内作出决定。');
    await page.press('#question', 'Enter');
    await page.waitForSelector('.message.assistant:not(.streaming) .actions');
    const copy = page.locator('.message.assistant').last().locator('button.copy-draft');
    expect(await copy.textContent()).toBe('复制为答复口径');
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe('已复制');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^关于/);
    expect(copied).toContain('30日');
    expect(copied).toMatch(/依据：\n\[1\] 《[^》]+》（工信部联科〔2026〕75号）/);
  });

  it('shows markup from a document as text: no script runs, no outside image loads', async () => {
    await page.click('#new-conversation');
    await page.selectOption('#mode', 'extractive');
    await page.fill('#question', '网页显示安全测试的内容是什么？');
    await page.press('#question', 'Enter');
    await page.waitForSelector('.message.assistant:not(.streaming) .sources');
    const answer = page.locator('.message.assistant').last();
    expect(await answer.locator('.text').textContent()).toContain('<img src=');
    await answer.locator('.sources li').first().click();
    await page.waitForSelector('#source-text mark');
    expect(await page.locator('#source-text').textContent()).toContain('<script>');
    expect(await page.locator('.messages img, #source img, script:not([src])').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(outside).toEqual([]);
  });
});
