/** Small helpers for scripting the fake model: read what the tools returned, answer from it. */
import type { ChatRequest, Reply } from './fake-openai.js';

export interface ToolPassage {
  n: number;
  title: string;
  text: string;
}

/** The passages in every tool result of the request, in order. */
export function toolPassages(request: ChatRequest): ToolPassage[] {
  const passages: ToolPassage[] = [];
  for (const message of request.messages) {
    if (message.role !== 'tool') continue;
    for (const m of (message.content ?? '').matchAll(/<passage n="(\d+)"(?: title="([^"]*)")?[^>]*>\n([\s\S]*?)\n<\/passage>/g)) {
      passages.push({ n: Number(m[1]), title: m[2] ?? '', text: m[3]! });
    }
  }
  return passages;
}

export function userQuestion(request: ChatRequest): string {
  return request.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
}

export function isRewrite(request: ChatRequest): boolean {
  return !request.tools;
}

export function hasToolResults(request: ChatRequest): boolean {
  return request.messages.some((m) => m.role === 'tool');
}

export function searchCall(query: string): Reply {
  return { toolCalls: [{ name: 'search_policies', arguments: JSON.stringify({ query }) }] };
}

/** The first sentence of a retrieved passage matching `pattern`, with the passage's number. */
export function sentenceMatching(request: ChatRequest, pattern: RegExp): { n: number; sentence: string } | undefined {
  for (const passage of toolPassages(request)) {
    const sentence = passage.text.split(/(?<=[。；\n])/).find((s) => pattern.test(s));
    if (sentence) return { n: passage.n, sentence: sentence.trim().replace(/[。；]$/, '') };
  }
  return undefined;
}

/**
 * A well-behaved model: searches with the question, then answers with the first retrieved sentence
 * matching `pattern`, cited.
 */
export function quotingModel(pattern: RegExp) {
  return (request: ChatRequest): Reply => {
    if (isRewrite(request)) return { content: userQuestion(request).split('最新问题：').at(-1)! };
    if (toolPassages(request).length === 0) return searchCall(userQuestion(request));
    const found = sentenceMatching(request, pattern);
    return found ? { content: `根据检索到的文件，${found.sentence}[${found.n}]。以上内容均来自原文。` } : { content: '现有文件中未找到相关规定。' };
  };
}
