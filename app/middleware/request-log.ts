import { randomUUID } from 'node:crypto';
import type express from 'express';
import { pinoHttp } from 'pino-http';
import { serializeError, serializeRequest, type Logger } from '../logging/logger';

/** An incoming X-Request-Id (from a proxy or a calling service) is kept only if it is a short, plain token. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Probes poll every few seconds; a line for each would drown the requests that matter. */
const QUIET_PATHS = new Set(['/health', '/ready']);

export function requestId(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * One JSON line per request when it finishes: request id, method, path (no query string), status and
 * duration in milliseconds. The id is echoed in the X-Request-Id response header, so a person reporting
 * a problem can quote it, and is on every line logged while the request is served (`req.log`).
 */
export function requestLogging(logger: Logger): express.RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = requestId(req.headers['x-request-id']);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customAttributeKeys: { responseTime: 'durationMs' },
    // Given again here: pino-http would otherwise put its own (headers and all) in the child logger.
    serializers: {
      req: serializeRequest,
      err: serializeError,
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    // A 500's own error is logged once, by the error handler, under the same request id: the request
    // line need not repeat pino-http's stand-in ("failed with status code 500") and its stack.
    customErrorObject: (_req, _res, _error, line: Record<string, unknown>) => ({ ...line, err: undefined }),
    customErrorMessage: () => 'request failed',
    autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0]) },
  }) as unknown as express.RequestHandler;
}
