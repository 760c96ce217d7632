/** Types for markdown.js (plain JS served to the browser), for the tests that import it. */
export type InlineNode = { tag: 'text'; text: string } | { tag: 'cite'; n: number; text: string } | { tag: 'strong'; children: InlineNode[] };
export interface ListItem {
  tag: 'li';
  children: InlineNode[];
}
export type Block = { tag: 'p'; children: InlineNode[] } | { tag: 'ul'; children: ListItem[] } | { tag: 'ol'; start: number; children: ListItem[] };

export function parseInline(line: string): InlineNode[];
export function parseAnswer(text: string): Block[];
export function plainText(text: string): string;
export function renderAnswerText(text: string, cite: (n: number) => Node | null): Node[];
export function bookTitle(title: string): string;
