/**
 * The chat UI in headless Chromium (Debian's chromium driven by playwright-core), at a desktop size
 * (1280×800) and a phone size (390×844): ask, watch the answer stream in, click a citation, see the
 * source highlighted, close it; the 发送 button stays in view and clickable; on a phone the
 * conversation list is a drawer and the source a bottom sheet; filters go with the question;
 * answers' lists and bold are rendered, and nothing from the corpus or an answer runs as HTML.
 * Screenshots are kept in test-artifacts/ (chat.png and chat-desktop.png, chat-phone.png,
 * chat-phone-source.png, chat-phone-drawer.png, chat-answer-formatted.png). `.ci/run` installs chromium and sets
 * REQUIRE_BROWSER=1, so there a missing browser fails the run instead of skipping.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../agent/fake-openai.js';
import { quotingModel, sentenceMatching, toolPassages } from '../agent/scripted-model.js';
import { Harness, parseSse, type RunningApp } from './server-harness.js';


const QUESTION = '第二批两重建设项目安排了多少资金？';
const UNSAFE = '关于网页显示安全测试的通知\n\n一、网页显示安全测试的内容为<img src="http://203.0.113.9/x.png" onerror="window.__pwned=1">和<script>window.__pwned=2</script>两项。';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** Whether the element is inside the viewport and a click at its centre reaches it (nothing covers it). */
async function reachable(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const node = document.querySelector(sel);
    if (!node) return false;
    const r = node.getBoundingClientRect();
    const inside = r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return inside && hit !== null && node.contains(hit);
  }, selector);
}

/** Whether some of the element shows in the viewport. */
async function inView(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const { width, height } = page.viewportSize()!;
  return box !== null && (await locator.isVisible()) && box.x < width && box.x + box.width > 0 && box.y < height && box.y + box.height > 0;
}

/** Asks a question with Enter and waits for its answer to be complete. */
async function ask(page: Page, question: string): Promise<Locator> {
  const before = await page.locator('.message.assistant .actions').count();
  await page.fill('#question', question);
  await page.press('#question', 'Enter');
  await expect.poll(() => page.locator('.message.assistant:not(.streaming) .actions').count(), { timeout: 30_000 }).toBe(before + 1);
  return page.locator('.message.assistant').last();
}

describe.skipIf(!chromiumAvailable)('chat UI in Chromium', () => {
  const harness = new Harness();
  let fake: FakeOpenAI;
  let app: RunningApp;
  let browser: Browser;
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
    browser = await launchChromium();
    mkdirSync('test-artifacts', { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await fake?.close();
    harness.cleanup();
  });

  async function open(options: Parameters<Browser['newPage']>[0]): Promise<Page> {
    const page = await browser.newPage(options);
    page.on('request', (request) => {
      if (!request.url().startsWith(app.url)) outside.push(request.url());
    });
    await page.goto(app.url);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('篇文件'));
    return page;
  }

  describe('on the desktop (1280×800)', () => {
    let page: Page;
    beforeAll(async () => {
      page = await open({ viewport: DESKTOP });
    });
    afterAll(() => page?.close());

    it('loads with the conversation sidebar and the question box, and no source panel', async () => {
      expect(await page.locator('#source').isVisible()).toBe(false);
      expect(await page.locator('#source').evaluate((node) => getComputedStyle(node).display)).toBe('none');
      expect(await page.locator('#conversations').isVisible()).toBe(true);
      expect(await page.locator('#menu').isVisible()).toBe(false);
      expect(await page.locator('#filters').getAttribute('open')).not.toBeNull();
      expect(await reachable(page, '#send')).toBe(true);
    });

    it('streams the answer in, then a click on a citation shows the source passage highlighted; × closes it', async () => {
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
      expect(await inView(page, answer.locator('.text'))).toBe(true);
      expect(await reachable(page, '#send')).toBe(true);
      await page.locator('#send').click({ trial: true });
      expect(await page.locator('#source').isVisible()).toBe(false);

      await answer.locator('.chip').first().click();
      await page.waitForSelector('#source:not([hidden]) #source-text mark');
      expect(await page.locator('#source-text mark').textContent()).toContain('2168亿元');
      expect(await page.locator('#source-title').textContent()).toContain('两重');
      expect(await inView(page, page.locator('#source-text mark'))).toBe(true);
      // The panel sits beside the chat: the answer and the question box stay usable.
      expect(await reachable(page, '#send')).toBe(true);
      expect(await reachable(page, '#source-close')).toBe(true);
      await page.screenshot({ path: 'test-artifacts/chat.png' });
      await page.screenshot({ path: 'test-artifacts/chat-desktop.png' });

      await page.click('#source-close');
      expect(await page.locator('#source').isVisible()).toBe(false);
      expect(await page.locator('.chip.active').count()).toBe(0);
    });

    it('closes the previous source when a new question is asked', async () => {
      await page.locator('.message.assistant').last().locator('.sources li').first().click();
      await page.waitForSelector('#source:not([hidden]) #source-text mark');
      await page.fill('#question', QUESTION);
      await page.press('#question', 'Enter');
      expect(await page.locator('#source').isVisible()).toBe(false);
      await page.waitForSelector('.message.assistant:not(.streaming) .actions >> nth=1');
      expect(await page.locator('#source').isVisible()).toBe(false);
      expect(await reachable(page, '#send')).toBe(true);
    });

    it('keeps the conversation and its feedback across a reload', async () => {
      await page.locator('.message.assistant').last().locator('[data-rating="up"]').click();
      await expect.poll(() => page.locator('.message.assistant [data-rating="up"].chosen').count()).toBe(1);
      await page.reload();
      await page.waitForSelector('.message.assistant .text');
      expect(await page.locator('.message.user').first().textContent()).toBe(QUESTION);
      expect(await page.locator('#conversation-list li.active').textContent()).toBe(QUESTION);
      expect(await page.locator('.message.assistant [data-rating="up"].chosen').count()).toBe(1);
      expect(await page.locator('#source').isVisible()).toBe(false);
    });

    it('copies a drafted reply with its sources', async () => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
      await page.click('#new-conversation');
      await page.selectOption('#mode', 'extractive');
      const answer = await ask(page, '请起草一段关于人工智能科技伦理审查办理时限的答复口径，说明委员会受理后多长时间内作出决定。');
      const copy = answer.locator('button.copy-draft');
      expect(await copy.textContent()).toBe('复制为答复口径');
      await copy.click();
      await expect.poll(() => copy.textContent()).toBe('已复制');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toMatch(/^关于/);
      expect(copied).toContain('30日');
      expect(copied).toMatch(/依据：\n\[1\] 《[^》]+》（工信部联科〔2026〕75号）/);
    });

    it('sends the filters with the question, and the answer cites only documents that pass them', async () => {
      const filters = { type: '意见', from: '2026-04-01', to: '2026-04-30' };
      const allowed = (await (await fetch(`${app.url}/api/documents?${new URLSearchParams({ ...filters, limit: '500' })}`)).json()) as { documents: { id: string }[] };
      const allowedIds = new Set(allowed.documents.map((d) => d.id));
      expect(allowedIds.size).toBeGreaterThan(0);

      await page.click('#new-conversation');
      await page.selectOption('#mode', 'extractive');
      await page.selectOption('#filter-type', filters.type);
      await page.fill('#filter-from', filters.from);
      await page.fill('#filter-to', filters.to);
      expect(await page.locator('#filter-summary').textContent()).toBe('：意见 · 2026-04-01 至 2026-04-30');
      const sent: unknown[] = [];
      await page.route('**/api/chat', async (route) => {
        sent.push(route.request().postDataJSON());
        await route.continue();
      });
      const responded = page.waitForResponse((response) => response.url().endsWith('/api/chat'));
      const answer = await ask(page, '服务业扩能提质有哪些举措？');
      await page.unroute('**/api/chat');
      expect(sent).toEqual([{ question: '服务业扩能提质有哪些举措？', mode: 'extractive', ...filters }]);
      expect(await page.locator('.message.user').last().locator('.filters-used').textContent()).toBe('筛选：意见 · 2026-04-01 至 2026-04-30');
      const done = parseSse(await (await responded).text()).events.find((e) => e.event === 'done')!.data as { citations: { docId: string }[]; related: { docId: string }[] };
      const cited = [...done.citations, ...done.related].map((c) => c.docId);
      expect(cited.length).toBeGreaterThan(0);
      expect(cited.filter((id) => !allowedIds.has(id))).toEqual([]);
      // One entry per cited document, each quote under it.
      const shown = done.citations.length > 0 ? done.citations : done.related;
      expect(await answer.locator('.sources li').count()).toBe(new Set(shown.map((c: { docId: string }) => c.docId)).size);
      expect(await answer.locator('.sources .source-quote').count()).toBe(shown.length);

      await page.click('#filter-clear');
      expect(await page.locator('#filter-summary').textContent()).toBe('');
      expect(await page.locator('#filter-type').inputValue()).toBe('');
    });

    it('shows markup from a document as text: no script runs, no outside image loads', async () => {
      await page.click('#new-conversation');
      await page.selectOption('#mode', 'extractive');
      const answer = await ask(page, '网页显示安全测试的内容是什么？');
      expect(await answer.locator('.text').textContent()).toContain('<img src=');
      await answer.locator('.sources li').first().click();
      await page.waitForSelector('#source-text mark');
      expect(await page.locator('#source-text').textContent()).toContain('<script>');
      expect(await page.locator('.messages img, #source img, script:not([src])').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(outside).toEqual([]);
    });

    it('renders an answer\'s lists and bold from DOM nodes, markup in it stays text, chips still open the source', async () => {
      const { documents } = (await (await fetch(`${app.url}/api/documents?limit=1`)).json()) as { documents: { id: string; title: string }[] };
      const doc = documents[0]!;
      const citation = { n: 1, docId: doc.id, title: doc.title, start: 0, end: 8, quote: '', heading: null, date: null, documentNumber: null };
      const text = '申请材料包括：\n- **申请书[1]**\n- 审查表<img src=x onerror="window.__pwned=3">\n办理步骤：\n1. 受理\n2. 决定 **30日**内作出';
      const done = { answered: true, answer: text, citations: [citation], related: [], intent: 'list', sessionId: 'markdown-test', turn: 0 };
      await page.route('**/api/chat', (route) =>
        route.fulfill({ status: 200, contentType: 'text/event-stream', body: `event: done\ndata: ${JSON.stringify(done)}\n\n` }),
      );
      await page.click('#new-conversation');
      const answer = await ask(page, '申请材料有哪些？');
      await page.unroute('**/api/chat');
      const body = answer.locator('.text');
      expect(await body.locator('ul > li').allTextContents()).toEqual(['申请书1', '审查表<img src=x onerror="window.__pwned=3">']);
      expect(await body.locator('ol > li').allTextContents()).toEqual(['受理', '决定 30日内作出']);
      expect(await body.locator('strong').allTextContents()).toEqual(['申请书1', '30日']);
      expect(await body.locator('p').allTextContents()).toEqual(['申请材料包括：', '办理步骤：']);
      expect(await page.locator('.messages img').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      await answer.screenshot({ path: 'test-artifacts/chat-answer-formatted.png' });
      await body.locator('strong .chip').click();
      await page.waitForSelector('#source:not([hidden]) #source-text mark');
      expect(await page.locator('#source-title').textContent()).toBe(doc.title);
      await page.click('#source-close');
    });
  });

  it('on a tablet (800×1000) keeps the list behind ☰ and the question box in view', async () => {
    const page = await open({ viewport: { width: 800, height: 1000 } });
    try {
      expect(await page.locator('#source').isVisible()).toBe(false);
      expect(await page.locator('#conversations').isVisible()).toBe(false);
      expect(await reachable(page, '#send')).toBe(true);
      await page.click('#menu');
      await expect.poll(() => reachable(page, '#new-conversation')).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('#conversations').isVisible()).toBe(false);
    } finally {
      await page.close();
    }
  });

  describe('on a phone (390×844)', () => {
    let page: Page;
    beforeAll(async () => {
      page = await open({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    });
    afterAll(() => page?.close());

    it('loads with the question box and 发送 in view, no source sheet, the list in a closed drawer, filters folded', async () => {
      expect(await page.locator('#source').isVisible()).toBe(false);
      expect(await page.locator('#overlay').isVisible()).toBe(false);
      expect(await page.locator('#conversations').isVisible()).toBe(false);
      expect(await reachable(page, '#menu')).toBe(true);
      expect(await reachable(page, '#send')).toBe(true);
      expect(await reachable(page, '#question')).toBe(true);
      expect(await page.locator('#filters').getAttribute('open')).toBeNull();
      expect(await page.locator('.filter-fields').isVisible()).toBe(false);
      // Nothing wider than the screen: no sideways scrolling.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    });

    it('shows the answer with 发送 still reachable; a citation opens the source as a sheet that × closes', async () => {
      await page.selectOption('#mode', 'auto');
      const answer = await ask(page, QUESTION);
      expect(await answer.locator('.text').textContent()).toContain('2168亿元');
      expect(await inView(page, answer)).toBe(true);
      expect(await reachable(page, '#send')).toBe(true);
      await page.locator('#send').click({ trial: true });
      expect(await page.locator('#source').isVisible()).toBe(false);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await page.screenshot({ path: 'test-artifacts/chat-phone.png' });

      await answer.locator('.chip').first().tap();
      await page.waitForSelector('#source:not([hidden]) #source-text mark');
      expect(await page.locator('#source-text mark').textContent()).toContain('2168亿元');
      expect(await inView(page, page.locator('#source-text mark'))).toBe(true);
      // A sheet from the bottom, the full width, leaving the top of the chat visible behind the overlay.
      const sheet = (await page.locator('#source').boundingBox())!;
      expect(sheet.x).toBe(0);
      expect(sheet.width).toBe(PHONE.width);
      expect(Math.round(sheet.y + sheet.height)).toBe(PHONE.height);
      expect(sheet.y).toBeGreaterThan(100);
      expect(await reachable(page, '#source-close')).toBe(true);
      expect(await page.locator('#source-close').textContent()).toContain('关闭');
      await page.screenshot({ path: 'test-artifacts/chat-phone-source.png' });

      await page.locator('#source-close').tap();
      expect(await page.locator('#source').isVisible()).toBe(false);
      expect(await page.locator('#overlay').isVisible()).toBe(false);
      expect(await reachable(page, '#send')).toBe(true);

      // A tap on the dimmed chat above the sheet closes it too.
      await answer.locator('.sources li').first().tap();
      await page.waitForSelector('#source:not([hidden]) #source-text mark');
      await page.touchscreen.tap(PHONE.width / 2, 60);
      expect(await page.locator('#source').isVisible()).toBe(false);
      expect(await reachable(page, '#send')).toBe(true);
    });

    it('opens the conversation drawer with ☰, lists the conversation, and closes it', async () => {
      await page.locator('#menu').tap();
      await expect.poll(() => page.locator('#conversations').isVisible()).toBe(true);
      await expect.poll(async () => (await page.locator('#conversations').boundingBox())?.x).toBe(0);
      expect(await page.locator('#menu').getAttribute('aria-expanded')).toBe('true');
      expect(await page.locator('#conversation-list li').allTextContents()).toContain(QUESTION);
      expect(await reachable(page, '#new-conversation')).toBe(true);
      expect(await reachable(page, '#drawer-close')).toBe(true);
      await page.screenshot({ path: 'test-artifacts/chat-phone-drawer.png' });

      // The overlay beside the drawer closes it.
      await page.touchscreen.tap(PHONE.width - 20, PHONE.height / 2);
      await expect.poll(() => page.locator('#conversations').isVisible()).toBe(false);
      expect(await page.locator('#menu').getAttribute('aria-expanded')).toBe('false');
      expect(await reachable(page, '#send')).toBe(true);

      // So does ×, and choosing a conversation opens it and closes the drawer.
      await page.locator('#menu').tap();
      await expect.poll(() => reachable(page, '#drawer-close')).toBe(true);
      await page.locator('#drawer-close').tap();
      await expect.poll(() => page.locator('#conversations').isVisible()).toBe(false);
      await page.locator('#menu').tap();
      await expect.poll(() => reachable(page, '#new-conversation')).toBe(true);
      await page.locator('#new-conversation').tap();
      await expect.poll(() => page.locator('#conversations').isVisible()).toBe(false);
      expect(await page.locator('.message').count()).toBe(0);
      await page.locator('#menu').tap();
      await expect.poll(() => page.locator('#conversation-list li').first().isVisible()).toBe(true);
      await page.locator('#conversation-list li', { hasText: QUESTION }).first().tap();
      await expect.poll(() => page.locator('#conversations').isVisible()).toBe(false);
      await page.waitForSelector('.message.assistant .text');
      expect(await page.locator('.message.user').first().textContent()).toBe(QUESTION);
      expect(await reachable(page, '#send')).toBe(true);
    });

    it('unfolds the filters, sends them with the question, and keeps 发送 reachable', async () => {
      await page.locator('#filters summary').tap();
      expect(await page.locator('.filter-fields').isVisible()).toBe(true);
      await page.selectOption('#filter-type', '新闻');
      expect(await reachable(page, '#send')).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      const sent: Record<string, unknown>[] = [];
      await page.route('**/api/chat', async (route) => {
        sent.push(route.request().postDataJSON() as Record<string, unknown>);
        await route.continue();
      });
      await page.locator('#filters summary').tap();
      expect(await page.locator('#filter-summary').textContent()).toBe('：新闻');
      await page.selectOption('#mode', 'extractive');
      await ask(page, '人工智能+制造有哪些进展？');
      await page.unroute('**/api/chat');
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ type: '新闻', mode: 'extractive' });
      expect(sent[0]).not.toHaveProperty('from');
      expect(await reachable(page, '#send')).toBe(true);
    });
  });
});
