/** The agent's prompts, read from files at runtime (PROMPTS_DIR) so they can be edited without a rebuild. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { policyError } from '../errors.js';
import type { Intent } from '../types.js';

export interface Prompts {
  system: string;
  rewrite: string;
  modes: Record<Intent, string>;
}

const intents: Intent[] = ['figure', 'conditions', 'drafting', 'lookup', 'general'];

async function readPrompt(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  if (!text.trim()) throw policyError('PROMPT_MISSING', file);
  return text.trim();
}

export async function loadPrompts(dir: string): Promise<Prompts> {
  const [system, rewrite, ...modes] = await Promise.all([
    readPrompt(path.join(dir, 'system.md')),
    readPrompt(path.join(dir, 'rewrite.md')),
    ...intents.map((intent) => readPrompt(path.join(dir, 'modes', `${intent}.md`))),
  ]);
  return {
    system: system!,
    rewrite: rewrite!,
    modes: Object.fromEntries(intents.map((intent, i) => [intent, modes[i]!])) as Record<Intent, string>,
  };
}

/** The system prompt for one question: the rules, then the mode's instructions. */
export function systemPrompt(prompts: Prompts, intent: Intent, today = new Date()): string {
  const date = `${today.getFullYear()}年${today.getMonth() + 1}月${today.getDate()}日`;
  return `${prompts.system.replaceAll('{{today}}', date)}\n\n## 本题\n${prompts.modes[intent]}`;
}
