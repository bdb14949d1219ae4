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

/**
 * Security headers from helmet with a fresh nonce per response, so the one inline script govuk-frontend's
 * template needs can run without `unsafe-inline`. Dynamic pages are never cached.
 */
export function setUpWebSecurity(app: express.Express, options: { production: boolean }) {
  app.use((_req, res, next) => {
    res.locals.cspNonce = freshNonce();
    next();
  });
  app.use(
    helmet({
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
      strictTransportSecurity: options.production ? { maxAge: 31536000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
    }),
  );
}

export function noStore(_req: express.Request, res: express.Response, next: express.NextFunction) {
  res.set('Cache-Control', 'no-store');
  next();
}
