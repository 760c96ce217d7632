/** Place names: a question about another province or city than a text's is not about that text. */
import { readFileSync } from 'node:fs';

const provinceNames = '北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门';

const province = new RegExp(`^(?:${provinceNames})(?:省|市|自治区|特别行政区)?$`);

const CITIES_PATH = new URL('./dictionary/cities.txt', import.meta.url);
let city: RegExp | undefined;
let citiesByProvince: Map<string, string[]> | undefined;

/** Each province's prefecture-level cities and prefectures: dictionary/cities.txt, one "省: 市 市 …" line each. */
function provinceCities(): Map<string, string[]> {
  citiesByProvince ??= new Map(
    readFileSync(CITIES_PATH, 'utf8')
      .split('\n')
      .filter((line) => line.includes(':') && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).split(/\s+/).filter(Boolean)]),
  );
  return citiesByProvince;
}

/** A prefecture-level city or prefecture by its name, with or without 市/州/地区/盟 (无锡, 荆门市). */
function cityPattern(): RegExp {
  city ??= new RegExp(`^(?:${[...provinceCities().values()].flat().join('|')})(?:市|州|地区|盟)?$`);
  return city;
}

/** The prefecture-level cities of a province named (浙江, 浙江省 → 杭州, 宁波 …); none for another term. */
export function citiesOf(place: string): string[] {
  return provinceCities().get(place.replace(/(?:省|自治区)$/, '')) ?? [];
}

/** A province, a prefecture-level city by its name (无锡), or a city, prefecture or county by its suffix (杭州市, 大理州, 昆山县). */
export function isPlace(term: string): boolean {
  return province.test(term) || cityPattern().test(term) || /^[\u4e00-\u9fff]{2,4}(?:市|州|县)$/.test(term);
}

/** The provinces a text names (湖南省 → 湖南), in order. */
export function provincesIn(text: string): string[] {
  return [...text.matchAll(new RegExp(provinceNames, 'g'))].map((m) => m[0]);
}

/**
 * Names a province, or a city, prefecture, county or district (江北区, 象山县) anywhere in a text.
 * (区 before 域/间/块/位/分 is a word of its own: 区域, 区间.)
 */
export function namesPlace(text: string): boolean {
  return provincesIn(text).length > 0 || /[\u4e00-\u9fff]{2,3}(?:省|市|州|县|区)(?![\u4e00-\u9fff]?(?:域|间|块|位|分))/.test(text);
}
