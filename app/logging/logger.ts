import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { maskPersonalData, maskStrings } from './personal-data';

export type { Logger };
export type LogLevel = LevelWithSilent;
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** What a request is logged as: never its headers, body or query string, which can carry personal data. */
export interface LoggedRequest {
  id: unknown;
  method: string;
  path: string;
}

/** The path alone: a query string (a staff search, `?lang=cy`, an embedder's own) is never logged. */
export function pathWithoutQuery(url: string | undefined): string {
  return maskPersonalData((url ?? '').split('?')[0].split('#')[0]);
}

interface RequestLike {
  id?: unknown;
  method?: string;
  url?: string;
  originalUrl?: string;
  raw?: { originalUrl?: string; url?: string };
}

interface ErrorLike {
  type?: string;
  name?: string;
  message?: string;
  stack?: string;
  code?: unknown;
}

/**
 * Standard output, each line written as it is made (pino.destination's synchronous mode), as Node itself
 * writes to a pipe or a file on Linux. The kit logs a line a request, so the writes are few; nothing waits
 * in memory, so nothing is lost or needs flushing when the process exits. Should the reader go away (EPIPE:
 * a log shipper that died), logging stops and the service goes on. pino's own default queued writes and
 * flushed them on exit in a loop (sonic-boom 4's flushSync) that retries EPIPE for ever: a stopping kit
 * whose first write into a broken pipe was its "shutting down" line never exited.
 */
export function standardOutput(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: true });
  const stopWriting = (error: NodeJS.ErrnoException) => {
    // Any other failure is thrown, as pino's default does: the process stops and its supervisor sees why.
    if (error.code !== 'EPIPE') throw error;
    stream.write = () => true;
    stream.flushSync = () => undefined;
    stream.off('error', stopWriting);
  };
  stream.on('error', stopWriting);
  return stream;
}

/**
 * Structured JSON logs, one object a line, on `destination` (standard output by default: standardOutput).
 * Personal data is kept out three ways: the request and error serializers write only chosen fields;
 * redact paths remove credentials should a header ever be logged (an embedder's own serializer, say);
 * and every string is masked for personal-data patterns as it is written (app/logging/personal-data.ts).
 */
export function createLogger(options: { level: LogLevel; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'blue-badge-kit' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'req.headers["x-csrf-token"]',
          'req.headers["csrf-token"]',
          'res.headers["set-cookie"]',
          'headers.cookie',
          'headers.authorization',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: serializeRequest,
        err: serializeError,
        error: serializeError,
      },
      formatters: {
        log: (object) => maskStrings(object),
      },
      hooks: {
        // Messages, and the values of printf-style arguments, are masked like any other string.
        logMethod(args, method) {
          const masked = args.map((arg: unknown) => (typeof arg === 'string' ? maskPersonalData(arg) : arg));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? standardOutput(),
  );
}

export function serializeRequest(req: RequestLike): LoggedRequest {
  const raw = req.raw ?? req;
  return {
    id: req.id,
    method: req.method ?? '',
    path: pathWithoutQuery(raw.originalUrl ?? req.originalUrl ?? raw.url ?? req.url),
  };
}

/** Type, code, message and stack: never an error's other properties (a database error's row values). */
export function serializeError(error: unknown): Record<string, unknown> {
  if (error === null || typeof error !== 'object') return { message: maskPersonalData(String(error)) };
  const { type, name, message, stack, code } = error as ErrorLike;
  return {
    type: type ?? name ?? 'Error',
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    message: maskPersonalData(String(message ?? '')),
    ...(stack ? { stack: maskPersonalData(stack) } : {}),
  };
}
