/**
 * An OpenAI-compatible face: POST /v1/chat/completions (plain and streamed) and GET /v1/models,
 * so existing chat clients can use the assistant. The conversation is the request's messages:
 * earlier user turns are replayed (offline, milliseconds) so follow-ups resolve as in the app.
 * The content is Markdown with [n] footnote markers and a 来源 list, which any chat UI renders; the
 * structured citations travel beside it in the extra fields `citations` and `sources`.
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { bookTitle, excerpt, groupCitations, type CitedSource } from '../../answer/compose/citations.js';
import type { Answer, Citation } from '../../types.js';
import type { AssistantHost } from '../host.js';
import { HttpError, parseInput } from '../http-error.js';
import type { Schemas } from '../schemas.js';

export const MODEL_ID = 'policy-qa';

type Message = { role: string; content?: string | Array<{ type: string; text?: string | undefined }> | null | undefined };

function textOf(message: Message): string {
  if (typeof message.content === 'string') return message.content;
  return (message.content ?? []).map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('');
}

/**
 * Markdown a chat client renders as written: the answer's line breaks kept as hard breaks (a plain
 * newline joins lines into one paragraph), its [n] markers left as they are (no link is defined
 * for them, so they stay text). Stateless, so each streamed delta is converted on its own.
 */
export function markdownText(text: string): string {
  return text.replace(/\n/g, '  \n');
}

/** Corpus text inside the sources list, with the characters Markdown would act on escaped. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_~<>[\]|#]/g, (c) => `\\${c}`);
}

/**
 * The footnotes under an answer, as Markdown: "来源：" (or "相关段落：" after a refusal) and a list
 * per document, title and 文号 once, each quote under it with its number, heading and text cut at a
 * sentence or clause end:
 *   - 《title》（文号）
 *     - [1] 第十六条：“…”
 */
export function withSources(answer: Answer): string {
  const sources = answer.answered ? answer.citations : answer.related;
  if (sources.length === 0) return '';
  const byNumber = new Map(sources.map((c) => [c.n, c]));
  const lines: string[] = [];
  for (const group of groupCitations(sources)) {
    lines.push(`- ${escapeMarkdown(bookTitle(group.title))}${group.documentNumber ? `（${escapeMarkdown(group.documentNumber)}）` : ''}`);
    for (const n of group.citations) {
      const c = byNumber.get(n)!;
      lines.push(`  - [${n}] ${c.heading ? `${escapeMarkdown(c.heading)}：` : ''}“${escapeMarkdown(excerpt(c.quote, QUOTE_CHARS))}”`);
    }
  }
  return `\n\n${answer.answered ? '来源' : '相关段落'}：\n\n${lines.join('\n')}`;
}

/** Characters of a quote in the footnotes before it is cut (at a sentence or clause end, with "…"). */
const QUOTE_CHARS = 160;

/**
 * The structured sources beside the Markdown, as extra fields of the completion (and of the last
 * streamed chunk): `citations` as in /api/chat (number, document, title, 文号, heading, quote,
 * offsets), and `sources`, the same grouped per document.
 */
function structured(answer: Answer): { citations: Citation[]; sources: CitedSource[] } {
  return { citations: answer.citations, sources: groupCitations(answer.citations) };
}

/** Earlier user messages replayed to rebuild the conversation. */
const REPLAYED_TURNS = 3;

export function openaiRoutes(host: AssistantHost, schemas: Schemas, maxQuestionChars: number): Router {
  const router = Router();

  router.get('/models', (_req, res) => {
    res.json({ object: 'list', data: [{ id: MODEL_ID, object: 'model', created: 0, owned_by: 'policy-qa' }] });
  });

  router.post('/chat/completions', async (req, res) => {
    const body = parseInput(schemas.openaiChat, req.body, 'chat completion request');
    const users = body.messages.filter((m) => m.role === 'user').map(textOf).map((t) => t.trim()).filter(Boolean);
    const question = users.at(-1);
    if (!question) throw new HttpError(400, 'INVALID_REQUEST', 'Invalid chat completion request: messages: no user message with text.');
    if (question.length > maxQuestionChars) {
      throw new HttpError(400, 'INVALID_REQUEST', `Invalid chat completion request: the last user message has ${question.length} characters, at most ${maxQuestionChars}.`);
    }
    // Only the last few earlier questions matter for resolving a follow-up; replaying them all
    // would let one request cost a hundred answers.
    const earlier = users.slice(0, -1).slice(-REPLAYED_TURNS).map((text) => text.slice(0, maxQuestionChars));
    const assistant = host.current;
    const sessionId = `v1-${randomUUID()}`;
    const cancel = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) cancel.abort();
    });
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    try {
      for (const turn of earlier) await assistant.ask(turn, { sessionId, mode: 'extractive', signal: cancel.signal });
      const usageOf = (answer: Answer) => ({
        prompt_tokens: answer.usage?.inputTokens ?? 0,
        completion_tokens: answer.usage?.outputTokens ?? 0,
        total_tokens: answer.usage?.totalTokens ?? 0,
      });
      if (!body.stream) {
        const answer = await assistant.ask(question, { sessionId, signal: cancel.signal });
        if (cancel.signal.aborted) return;
        const content = `${answer.notice ? `（${answer.notice}）\n\n` : ''}${markdownText(answer.answer)}${withSources(answer)}`;
        res.json({
          id,
          object: 'chat.completion',
          created,
          model: MODEL_ID,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: usageOf(answer),
          ...structured(answer),
        });
        return;
      }
      res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
      res.flushHeaders();
      const chunk = (delta: object, finish: string | null = null, extra: object = {}) =>
        res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: MODEL_ID, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`);
      chunk({ role: 'assistant', content: '' });
      const includeUsage = body.stream_options?.include_usage === true;
      try {
        for await (const event of assistant.askStream(question, { sessionId, signal: cancel.signal })) {
          // A stream cannot be taken back here: a failed LLM answer is followed by the notice and the offline one.
          if (event.type === 'delta') chunk({ content: markdownText(event.text) });
          else if (event.type === 'reset') {
            if (event.notice) chunk({ content: `（${event.notice}）\n\n` });
          } else {
            chunk({ content: withSources(event.answer) }, 'stop', structured(event.answer));
            if (includeUsage) res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: MODEL_ID, choices: [], usage: usageOf(event.answer) })}\n\n`);
          }
        }
      } catch (error) {
        if (cancel.signal.aborted) return;
        // Headers are sent: the failure goes in the stream, as OpenAI-compatible servers do.
        console.error(error);
        res.write(`data: ${JSON.stringify({ error: { message: 'The answer failed. The details are in the server log.', type: 'server_error', code: 'INTERNAL' } })}\n\n`);
      }
      res.end('data: [DONE]\n\n');
    } catch (error) {
      // The client went away: nobody to answer, nothing to log.
      if (!cancel.signal.aborted) throw error;
    } finally {
      assistant.forget(sessionId);
    }
  });

  return router;
}
