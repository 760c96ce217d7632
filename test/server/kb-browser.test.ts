/**
 * The knowledge-base page (kb.html) in headless Chromium, at a desktop size (1280×800) and a phone
 * size (390×844): the seed documents listed with their 文号 and chunk counts, filtered by text; a
 * document opened shows its chunks under their headings; with ADMIN_API_KEY the admin box uploads a
 * .txt (re-indexed: the new document is listed), deletes it, names a refused upload's reason and a
 * file's index problem. On a phone the table is a list of cards and nothing scrolls sideways.
 * Screenshots: test-artifacts/kb-desktop.png, kb-phone.png, kb-phone-document.png.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, type RunningApp } from './server-harness.js';


const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const KEY = 'kb-browser-key';
const NUMBER = '国发〔2026〕7号';
const NOTICE_TITLE = '关于开展2026年社区养老服务补贴试点的通知';
const NOTICE = [NOTICE_TITLE, '', '一、试点范围', '试点地区每个社区养老服务站给予一次性建设补贴30万元。', '', '二、申报程序', '由县级民政部门汇总后报省级民政部门审核。'].join('\n');

/** Whether anything on the page is wider than the viewport (a phone would scroll sideways). */
const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > innerWidth);

describe.skipIf(!chromiumAvailable)('knowledge-base page in Chromium', () => {
  const harness = new Harness();
  let app: RunningApp;
  let browser: Browser;
  const outside: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    await harness.build();
    app = await harness.start({ ADMIN_API_KEY: KEY });
    browser = await launchChromium();
    mkdirSync('test-artifacts', { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    harness.cleanup();
  });

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    page.on('request', (request) => {
      if (!request.url().startsWith(app.url)) outside.push(request.url());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.url}/kb.html`);
    await page.waitForFunction(() => document.querySelectorAll('#kb-rows tr').length > 20);
    return page;
  }

  const rowWith = (page: Page, text: string) => page.locator('#kb-rows tr', { hasText: text });

  async function filter(page: Page, text: string): Promise<void> {
    await page.fill('#kb-filter', text);
    await expect.poll(() => page.locator('#kb-count').textContent()).toMatch(text ? /篇符合/ : /^共/);
  }

  describe('on the desktop (1280×800)', () => {
    let page: Page;
    beforeAll(async () => {
      page = await open(DESKTOP);
    });
    afterAll(() => page?.close());

    it('lists the documents with 文号, 发文机关, dates, type, version and chunk count, and filters them', async () => {
      expect(await page.locator('#kb-table thead th').allTextContents()).toEqual(['标题', '文号', '发文机关', '成文日期', '施行日期', '类型', '版本', '段数']);
      const row = rowWith(page, NUMBER);
      expect(await row.count()).toBe(1);
      const cells = await row.locator('td').allTextContents();
      expect(cells[1]).toBe(NUMBER);
      expect(cells[2]).toContain('国务院');
      expect(cells[3]).toMatch(/^2026-\d\d-\d\d$/);
      expect(Number(cells[7])).toBeGreaterThan(0);
      expect(await page.locator('#kb-count').textContent()).toMatch(/^共 \d+ 篇$/);
      // The table fits beside the admin box, nothing under it, and the page does not scroll sideways.
      const table = (await page.locator('#kb-table').boundingBox())!;
      expect(table.x + table.width).toBeLessThanOrEqual((await page.locator('.kb-admin').boundingBox())!.x);
      expect(await overflows(page)).toBe(false);
      await filter(page, NUMBER);
      expect(await page.locator('#kb-rows tr').count()).toBe(1);
      await filter(page, '');
      expect(await page.locator('#kb-rows tr').count()).toBeGreaterThan(20);
    });

    it('opens a document: its metadata and its chunks under their heading paths; × closes it', async () => {
      const row = rowWith(page, NUMBER);
      const expected = Number(await row.locator('td.num').textContent());
      await row.locator('.doc-open').click();
      await expect.poll(() => page.locator('#doc-chunks .chunk').count()).toBe(Math.min(50, expected));
      expect(await page.locator('#doc').isVisible()).toBe(true);
      expect(await page.locator('#doc-meta').textContent()).toContain(NUMBER);
      expect(await page.locator('#doc-chunk-count').textContent()).toBe(`段落（${expected}）`);
      const headings = await page.locator('#doc-chunks .chunk-heading:not(.none)').allTextContents();
      expect(headings.length).toBeGreaterThan(0);
      expect(headings.every((h) => h.trim().length > 0)).toBe(true);
      expect((await page.locator('#doc-chunks .chunk-text').first().textContent())!.length).toBeGreaterThan(0);
      await page.screenshot({ path: 'test-artifacts/kb-desktop-document.png' });
      await page.click('#doc-close');
      expect(await page.locator('#doc').isVisible()).toBe(false);
    });

    it('refuses a wrong admin key, and keeps the right one in sessionStorage only', async () => {
      await page.fill('#admin-key', 'wrong');
      await page.click('#admin-login button');
      await expect.poll(() => page.locator('#admin-login-error').textContent()).toContain('不正确');
      expect(await page.locator('#admin-panel').isVisible()).toBe(false);
      await page.fill('#admin-key', KEY);
      await page.click('#admin-login button');
      await page.waitForSelector('#admin-panel:not([hidden])');
      expect(await page.evaluate(() => [sessionStorage.getItem('policyqa.adminKey'), localStorage.length])).toEqual([KEY, 0]);
      expect(await page.locator('#uploads').textContent()).toContain('还没有上传的文件');
      expect(await page.locator('#problems-none').isVisible()).toBe(true);
    });

    it('uploads a .txt, re-indexes, lists the new document; deletes it and it is gone', async () => {
      await page.setInputFiles('#upload-files', { name: '养老补贴试点.txt', mimeType: 'text/plain', buffer: Buffer.from(NOTICE) });
      await page.click('#upload-button');
      await expect.poll(() => page.locator('#upload-result').textContent(), { timeout: 30_000 }).toContain('已上传 uploads/养老补贴试点.txt');
      await expect.poll(() => page.locator('#reindex-text').textContent()).toContain('上次重建完成');
      expect(await page.locator('#reindex-text').textContent()).toContain('新增 1');
      expect(await page.locator('#reindex-progress').isVisible()).toBe(false);
      await expect.poll(() => page.locator('#uploads li').first().getAttribute('data-name')).toBe('养老补贴试点.txt');
      await filter(page, '社区养老服务补贴');
      await expect.poll(() => rowWith(page, NOTICE_TITLE).count()).toBe(1);
      await rowWith(page, NOTICE_TITLE).click();
      await expect.poll(() => page.locator('#doc-chunks .chunk-heading', { hasText: '二、申报程序' }).count()).toBeGreaterThan(0);
      await page.click('#doc-close');
      await page.screenshot({ path: 'test-artifacts/kb-desktop-uploaded.png' });

      const remove = page.locator('#uploads li[data-name="养老补贴试点.txt"] button.delete');
      await remove.click();
      expect(await remove.textContent()).toBe('确认删除');
      await remove.click();
      await expect.poll(() => page.locator('#upload-result').textContent(), { timeout: 30_000 }).toContain('已删除 养老补贴试点.txt');
      await expect.poll(() => page.locator('#kb-rows tr').count()).toBe(0);
      expect(await page.locator('#kb-empty').isVisible()).toBe(true);
      expect(await page.locator('#uploads').textContent()).toContain('还没有上传的文件');
      await filter(page, '');
    });

    it('shows why an upload is refused, and a file\'s problem in the index', async () => {
      await page.setInputFiles('#upload-files', { name: 'broken.txt', mimeType: 'text/plain', buffer: Buffer.from([0x41, 0x00, 0x42]) });
      await page.click('#upload-button');
      await expect.poll(() => page.locator('#upload-result .rejected').textContent()).toContain('broken.txt');
      expect(await page.locator('#upload-result').textContent()).toContain('上传被拒绝');
      expect(await page.locator('#upload-result .rejected').textContent()).toContain('binary content in a text file');

      const line = JSON.stringify({ id: 'n1', title: NOTICE_TITLE, text: NOTICE });
      await page.setInputFiles('#upload-files', { name: 'lines.jsonl', mimeType: 'application/octet-stream', buffer: Buffer.from(`${line}\n{not json\n`) });
      await page.click('#upload-button');
      await expect.poll(() => page.locator('#problems tr').count(), { timeout: 30_000 }).toBe(1);
      expect(await page.locator('#problems td').allTextContents()).toEqual(['uploads/lines.jsonl', 'INVALID_JSONL_LINE（第 2 行）', expect.any(String)]);
      expect(await page.locator('#problems-none').isVisible()).toBe(false);
      await expect.poll(() => page.locator('#upload-result').textContent(), { timeout: 30_000 }).toContain('已上传 uploads/lines.jsonl');
      expect(await page.locator('#problems tr').count()).toBe(1);
      await page.screenshot({ path: 'test-artifacts/kb-desktop.png' });
      const remove = page.locator('#uploads li[data-name="lines.jsonl"] button.delete');
      await remove.click();
      await remove.click();
      await expect.poll(() => page.locator('#problems tr').count(), { timeout: 30_000 }).toBe(0);
    });

    it('links to the chat and back; loads nothing from elsewhere and throws no errors', async () => {
      await page.click('.top .nav-link');
      await page.waitForURL(`${app.url}/`);
      await page.click('.top .nav-link');
      await page.waitForURL(`${app.url}/kb.html`);
      // The admin key lasts the tab: the panel opens again by itself.
      await page.waitForSelector('#admin-panel:not([hidden])');
      expect(outside).toEqual([]);
      expect(errors).toEqual([]);
    });
  });

  describe('on a phone (390×844)', () => {
    let page: Page;
    beforeAll(async () => {
      page = await open(PHONE);
    });
    afterAll(() => page?.close());

    it('shows the documents as cards, with the 文号 labelled, and nothing wider than the screen', async () => {
      expect(await page.locator('#kb-table thead').isVisible()).toBe(false);
      const card = rowWith(page, NUMBER);
      expect(await card.evaluate((node) => getComputedStyle(node).display)).toBe('block');
      const labelled = await card.locator('td[data-label="文号"]').evaluate((node) => getComputedStyle(node, '::before').content);
      expect(labelled).toBe('"文号"');
      expect(await overflows(page)).toBe(false);
      // The admin box is folded on a phone, one line above the list.
      expect(await page.locator('#admin').getAttribute('open')).toBeNull();
      await page.screenshot({ path: 'test-artifacts/kb-phone.png' });
    });

    it('opens a document as a sheet with its chunks and headings; 关闭 closes it', async () => {
      await rowWith(page, NUMBER).click();
      await expect.poll(() => page.locator('#doc-chunks .chunk').count()).toBeGreaterThan(0);
      expect(await page.locator('#doc-chunks .chunk-heading:not(.none)').count()).toBeGreaterThan(0);
      const sheet = await page.locator('#doc').boundingBox();
      expect(sheet!.width).toBeLessThanOrEqual(PHONE.width);
      expect(await overflows(page)).toBe(false);
      await page.screenshot({ path: 'test-artifacts/kb-phone-document.png' });
      await page.click('#doc-close');
      expect(await page.locator('#doc').isVisible()).toBe(false);
    });

    it('opens the admin box, signs in and fits the screen', async () => {
      await page.click('#admin summary');
      await page.fill('#admin-key', KEY);
      await page.click('#admin-login button');
      await page.waitForSelector('#admin-panel:not([hidden])');
      for (const selector of ['#upload-button', '#reindex', '#upload-files']) expect(await page.locator(selector).isVisible()).toBe(true);
      expect(await overflows(page)).toBe(false);
      await page.locator('.kb-admin').evaluate((node) => node.scrollIntoView());
      await page.screenshot({ path: 'test-artifacts/kb-phone-admin.png' });
      expect(errors).toEqual([]);
    });
  });
});
