import { randomBytes } from 'node:crypto';
import type express from 'express';
import helmet from 'helmet';

const NONCE_BYTES = 16;
/** Nonces drawn from the system's random source at a time: one read serves this many responses. */
const NONCES_PER_READ = 256;
let randomPool = Buffer.alloc(0);
let poolOffset = 0;

/**
 * 128 random bits for one response's CSP nonce, base64. Read from the CSPRNG in blocks (as Node's own
 * randomUUID does): a read per response was a system call on every request. No nonce is ever handed out twice.
 */
export function freshNonce(): string {
  if (poolOffset + NONCE_BYTES > randomPool.length) {
    randomPool = randomBytes(NONCE_BYTES * NONCES_PER_READ);
    poolOffset = 0;
  }
  const nonce = randomPool.toString('base64', poolOffset, poolOffset + NONCE_BYTES);
  poolOffset += NONCE_BYTES;
  return nonce;
}

/** The JSON APIs' addresses: their answers are data, never a page. */
const API_PATHS = /^\/api\//;

/**
 * Security headers from helmet. Pages get a fresh nonce per response, so the one inline script
 * govuk-frontend's template needs can run without `unsafe-inline`. The JSON APIs get a fixed policy
 * that allows nothing at all (a document that is data has nothing to run, style or frame), made once
 * rather than per response. Dynamic pages are never cached.
 */
export function setUpWebSecurity(app: express.Express, options: { production: boolean }) {
  const common = {
    strictTransportSecurity: options.production
      ? { maxAge: 31536000, includeSubDomains: true }
      : (false as const),
    referrerPolicy: { policy: 'no-referrer' as const },
    crossOriginEmbedderPolicy: false,
  };
  const pages = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        ...(options.production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
  });
  const api = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
  });
  app.use((req, res, next) => {
    if (API_PATHS.test(req.path)) return api(req, res, next);
    res.locals.cspNonce = freshNonce();
    return pages(req, res, next);
  });
}

export function noStore(_req: express.Request, res: express.Response, next: express.NextFunction) {
  res.set('Cache-Control', 'no-store');
  next();
}
