import { describe, expect, it } from 'vitest';
import { duplicateGroups, minhashSignature, similarity, type DuplicateCandidate } from '../../src/index/duplicates.js';
import { statedFigures } from '../../src/ingest/figures.js';

const story =
  '新华社北京8月10日电 记者从工业和信息化部获悉，今年上半年，我国5G基站总数达到293.7万个，占移动基站总数的26%。' +
  '5G移动电话用户达6.76亿户，比上年末净增1.15亿户。工业和信息化部有关负责人表示，下一步将加快推进5G网络向县城和乡镇延伸，' +
  '持续提升网络覆盖水平，推动5G应用在工业、医疗、教育等领域规模化发展，力争到2025年每万人拥有5G基站数达到26个。';

/** The same story as another outlet prints it: its own headline and dateline, one figure updated, a sentence left out. */
const repost =
  '原标题：上半年我国5G基站超290万个 本报讯 记者从工业和信息化部获悉，今年上半年，我国5G基站总数达到293.7万个，占移动基站总数的26%。' +
  '5G移动电话用户达6.80亿户，比上年末净增1.15亿户。工业和信息化部有关负责人表示，下一步将加快推进5G网络向县城和乡镇延伸，' +
  '持续提升网络覆盖水平，推动5G应用在工业、医疗、教育等领域规模化发展。';

/** Another story on the same topic, in the same words of the trade. */
const sameTopic =
  '记者从中国信息通信研究院获悉，截至7月底，我国千兆光网具备覆盖超过5亿户家庭的能力，5G网络已覆盖所有地级市城区和县城城区。' +
  '信通院专家表示，5G应用已融入97个国民经济大类中的60个，下一步将推动5G在工业、医疗、教育等领域从试点走向规模化发展，' +
  '加快5G轻量化技术的商用部署，并持续完善5G行业应用标准体系。';

/** A templated market report: the template's wording, another stock's figures. */
const quote = (name: string, code: string, [price, change, turnover, outflow, hot, retail]: string[]) =>
  `原标题：股票行情快报：${name}（${code}）8月18日主力资金净卖出${outflow}万元截至2023年8月18日收盘，${name}(${code})报收于${price}元，下跌${change}%，` +
  `换手率${turnover}%。8月18日的资金流向数据方面，主力资金净流出${outflow}万元，游资资金净流出${hot}万元，散户资金净流入${retail}万元。` +
  `近5日资金流向一览见下表：该股主要指标及行业内排名如下：该股主营业务、财务指标及行业排名详见下表。` +
  `以上内容为证券之星据公开信息整理，由算法生成，不构成投资建议。数据来源于公开信息，证券之星对其准确性及完整性不作保证。`;

function candidate(id: string, text: string): DuplicateCandidate {
  return { id, signature: minhashSignature(text)!, figures: new Set(statedFigures(text).map((f) => `${f.value}${f.unit}`)) };
}

describe('near-duplicate documents', () => {
  it('groups a story with its repost under another headline with one figure changed', () => {
    const groups = duplicateGroups([candidate('b', repost), candidate('a', story), candidate('c', sameTopic)]);
    expect(groups.get('a')).toBe('a');
    expect(groups.get('b')).toBe('a');
    expect(groups.has('c')).toBe(false);
  });

  it('estimates similarity from signatures: high for a repost, low for another story on the topic', () => {
    expect(similarity(minhashSignature(story)!, minhashSignature(repost)!)).toBeGreaterThan(0.5);
    expect(similarity(minhashSignature(story)!, minhashSignature(sameTopic)!)).toBeLessThan(0.2);
  });

  it('does not group templated reports that state other figures', () => {
    const a = quote('北京君正', '300223', ['73.8', '2.11', '0.96', '1556.79', '374.31', '1931.1']);
    const b = quote('新天药业', '002873', ['11.74', '3.29', '1.23', '436.34', '288.46', '724.8']);
    expect(similarity(minhashSignature(a)!, minhashSignature(b)!)).toBeGreaterThan(0.5);
    expect(duplicateGroups([candidate('a', a), candidate('b', b)]).size).toBe(0);
  });

  it('ignores spacing and punctuation, and leaves texts too short to compare out', () => {
    expect(minhashSignature(story.replace(/，/g, ', ').replace(/。/g, '. '))).toEqual(minhashSignature(story));
    expect(minhashSignature('记者从工业和信息化部获悉。')).toBeUndefined();
  });

  it('gives the same groups whatever order the documents come in', () => {
    const documents = [candidate('x', story), candidate('y', repost), candidate('z', sameTopic), candidate('w', story)];
    const forward = duplicateGroups(documents);
    expect(duplicateGroups([...documents].reverse())).toEqual(forward);
    expect(forward).toEqual(new Map([['w', 'w'], ['x', 'w'], ['y', 'w']]));
  });
});
