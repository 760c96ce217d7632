/**
 * Metadata stated in policy texts: 文号, dates, issuing bodies, document type, version key.
 * Pure functions over strings, so they serve the splitter and the query side alike.
 */
import { ORDINAL_NUMBER } from '../text/regexp.js';
import type { DocumentType } from '../types.js';

const CJK = '\\u3400-\\u9fff';

const chineseDigits: Record<string, number> = {
  〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** Parses Chinese numerals up to the thousands (十四, 二十八, 一百零五); returns NaN otherwise. */
export function parseChineseInteger(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let digit = 0;
  for (const char of text) {
    if (char in chineseDigits) digit = chineseDigits[char]!;
    else if (char === '十' || char === '百' || char === '千') {
      const unit = char === '十' ? 10 : char === '百' ? 100 : 1000;
      total += (digit || 1) * unit;
      digit = 0;
    } else return Number.NaN;
  }
  return total + digit;
}

const documentNumberPattern = new RegExp(
  `([${CJK}]{1,14})\\s*[〔\\[［【(（]\\s*(\\d{4})\\s*[〕\\]］】)）]\\s*(\\d{1,4})\\s*号`,
);

/** Normalises a 文号: "工信厅联科函〔2026〕193 号", "国发[2026]7号" → "工信厅联科函〔2026〕193号". */
export function normalizeDocumentNumber(text: string): string | undefined {
  const match = documentNumberPattern.exec(text);
  if (!match) return undefined;
  return `${match[1]}〔${match[2]}〕${Number(match[3])}号`;
}

/** A line that is nothing but a 文号, as printed under a policy title. */
export function documentNumberLine(line: string): string | undefined {
  const compact = line.replace(/\s+/g, '');
  const match = new RegExp(`^${documentNumberPattern.source}$`).exec(compact);
  return match ? normalizeDocumentNumber(compact) : undefined;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const arabicDate = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
const chineseDate = /([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日/;

/** Finds the first full date in the text (2026年4月14日, 二〇二六年五月六日) as ISO yyyy-mm-dd. */
export function parseDate(text: string): string | undefined {
  const arabic = arabicDate.exec(text);
  if (arabic) return isoDate(Number(arabic[1]), Number(arabic[2]), Number(arabic[3]));
  const chinese = chineseDate.exec(text);
  if (chinese) {
    const year = Number([...chinese[1]!].map((c) => chineseDigits[c]).join(''));
    return isoDate(year, parseChineseInteger(chinese[2]!), parseChineseInteger(chinese[3]!));
  }
  const iso = /(\d{4})-(\d{1,2})-(\d{1,2})/.exec(text);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return undefined;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** A day as official texts print it, in digits or in words: "2014年8月7日", "二〇一四年八月七日". */
export const PRINTED_DAY = '(?:\\d{4}年\\d{1,2}月\\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)';

/** A line that is only a date, e.g. a signature date "2026年4月14日" or "（2025年11月1日）". */
export function dateLine(line: string): string | undefined {
  const compact = line.replace(/\s+/g, '');
  if (!new RegExp(`^[（(]?${PRINTED_DAY}[)）]?$`).test(compact)) {
    return undefined;
  }
  return parseDate(compact);
}

/**
 * The subtitle of a report or speech, the date it was delivered: "——2024年3月5日在第十四届全国人民
 * 代表大会第二次会议上".
 */
export function deliveredLine(line: string): string | undefined {
  const match = /^[—－-]{1,2}(\d{4}年\d{1,2}月\d{1,2}日)在/.exec(line.replace(/\s+/g, ''));
  return match ? parseDate(match[1]!) : undefined;
}

/** 施行日期 as stated: "自2026年1月1日起施行", or "自印发之日起施行" (the document's own date). */
export function findEffectiveDate(text: string, documentDate?: string): string | undefined {
  const dated = /(?:自|于|从)(\d{4}年\d{1,2}月\d{1,2}日)(?:起)?(?:施行|实施|执行|生效)/.exec(text);
  if (dated) return parseDate(dated[1]!);
  if (/自(?:印发|发布|公布|签发)之日起(?:施行|实施|执行|生效)/.test(text)) return documentDate;
  return undefined;
}

const policyTitleEnding =
  /(?:通知|意见|办法|条例|规定|方案|规划|决定|计划|细则|规则|指引|指南|决议|公告|通告|批复|纲要|标准|法|解释|修正案|安排|编)(?:（[^）]*）|\([^)]*\))*$/;

/** True when a line reads like the title of a policy text rather than a headline. */
export function isPolicyTitle(line: string): boolean {
  const compact = line.replace(/\s+/g, '');
  if (compact.length < 4 || compact.length > 80 || /[，。；！？]/.test(compact)) return false;
  // Headlines about a policy ("工信部等九部门联合印发《…》") name it but are not its title.
  const headline = !compact.includes('关于') && /^.{0,12}(?:印发|出台|发布|召开|联合|启动)/.test(compact);
  // "第一章 一般规定" heads a part of a text, whatever its last word.
  const part = new RegExp(`^第${ORDINAL_NUMBER}[编章节]`).test(compact);
  return policyTitleEnding.test(compact) && !headline && !part;
}

const typeByEnding: Array<[RegExp, DocumentType]> = [
  [/通知$/, '通知'],
  [/意见$/, '意见'],
  [/(?:办法|细则|规则)$/, '办法'],
  [/条例$/, '条例'],
  [/规定$/, '规定'],
  [/(?:方案|计划)$/, '方案'],
  [/(?:规划|纲要)$/, '规划'],
  [/(?:决定|决议)$/, '决定'],
  [/解释$/, '解释'],
  [/标准$/, '标准'],
  [/(?:公告|通告)$/, '公告'],
  [/(?:法|修正案|法典|编)$/, '法律'],
  [/安排$/, '规定'],
];

/** The document type named by a policy title's last word; news when the title is not a policy title. */
export function documentType(title: string, isNews: boolean): DocumentType {
  if (isNews || !isPolicyTitle(title)) return '新闻';
  // Part numbers such as （一） do not change what kind of text it is.
  const bare = stripVersionQualifiers(title).replace(/(?:（[^）]*）|\([^)]*\))+$/, '');
  for (const [pattern, type] of typeByEnding) if (pattern.test(bare)) return type;
  return '其他';
}

/** Removes brackets that qualify a version: （试行）, （2026—2028年）, （2022年修正）, (2018-03-11). */
function stripVersionQualifiers(title: string): string {
  return title
    .replace(/\s+/g, '')
    .replace(/[（(][^（）()]*(?:试行|暂行|修订|修正|草案|征求意见稿|\d{4})[^（）()]*[)）]/g, '');
}

/** Same for every version of one regulation: the title without version qualifiers and issuer prefix spacing. */
export function versionKey(title: string): string {
  return stripVersionQualifiers(title).replace(/^《(.+)》$/, '$1');
}

/** How far from a text's end its closing articles, which repeal earlier texts, are looked for. */
const CLOSING_CHARS = 600;

/**
 * The titles of the texts a law or regulation declares repealed in its closing articles, as printed
 * (a "（试行）" edition is not the text without it): "本法自2026年1月1日起施行。《中华人民共和国增值税
 * 暂行条例》同时废止。" → 中华人民共和国增值税暂行条例.
 */
export function repealedTitles(text: string): string[] {
  return (
    text
      .slice(-CLOSING_CHARS)
      .split(/[。\n]/)
      // (Not "…不因本办法施行而废止".)
      .filter((sentence) => /同时废止|废止\s*$/.test(sentence) && !/不因|不予|不得|不再/.test(sentence))
      // (Only a whole text: not "《…条例》中关于反倾销的规定", "《…》第十条".)
      .flatMap((sentence) => [...sentence.matchAll(/《([^《》]+)》(?!中|第|的?有关)/g)].map((m) => m[1]!.replace(/\s+/g, '')))
  );
}

const issuerSuffix =
  /(?:部|委|办|局|院|署|行|会|厅|室|司|中心|科协|办公厅|委员会|政府|人大常委会|法院|检察院|总局|管理局|银行|集团)$/;

/** True when a short line is the name of an issuing body, as printed in a signature block. */
export function isIssuerName(line: string): boolean {
  const compact = line.replace(/\s+/g, '');
  return compact.length >= 2 && compact.length <= 20 && !/[，。；：、《》“”\d]/.test(compact) && issuerSuffix.test(compact);
}

/** Issuers named before "关于" in a title: "中共中央办公厅 国务院办公厅关于…" → both offices. */
export function issuersFromTitle(title: string): string[] {
  const match = /^(.{2,60}?)关于/.exec(title);
  if (!match) return [];
  const names = match[1]!.split(/[\s、]+/).filter(Boolean);
  return names.every(isIssuerName) ? names : [];
}
