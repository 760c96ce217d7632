/**
 * The chat UI's answer formatting (src/server/public/markdown.js) as a pure parse into a tree, and
 * the filter form's document types against the ones the API accepts. The DOM side is covered in
 * browser.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAnswer, parseInline, plainText } from '../../src/server/public/markdown.js';
import { documentTypes } from '../../src/types.js';

const text = (value: string) => ({ tag: 'text', text: value });

describe('parseInline', () => {
  it('turns [n] into citation nodes and keeps the text around them', () => {
    expect(parseInline('安排2168亿元[1]，支持项目[12]。')).toEqual([text('安排2168亿元'), { tag: 'cite', n: 1, text: '[1]' }, text('，支持项目'), { tag: 'cite', n: 12, text: '[12]' }, text('。')]);
  });

  it('turns **bold** into strong, with citations inside it', () => {
    expect(parseInline('共**2168亿元[1]**。')).toEqual([text('共'), { tag: 'strong', children: [text('2168亿元'), { tag: 'cite', n: 1, text: '[1]' }] }, text('。')]);
  });

  it('leaves unmatched or empty markers as text', () => {
    expect(parseInline('a ** b')).toEqual([text('a ** b')]);
    expect(parseInline('**** [x] [1234]')).toEqual([text('**** [x] [1234]')]);
  });

  it('keeps markup as plain text: it is never an element', () => {
    expect(parseInline('<img src=x onerror=alert(1)>**<b>**')).toEqual([text('<img src=x onerror=alert(1)>'), { tag: 'strong', children: [text('<b>')] }]);
  });
});

describe('parseAnswer', () => {
  it('groups "- " lines into one list and "1. " lines into a numbered list', () => {
    const blocks = parseAnswer('申请材料包括：\n- 申请书[1]\n- 伦理审查表\n其中：\n1. 第一项\n2. **第二项**');
    expect(blocks.map((b) => b.tag)).toEqual(['p', 'ul', 'p', 'ol']);
    expect(blocks[1]).toEqual({ tag: 'ul', children: [{ tag: 'li', children: [text('申请书'), { tag: 'cite', n: 1, text: '[1]' }] }, { tag: 'li', children: [text('伦理审查表')] }] });
    expect(blocks[3]).toEqual({ tag: 'ol', start: 1, children: [{ tag: 'li', children: [text('第一项')] }, { tag: 'li', children: [{ tag: 'strong', children: [text('第二项')] }] }] });
  });

  it('keeps a numbered list starting later at its number, and a blank line ends a list', () => {
    const blocks = parseAnswer('3. 丙\n4. 丁\n\n- 甲\n\n- 乙');
    expect(blocks).toMatchObject([{ tag: 'ol', start: 3 }, { tag: 'ul' }, { tag: 'ul' }]);
  });

  it('joins consecutive lines into a paragraph with line breaks; blank lines start a new one', () => {
    expect(parseAnswer('第一行\n第二行\n\n第三行')).toEqual([
      { tag: 'p', children: [text('第一行'), text('\n'), text('第二行')] },
      { tag: 'p', children: [text('第三行')] },
    ]);
  });

  it('does not take a year, a "-" inside a line or Chinese enumerations for list items', () => {
    expect(parseAnswer('2025.1 起施行\n2025-2027年\n一、总体要求').map((b) => b.tag)).toEqual(['p']);
  });

  it('gives nothing for an empty answer', () => {
    expect(parseAnswer('')).toEqual([]);
  });
});

describe('plainText', () => {
  it('drops ** marks and keeps the rest', () => {
    expect(plainText('共**2168亿元**[1]\n- 甲')).toBe('共2168亿元[1]\n- 甲');
  });
});

describe('the chat filter form', () => {
  it('offers exactly the document types the API accepts', () => {
    const html = readFileSync(new URL('../../src/server/public/index.html', import.meta.url), 'utf8');
    const select = /<select id="filter-type"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
    const values = [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
    expect(values).toEqual(['', ...documentTypes]);
  });
});
