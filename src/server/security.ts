/** Security headers, CORS allowlist, rate limits and the admin key check. */
import { createHash, timingSafeEqual } from 'node:crypto';
import cors from 'cors';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { ServerConfig } from '../config.js';
import { HttpError, sendError } from './http-error.js';

/** Headers for every response; the CSP lets pages load only the app's own scripts, styles and images. */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // No image from an answer or a document can reach out to another server.
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}

/** Browser calls from the configured origins only; requests without an Origin (curl, same origin) pass. */
export function corsAllowlist(config: ServerConfig): RequestHandler {
  return cors({
    origin: (origin, callback) => callback(null, !origin || config.corsOrigins.includes(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Accept'],
    maxAge: 600,
  });
}

/**
 * Per-client request budget per minute, answered with the API's 429 error body. The client is
 * `req.ip`: the socket address, or what a proxy trusted by TRUST_PROXY says in X-Forwarded-For.
 */
export function rateLimiter(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // An untrusted X-Forwarded-For is ignored on purpose; any client can send one, so it is no
    // sign of a misconfigured proxy worth a log line.
    validate: { xForwardedForHeader: false },
    handler: (_req, res) => sendError(res, new HttpError(429, 'RATE_LIMITED', `Too many requests: at most ${perMinute} per minute. Try again shortly.`)),
  });
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares the presented key with the configured one in constant time (both hashed to one length). */
export function keyMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** Admin endpoints: off without ADMIN_API_KEY; otherwise "Authorization: Bearer <key>" is required. */
export function requireAdminKey(config: ServerConfig): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!config.adminApiKey) return next(new HttpError(403, 'ADMIN_DISABLED', 'Admin endpoints are disabled: set ADMIN_API_KEY to enable them.'));
    const presented = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim() ?? '';
    if (!presented || !keyMatches(presented, config.adminApiKey)) return next(new HttpError(401, 'UNAUTHORIZED', 'Missing or wrong admin API key.'));
    next();
  };
}
