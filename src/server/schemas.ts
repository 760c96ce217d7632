/** What the API accepts, as schemas: every request body and query is parsed through one of these. */
import { z } from 'zod';
import type { ServerConfig } from '../config.js';
import { documentTypes } from '../types.js';
import { conversationId } from './conversations.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-mm-dd');
const mode = z.enum(['auto', 'llm', 'extractive']);
/** Query-string numbers arrive as text. */
const count = (max: number) => z.coerce.number().int().min(1).max(max);

export function schemas(config: ServerConfig) {
  const question = z.string().trim().min(1, 'must not be empty').max(config.maxQuestionChars, `at most ${config.maxQuestionChars} characters`);
  const text = z.string().trim().min(1, 'must not be empty').max(200);

  const filters = {
    issuer: z.string().max(100).optional(),
    type: z.enum(documentTypes).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  };

  return {
    chat: z.strictObject({
      question,
      sessionId: z.string().regex(conversationId, 'letters, digits, - and _, at most 64').optional(),
      mode: mode.optional(),
      ...filters,
    }),
    search: z.object({ q: text, limit: count(50).optional(), ...filters }),
    figures: z.object({ q: text, unit: z.string().max(10).optional(), period: z.string().max(20).optional(), limit: count(50).optional() }),
    documents: z.object({ q: z.string().max(200).optional(), limit: count(500).optional(), offset: z.coerce.number().int().min(0).optional(), ...filters }),
    /** GET /api/documents/:id: the span to highlight, and which page of the chunks (default the first 100). */
    document: z
      .object({
        start: z.coerce.number().int().min(0).optional(),
        end: z.coerce.number().int().min(0).optional(),
        chunkOffset: z.coerce.number().int().min(0).default(0),
        chunkLimit: count(500).default(100),
      })
      .refine((h) => (h.start === undefined) === (h.end === undefined) && (h.start === undefined || h.start < h.end!), 'start and end go together, start < end'),
    feedback: z.strictObject({
      turn: z.number().int().min(0),
      rating: z.enum(['up', 'down']),
      comment: z.string().max(1000).optional(),
    }),
    openaiChat: z.object({
      model: z.string().max(100).optional(),
      stream: z.boolean().optional(),
      stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
      messages: z
        .array(
          z.object({
            role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
            content: z.union([z.string().max(config.maxQuestionChars * 20), z.array(z.object({ type: z.string(), text: z.string().max(config.maxQuestionChars * 20).optional() })).max(50), z.null()]).optional(),
          }),
        )
        .min(1, 'at least one message')
        .max(100),
    }),
  };
}

export type Schemas = ReturnType<typeof schemas>;
