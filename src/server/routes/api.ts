/**
 * The JSON API: chat (plain or streamed over SSE), search, documents with chunk counts, one document
 * with its text and chunks (for the knowledge-base page and the chat's source panel), figures,
 * health, and the conversations kept for the web app with their feedback.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AskOptions } from '../../answer/assistant.js';
import { queryFilters, type QueryFilters } from '../../retrieve/query.js';
import type { PolicyLibrary } from '../../retrieve/library.js';
import { matchesFilters } from '../../index/filters.js';
import type { Answer, DocumentType, PolicyDocument } from '../../types.js';
import { decodeCursor, type ConversationStore } from '../conversations.js';
import type { AssistantHost } from '../host.js';
import { HttpError, parseInput } from '../http-error.js';
import type { Schemas } from '../schemas.js';
import { EventStream, wantsEventStream, type OpenStreams } from '../sse.js';

/** GET /api/conversations: a page of at most `limit` (default 50), after the `cursor` a page before returned. */
const conversationPage = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .max(200)
    .transform((cursor, context) => decodeCursor(cursor) ?? (context.addIssue({ code: 'custom', message: "not a cursor: pass an earlier page's nextCursor" }), z.NEVER))
    .optional(),
});

export interface ApiContext {
  host: AssistantHost;
  store: ConversationStore;
  schemas: Schemas;
  heartbeatMs: number;
  /** Where streamed answers register, so a shutdown can end them. */
  streams?: OpenStreams;
}

/** An answer as the API returns it: the answer object plus where it sits in its conversation. */
export type AnswerPayload = Answer & { sessionId: string; turn: number };

/** The API's filter fields (from, to) as query filters. */
function filtersOf({ issuer, type, from, to }: { issuer?: string | undefined; type?: DocumentType | undefined; from?: string | undefined; to?: string | undefined }): QueryFilters | undefined {
  return queryFilters({ issuer, type, dateFrom: from, dateTo: to });
}

/** A document's metadata as the list and the detail give it, with its length and chunk count. */
function documentSummary(document: PolicyDocument, library: PolicyLibrary) {
  const { id, title, headline, documentNumber, issuers, date, effectiveDate, type, versionKey, sourceFile, url } = document;
  return { id, title, headline, documentNumber, issuers, date, effectiveDate, type, versionKey, sourceFile, url, characters: document.text.length, chunks: library.chunksOf(document).length };
}

export function apiRoutes({ host, store, schemas, heartbeatMs, streams }: ApiContext): Router {
  const router = Router();

  router.post('/chat', async (req: Request, res: Response) => {
    const body = parseInput(schemas.chat, req.body, 'chat request');
    const assistant = host.current;
    // An unusable mode is a 400 before any streaming starts.
    assistant.modeFor(body.mode);
    const sessionId = body.sessionId ?? store.newId();
    const stored = await store.get(sessionId);
    if (stored) assistant.restore(sessionId, stored.turns);

    // A client that goes away cancels the work (the LLM calls in flight are aborted).
    const cancel = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) cancel.abort();
    });
    const filters = filtersOf(body);
    const options: AskOptions = { sessionId, signal: cancel.signal, ...(body.mode ? { mode: body.mode } : {}), ...(filters ? { filters } : {}) };

    if (!wantsEventStream(req.get('accept'))) {
      const answer = await assistant.ask(body.question, options).catch((error: unknown) => {
        // The client went away: nobody to answer, nothing to log.
        if (cancel.signal.aborted) return undefined;
        throw error;
      });
      if (!answer) return;
      const turn = await store.addTurn(sessionId, body.question, answer);
      res.json({ ...answer, sessionId, turn } satisfies AnswerPayload);
      return;
    }
    // A shutdown ends the stream with an error event and cancels the answer like a departed client.
    const stream = new EventStream(res, heartbeatMs, { streams, onInterrupt: () => cancel.abort() });
    try {
      for await (const event of assistant.askStream(body.question, options)) {
        if (event.type === 'delta') stream.send('delta', { text: event.text });
        else if (event.type === 'reset') stream.send('reset', { notice: event.notice });
        else {
          const turn = await store.addTurn(sessionId, body.question, event.answer);
          stream.send('citations', { citations: event.answer.citations });
          stream.send('done', { ...event.answer, sessionId, turn } satisfies AnswerPayload);
        }
      }
    } catch (error) {
      if (!cancel.signal.aborted) stream.send('error', { code: 'INTERNAL', message: 'The answer failed. The details are in the server log.' });
      if (!cancel.signal.aborted) console.error(error);
    } finally {
      stream.end();
    }
  });

  router.get('/search', async (req, res) => {
    const query = parseInput(schemas.search, req.query, 'search query');
    const filters = filtersOf(query);
    const hits = await host.current.retriever.search(query.q, { limit: query.limit ?? 10, ...(filters ? { filters } : {}) });
    res.json({
      query: query.q,
      hits: hits.map((hit) => ({
        docId: hit.document.id,
        title: hit.document.title,
        documentNumber: hit.document.documentNumber,
        date: hit.document.date,
        heading: hit.chunk.headingPath.slice(1).join(' > '),
        text: hit.chunk.text,
        start: hit.chunk.start,
        end: hit.chunk.end,
        score: hit.score,
      })),
    });
  });

  router.get('/documents', (req, res) => {
    const query = parseInput(schemas.documents, req.query, 'document query');
    const filters = filtersOf(query);
    const documents = [...host.current.index.documents.values()]
      .filter((d) => (!query.q || d.title.includes(query.q) || (d.documentNumber ?? '').includes(query.q)) && matchesFilters(d, filters))
      .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.id.localeCompare(b.id));
    const offset = query.offset ?? 0;
    const { library } = host.current;
    res.json({ total: documents.length, offset, documents: documents.slice(offset, offset + (query.limit ?? 100)).map((d) => documentSummary(d, library)) });
  });

  router.get('/documents/:id', (req, res) => {
    const highlight = parseInput(schemas.document, req.query, 'document query');
    const { library } = host.current;
    const document = host.current.index.documents.get(req.params.id!);
    if (!document) throw new HttpError(404, 'NOT_FOUND', `No document with id ${req.params.id}.`);
    if (highlight.end !== undefined && highlight.end > document.text.length) {
      throw new HttpError(400, 'INVALID_REQUEST', `Invalid highlight: end ${highlight.end} is past the document's ${document.text.length} characters.`);
    }
    const chunks = library.chunksOf(document);
    const { chunkOffset: offset, chunkLimit: limit } = highlight;
    res.json({
      ...documentSummary(document, library),
      text: document.text,
      passages: chunks.map((chunk) => ({ start: chunk.start, end: chunk.end, heading: chunk.headingPath.slice(1).join(' > ') })),
      // The chunks themselves, a page at a time (chunkOffset, chunkLimit): a long law has hundreds.
      chunkPage: {
        total: chunks.length,
        offset,
        limit,
        items: chunks.slice(offset, offset + limit).map(({ id, headingPath, start, end, text }) => ({ id, headingPath, start, end, text })),
      },
      ...(highlight.start !== undefined ? { highlight: { start: highlight.start, end: highlight.end, text: document.text.slice(highlight.start, highlight.end) } } : {}),
    });
  });

  router.get('/figures', async (req, res) => {
    const query = parseInput(schemas.figures, req.query, 'figure query');
    const { index, library } = host.current;
    const figures = await library.figures(query.q, query.unit, query.period, query.limit ?? 20);
    res.json({
      query: query.q,
      figures: figures.map((figure) => {
        const document = index.documents.get(figure.docId)!;
        const { raw, value, unit, qualifier, measure, period, sentence, start, end } = figure;
        return { raw, value, unit, qualifier, measure, period, sentence, start, end, docId: document.id, title: document.title, documentNumber: document.documentNumber, date: document.date };
      }),
    });
  });

  router.get('/health', (_req, res) => {
    const assistant = host.current;
    const { counts, updatedAt } = assistant.index.manifest;
    res.json({
      status: 'ok',
      documents: counts.documents,
      chunks: counts.chunks,
      figures: counts.figures,
      indexUpdatedAt: updatedAt,
      mode: assistant.modeFor(),
      llmAvailable: Boolean(assistant.llm),
      reindexing: host.reindexing,
    });
  });

  router.get('/conversations', async (req, res) => {
    const query = parseInput(conversationPage, req.query, 'conversation list query');
    res.json(await store.list(query));
  });

  router.get('/conversations/:id', async (req, res) => {
    const conversation = await store.get(req.params.id!);
    if (!conversation) throw new HttpError(404, 'NOT_FOUND', `No conversation ${req.params.id}.`);
    res.json(conversation);
  });

  router.post('/conversations/:id/feedback', async (req, res) => {
    const body = parseInput(schemas.feedback, req.body, 'feedback');
    if (!(await store.get(req.params.id!))) throw new HttpError(404, 'NOT_FOUND', `No conversation ${req.params.id}.`);
    const saved = await store.setFeedback(req.params.id!, body.turn, { rating: body.rating, ...(body.comment ? { comment: body.comment } : {}) });
    if (!saved) throw new HttpError(404, 'NOT_FOUND', `No turn ${body.turn} in conversation ${req.params.id}.`);
    res.status(204).end();
  });

  return router;
}
