/**
 * The web app and HTTP API on one Express server:
 *   /api/*    JSON API (chat with SSE streaming, search, documents, figures, health, conversations)
 *   /v1/*     OpenAI-compatible chat completions
 *   /api/admin/*  uploads and re-index, behind ADMIN_API_KEY
 *   /         the chat UI (static files in src/server/public, no CDN)
 */
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { Config } from '../config.js';
import type { ConversationStore } from './conversations.js';
import type { AssistantHost } from './host.js';
import { errorHandler, HttpError } from './http-error.js';
import { adminRoutes } from './routes/admin.js';
import { apiRoutes } from './routes/api.js';
import { openaiRoutes } from './routes/openai.js';
import { schemas } from './schemas.js';
import { corsAllowlist, rateLimiter, securityHeaders } from './security.js';
import type { OpenStreams } from './sse.js';

const PUBLIC_DIR = fileURLToPath(new URL('./public', import.meta.url));

export interface AppOptions {
  config: Config;
  host: AssistantHost;
  store: ConversationStore;
  log?: (message: string) => void;
  /** Where streamed answers register, so a shutdown can end them (main.ts passes one). */
  streams?: OpenStreams;
}

export function createApp({ config, host, store, log = (message) => console.error(message), streams }: AppOptions): Express {
  const app = express();
  const server = config.server;
  const validate = schemas(server);
  app.disable('x-powered-by');
  // X-Forwarded-For names the client (and so its rate-limit key) only when it comes from a proxy
  // TRUST_PROXY trusts; otherwise any client could pick a fresh key per request.
  app.set('trust proxy', server.trustProxy);
  app.use(securityHeaders());
  app.use(['/api', '/v1'], corsAllowlist(server));
  app.use(['/api', '/v1'], express.json({ limit: server.bodyLimitBytes, strict: true }));
  app.use(['/api', '/v1'], rateLimiter(server.rateLimitPerMinute * 10));
  app.use(['/api/chat', '/v1/chat'], rateLimiter(server.rateLimitPerMinute));

  app.use('/api/admin', adminRoutes(host, config));
  app.use('/api', apiRoutes({ host, store, schemas: validate, heartbeatMs: server.heartbeatMs, streams }));
  app.use('/v1', openaiRoutes(host, validate, server.maxQuestionChars));
  app.use(['/api', '/v1'], (req, _res, next) => next(new HttpError(404, 'NOT_FOUND', `No endpoint ${req.method} ${req.originalUrl}.`)));
  app.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: '1h' }));
  app.use(errorHandler(log));
  return app;
}
