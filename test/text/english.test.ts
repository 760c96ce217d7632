import { describe, expect, it } from 'vitest';
import { englishInChinese } from '../../src/text/english.js';

describe('englishInChinese', () => {
  it('reads English words mixed into a question in the Chinese policy texts print', () => {
    expect(englishInChinese('AI 伦理审查 的 deadline 是哪天？')).toBe('AI 伦理审查 的 截止时间 是哪天？');
    expect(englishInChinese('文号和 Issue Date 请告诉我')).toBe('文号和 印发日期 请告诉我');
  });

  it('prefers the longest phrase listed', () => {
    expect(englishInChinese('印发通知的 document number 多少？')).toBe('印发通知的 文号 多少？');
    expect(englishInChinese('latest number')).toBe('最新 数字');
  });

  it('drops function words and keeps acronyms, model names and unlisted words as typed', () => {
    expect(englishInChinese('need the latest 5G-A 用户数 for our team')).toBe('  最新 5G-A 用户数   ');
    expect(englishInChinese('IoT 和 L3 级 AI 的 roadmap')).toBe('IoT 和 L3 级 AI 的 roadmap');
    // Whole words only: "a" inside "data" or "5G-A" is not the article.
    expect(englishInChinese('big data')).toBe('big 数据');
  });
});
