import busboy from 'busboy';
import type express from 'express';

/** 10 MB a file, the national form's limit (blue-badge-scheme.md §5, [BBDS-CIT]). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** The one file of a multipart form, held in memory (at most MAX_FILE_BYTES + 1 bytes) until checked. */
export interface ReceivedFile {
  /** As the browser sent it: for display only, never used in a path. */
  filename: string;
  content: Buffer;
  /** More than MAX_FILE_BYTES arrived: the rest was read and thrown away. */
  tooBig: boolean;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The file of a multipart form (`<input type="file" name="file">`), if one was sent. */
    upload?: ReceivedFile;
  }
}

/**
 * Parses multipart/form-data requests (the evidence upload forms) with busboy, a streaming parser,
 * BEFORE the CSRF check, so the form's `_csrf` field is in `req.body` like any other form's and the
 * usual check runs unchanged: no upload post ever skips CSRF. Limits: one file of at most 10 MB (one
 * byte more is read to tell "too big"), a few short fields. Anything else is a 400, not a crash.
 * The file is kept in memory rather than written anywhere, so a refused file never touches storage.
 */
export function multipartForms(): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' || !req.is('multipart/form-data')) return next();
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: MAX_FILE_BYTES + 1, files: 1, fields: 10, parts: 11, fieldSize: 2048 },
      });
    } catch {
      return next(badRequest()); // e.g. no boundary in the Content-Type
    }
    const body: Record<string, string> = {};
    let refused = false;
    let file: ReceivedFile | undefined;
    let finished = false;
    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      req.unpipe(parser);
      if (error) {
        req.resume(); // drain what is left so the connection can answer
        return next(error);
      }
      req.body = body;
      req.upload = file;
      next();
    };
    const refuse = () => {
      refused = true;
    };
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) refuse();
      else body[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file') {
        refuse();
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      const received: ReceivedFile = {
        filename: info.filename ?? '',
        content: Buffer.alloc(0),
        tooBig: false,
      };
      stream.on('data', (chunk: Buffer) => {
        if (!received.tooBig) chunks.push(chunk);
      });
      stream.on('limit', () => {
        received.tooBig = true;
        chunks.length = 0; // nothing more is kept; the rest of the file is read and dropped
      });
      stream.on('end', () => {
        received.content = received.tooBig ? Buffer.alloc(0) : Buffer.concat(chunks);
        file = received;
      });
    });
    parser.on('filesLimit', refuse);
    parser.on('fieldsLimit', refuse);
    parser.on('partsLimit', refuse);
    parser.on('error', () => finish(badRequest()));
    parser.on('close', () => finish(refused ? badRequest() : undefined));
    req.on('aborted', () => finish(badRequest()));
    void res;
    req.pipe(parser);
  };
}

function badRequest(): Error {
  return Object.assign(new Error('Malformed or oversized form'), { status: 400 });
}
