import { createHash } from 'node:crypto';
import express from 'express';
import { serveStandIn } from './stand-in-server';

/**
 * A local stand-in for an S3-compatible object store, path-style (`/<bucket>/<key>`): PUT, GET and DELETE
 * of objects, answered as S3 answers them (an ETag, `NoSuchKey` as XML for a missing object, 204 for a
 * delete, missing or not). It keeps objects in memory and records each request with its Authorization
 * header, so a test sees the bytes, the keys and the credentials the kit used. `failing` makes every
 * request a 500, as a store that is down.
 */
export interface S3StandIn {
  url: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Stored objects by key (without the bucket). */
  objects: Map<string, Buffer>;
  requests: Array<{ method: string; key: string; authorization: string }>;
  failing: boolean;
  close(): Promise<void>;
}

const xmlError = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;

export async function startS3StandIn(bucket = 'council-evidence'): Promise<S3StandIn> {
  const state = {
    bucket,
    accessKeyId: 'AKIASTANDIN0000000000',
    secretAccessKey: 'stand-in-secret-access-key',
    objects: new Map<string, Buffer>(),
    requests: [] as S3StandIn['requests'],
    failing: false,
  };
  const app = express();
  app.use(express.raw({ type: () => true, limit: '20mb' }));
  app.use((req, res) => {
    const [, first, ...rest] = decodeURIComponent(req.path).split('/');
    const key = rest.join('/');
    state.requests.push({ method: req.method, key, authorization: req.get('authorization') ?? '' });
    res.type('application/xml');
    if (state.failing)
      return res.status(500).send(xmlError('InternalError', 'We encountered an internal error.'));
    if (first !== state.bucket)
      return res.status(404).send(xmlError('NoSuchBucket', 'The bucket does not exist'));
    if (req.method === 'PUT') {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      state.objects.set(key, body);
      res.set('ETag', `"${createHash('md5').update(body).digest('hex')}"`);
      return res.status(200).end();
    }
    if (req.method === 'GET') {
      const body = state.objects.get(key);
      if (!body) return res.status(404).send(xmlError('NoSuchKey', 'The specified key does not exist.'));
      res.set('ETag', `"${createHash('md5').update(body).digest('hex')}"`);
      return res.status(200).type('application/octet-stream').send(body);
    }
    if (req.method === 'DELETE') {
      state.objects.delete(key);
      return res.status(204).end();
    }
    res.status(405).send(xmlError('MethodNotAllowed', 'The specified method is not allowed.'));
  });
  const served = await serveStandIn(app);
  return Object.assign(state, served);
}
