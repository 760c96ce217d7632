/**
 * Eval datasets: one JSON object per line,
 *   {"id","question","answers":[…],"all"?:[…],"history"?:[…],"type"?,"source"?}
 * `answers: []` marks a question the corpus cannot answer. This format is a contract: held-out
 * sets are run through it unchanged.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { z } from 'zod';
import { PolicyQaError } from '../errors.js';

export const evalItemSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  question: z.string().min(1),
  answers: z.array(z.string()),
  all: z.array(z.string()).optional(),
  history: z.array(z.string()).optional(),
  type: z.string().optional(),
  source: z.string().optional(),
});

export type EvalItem = z.infer<typeof evalItemSchema>;

/** Reads a dataset (`.jsonl`, or `.jsonl.xz` through the system's xz); a bad line is an error naming the file, the line and what is wrong. */
export async function readDataset(file: string): Promise<EvalItem[]> {
  let text: string;
  try {
    text = file.endsWith('.xz') ? (await promisify(execFile)('xz', ['-dc', file], { maxBuffer: 1 << 30 })).stdout : await readFile(file, 'utf8');
  } catch (cause) {
    throw new PolicyQaError('UNREADABLE_FILE', `Cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
  const items: EvalItem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (cause) {
      throw new PolicyQaError('INVALID_JSONL_LINE', `${file}:${i + 1}: not valid JSON (${(cause as Error).message}).`, { cause });
    }
    const parsed = evalItemSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new PolicyQaError('INVALID_JSONL_LINE', `${file}:${i + 1}: field "${issue.path.join('.') || '(record)'}": ${issue.message}.`);
    }
    items.push(parsed.data);
  }
  if (items.length === 0) throw new PolicyQaError('EMPTY_FILE', `${file} has no eval items.`);
  return items;
}
