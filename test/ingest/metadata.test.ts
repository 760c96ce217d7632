import { describe, expect, it } from 'vitest';
import { repealedTitles } from '../../src/ingest/metadata.js';

describe('repealedTitles', () => {
  it('reads the texts a law repeals in its closing articles, as printed', () => {
    const closing = '第三十八条 本法自2026年1月1日起施行。《中华人民共和国增值税暂行条例》同时废止。';
    expect(repealedTitles(`第一条 为了规范增值税的征收和缴纳，制定本法。\n${closing}`)).toEqual(['中华人民共和国增值税暂行条例']);
    expect(repealedTitles('第九十条 本条例自公布之日起施行。《甲条例》、《乙条例》和《丙办法》同时废止。')).toEqual(['甲条例', '乙条例', '丙办法']);
    // (A "（试行）" edition is its own title; a text cited elsewhere is not repealed.)
    expect(repealedTitles('第三百零六条 本法自公布之日起施行，《中华人民共和国民事诉讼法（试行）》同时废止。')).toEqual(['中华人民共和国民事诉讼法（试行）']);
    expect(repealedTitles('第二十条 违反《中华人民共和国增值税暂行条例》的，依法处理。')).toEqual([]);
    // (Part of a text, or a text not repealed, is no whole text repealed.)
    expect(repealedTitles('本条例自2002年1月1日起施行。《中华人民共和国反倾销和反补贴条例》中关于反倾销的规定同时废止。')).toEqual([]);
    expect(repealedTitles('本办法自公布之日起施行。《某管理条例》第十条、第十一条同时废止。')).toEqual([]);
    expect(repealedTitles('本办法施行前依照《某管理办法》作出的行政许可，不因本办法施行而废止。')).toEqual([]);
  });
});
