import { randomUUID } from 'node:crypto';
import type express from 'express';
import { pino } from 'pino';
import { serializeError, type Logger } from '../logging/logger';

declare module 'http' {
  interface IncomingMessage {
    /** The request id: the caller's X-Request-Id when it is a safe token, else a fresh UUID. */
    id: string;
    /** The kit's logger with this request (`req`: id, method, path) on every line. */
    log: Logger;
  }
}

/** An incoming X-Request-Id (from a proxy or a calling service) is kept only if it is a short, plain token. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Probes poll every few seconds; a line for each would drown the requests that matter. */
const QUIET_PATHS = new Set(['/health', '/ready']);

export function requestId(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Errors logged through `req.log` get their causes' messages and stacks too (pino's standard error serializer first). */
const REQUEST_ERROR_SERIALIZER = pino.stdSerializers.wrapErrorSerializer(serializeError);

/** Where `req.log` keeps the child logger it made for a request (only when something logged through it). */
const REQUEST_LOGGER = Symbol('requestLogger');

/**
 * One JSON line per request when it finishes: request id, method, path (no query string), status and
 * duration in milliseconds. The id is echoed in the X-Request-Id response header, so a person reporting
 * a problem can quote it, and is on every line logged while the request is served (`req.log`).
 *
 * The same lines pino-http wrote, for less: it made two child loggers per request (each serializing the
 * request) whether or not anything logged through them. Here the request line is one call on the kit's
 * logger (whose `req` serializer writes only id, method and path), and `req.log` is a getter on the app's
 * request prototype that makes the child only when something logs through it (an error). Defined once,
 * not on each request: a getter defined on each request object gave every request its own hidden class,
 * and V8's lookups, map copies and the old-generation collections that came with them were a fifth of
 * the eligibility API's instructions.
 */
export function requestLogging(app: express.Express, logger: Logger): express.RequestHandler {
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: express.Request & { [REQUEST_LOGGER]?: Logger }) {
      return (this[REQUEST_LOGGER] ??= logger.child(
        { req: this },
        { serializers: { err: REQUEST_ERROR_SERIALIZER } },
      ));
    },
    // Something upstream (a host's own pino-http) may have set its own: it is kept, as pino-http kept it.
    set(this: express.Request, value: Logger) {
      Object.defineProperty(this, 'log', { value, writable: true, configurable: true, enumerable: true });
    },
  });
  return (req, res, next) => {
    req.id ||= requestId(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', req.id);
    if (QUIET_PATHS.has((req.url ?? '').split('?')[0])) return next();
    const started = Date.now();
    // A response emits 'close' once, whether it finished or its connection was lost (after 'finish' when
    // it finished, and after 'error' if that came): one listener sees every ending.
    res.once('close', () => {
      const line = { req, res: { status: res.statusCode }, durationMs: Date.now() - started };
      // A 500's own error is logged once, by the error handler, under the same request id: the request
      // line does not repeat it.
      if (res.errored || res.statusCode >= 500) logger.error(line, 'request failed');
      else if (res.statusCode >= 400) logger.warn(line, 'request completed');
      else logger.info(line, 'request completed');
    });
    next();
  };
}
