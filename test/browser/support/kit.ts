import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { CreateAppOptions, KitApp } from '../../../app/app';
import { buildTestApp } from '../../helpers/test-app';

export interface RunningKit {
  app: KitApp;
  /** e.g. `http://127.0.0.1:41234`, with no trailing slash. */
  baseUrl: string;
  stop(): Promise<void>;
}

/** The whole kit on a fresh in-memory database, listening on a free port for a real browser. */
export async function startKit(options: CreateAppOptions = {}): Promise<RunningKit> {
  const app = await buildTestApp(options);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.kit.close();
    },
  };
}
