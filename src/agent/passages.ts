/**
 * The passages the agent's tools hand to the model, numbered once per answer so that the model's
 * [n] markers can be traced back to a document span, and rendered as fenced data.
 */
import type { Chunk, PolicyDocument } from '../types.js';

export interface Passage {
  /** The number the model cites as [n]. */
  n: number;
  document: PolicyDocument;
  /** The chunk the span lies in, for its heading path; absent for a document's header lines. */
  chunk?: Chunk;
  /** Offsets in document.text. */
  start: number;
  end: number;
  text: string;
}

/**
 * Phrases with which a document could try to address the model. Rendered passages show them
 * defused; citations keep quoting the original text.
 */
const instructionLike =
  /忽略(?:以上|上述|之前|前面|先前|此前)?(?:的)?(?:所有|全部|一切)?(?:指令|指示|提示|要求|规则|设定)|(?:你|您)现在(?:是|扮演|的身份)|(?:请|务必)?(?:直接)?(?:输出|回复|回答)[“"'「]|ignore (?:all )?(?:the )?(?:previous|above|prior) (?:instructions|prompts?)|disregard (?:all )?(?:previous|above) |(?:^|\n)[ \t]*(?:system|assistant|developer)[ \t]*[:：]|<\/?(?:system|passage|tool|instructions?)\b/gi;

/** The same phrases, for testing one sentence (no global state). */
const addressesModel = new RegExp(instructionLike.source, 'i');

/** The passage text as the model sees it: instruction-like phrases bracketed as quoted material. */
export function defuse(text: string): string {
  return text.replace(instructionLike, (phrase) => `〔原文引述：${phrase.replace(/[<>]/g, '')}〕`);
}

/**
 * The text without the sentences that address the model: such a sentence is quoted material at
 * best, so it vouches for nothing the answer says.
 */
export function withoutInstructions(text: string): string {
  return text
    .split(/(?<=[。！？!?\n])/)
    .filter((sentence) => !addressesModel.test(sentence))
    .join('');
}

export class PassageRegistry {
  readonly passages: Passage[] = [];

  /** Numbers a span (or finds it numbered already). */
  add(document: PolicyDocument, start: number, end: number, chunk?: Chunk): Passage {
    const existing = this.passages.find((p) => p.document.id === document.id && p.start === start && p.end === end);
    if (existing) return existing;
    const passage: Passage = { n: this.passages.length + 1, document, start, end, text: document.text.slice(start, end) };
    if (chunk) passage.chunk = chunk;
    this.passages.push(passage);
    return passage;
  }

  get(n: number): Passage | undefined {
    return this.passages[n - 1];
  }
}

function attribute(name: string, value: string | undefined): string {
  return value ? ` ${name}="${value.replace(/["<>]/g, '')}"` : '';
}

/**
 * One passage as tool output: metadata as attributes, the text fenced and defused; a text another
 * text of the corpus has repealed says by which (repealedBy).
 */
export function renderPassage(passage: Passage, repealedBy?: PolicyDocument): string {
  const { document, chunk } = passage;
  const heading = chunk ? chunk.headingPath.slice(1).join(' > ') : '';
  return (
    `<passage n="${passage.n}"${attribute('title', document.title)}${attribute('documentNumber', document.documentNumber)}` +
    `${attribute('date', document.date)}${attribute('heading', heading)}${attribute('repealedBy', repealedBy?.title)}>\n${defuse(passage.text)}\n</passage>`
  );
}
