import { describe, expect, it } from 'vitest';
import { datesEvent } from '../../../src/answer/compose/draft.js';

describe('the event a date is for', () => {
  const day = /\d{1,2}月\d{1,2}日|\d{1,2}日/;

  it('is the event its clause names, or none: then the date is taken as the sentence\'s', () => {
    expect(datesEvent('条例哪一天表决通过的？', '2025年9月28日表决通过，将于2026年1月1日起施行。', day)).toBe(true);
    expect(datesEvent('条例哪一天表决通过的？', '条例将于2026年1月1日起施行。', day)).toBe(false);
    expect(datesEvent('峰会什么时候开幕？', '8月18日，各国代表陆续抵达。', day)).toBe(true);
  });

  it('is the next clause\'s event when the date ends its own clause ("4日，安迪苏披露半年报")', () => {
    const lede = '原标题：安迪苏上半年净利大降96% 拟49亿元投建新厂中新经纬8月4日电4日，安迪苏披露半年报。';
    expect(datesEvent('安迪苏的蛋氨酸项目预计什么时候投产？', lede, day)).toBe(false);
    expect(datesEvent('安迪苏什么时候披露的半年报？', lede, day)).toBe(true);
    // (Not where the sentence names the event asked: the decision set the day up.)
    expect(datesEvent('全国生态日是在哪一年设立的？', '2023年6月28日，十四届全国人大常委会第三次会议通过决定，将8月15日设立为全国生态日。', /\d{4}年/)).toBe(true);
  });
});
