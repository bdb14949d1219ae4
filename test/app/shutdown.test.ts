import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * `kit start` as a real process, stopped the way an orchestrator stops it. A request is held in flight
 * honestly, by sending its body slowly: the server has the request and is waiting for the rest of it when
 * SIGTERM arrives. It must still be answered, new connections must be refused, and the process must exit 0.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const BODY = JSON.stringify({
  nation: 'england',
  assessmentDate: '2025-06-02',
  applicant: { type: 'person', dateOfBirth: '1970-04-15' },
  benefits: { pip: { movingAroundPoints: 8, awardEndDate: '2027-01-31' } },
});

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

async function startKit(extraEnv: Record<string, string> = {}): Promise<Started> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-shutdown-'));
  const child = spawn(
    process.execPath,
    ['-r', path.join(ROOT, 'test/helpers/run-typescript.js'), path.join(ROOT, 'app/cli.ts'), 'start'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        DATABASE_URL: `sqlite://${path.join(dir, 'kit.sqlite')}`,
        SEED_DEMO: 'false',
        LOG_LEVEL: 'info',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  exited.then(() => fs.rmSync(dir, { recursive: true, force: true })).catch(() => undefined);
  const port = await waitFor(
    () => /at http:\/\/localhost:(\d+)\/apply/.exec(output)?.[1],
    () => output,
  );
  return { child, port: Number(port), output: () => output, exited };
}

async function waitFor<T>(probe: () => T | undefined, describe: () => string, ms = 30_000): Promise<T> {
  for (const started = Date.now(); Date.now() - started < ms;) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out; the process said:\n${describe()}`);
}

/** A POST to the eligibility API with all but the last byte of its body sent; `finish` sends the rest. */
function slowRequest(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let response = '';
  socket.on('data', (chunk) => (response += chunk));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => undefined);
  socket.write(
    `POST /api/v1/eligibility HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(BODY)}\r\n\r\n${BODY.slice(0, -1)}`,
  );
  return {
    finish: () => socket.write(BODY.slice(-1)),
    response: async () => {
      await closed;
      return response;
    },
  };
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('kit start, on SIGTERM', () => {
  jest.setTimeout(60_000);

  it('finishes the request in flight, refuses new connections, closes the database and exits 0', async () => {
    const kit = await startKit();
    try {
      expect((await fetch(`http://127.0.0.1:${kit.port}/ready`)).status).toBe(200);
      const inFlight = slowRequest(kit.port);
      await pause(300);

      kit.child.kill('SIGTERM');
      await waitFor(() => (kit.output().includes('shutting down') ? true : undefined), kit.output);
      await pause(200);
      expect(await connects(kit.port)).toBe(false);
      expect(kit.child.exitCode).toBeNull(); // still waiting for the request in flight

      inFlight.finish();
      const response = await inFlight.response();
      expect(response).toMatch(/^HTTP\/1\.1 200 /);
      expect(response).toContain('"outcome"');
      expect(await kit.exited).toBe(0);
      expect(kit.output()).toMatch(/"outcome":"finished".*"msg":"stopped"/);
    } finally {
      kit.child.kill('SIGKILL');
    }
  });

  it('still stops when whatever read its output has gone (a log shipper that died)', async () => {
    const kit = await startKit();
    try {
      kit.child.stdout!.destroy(); // the reading end of its standard output is closed
      // The first line into the broken pipe is the shutdown's own: nothing has found the pipe broken yet.
      const stopping = Date.now();
      kit.child.kill('SIGTERM');
      expect(await Promise.race([kit.exited, pause(10_000).then(() => 'still running')])).toBe(0);
      expect(Date.now() - stopping).toBeLessThan(10_000);
    } finally {
      kit.child.kill('SIGKILL');
    }
  });

  it('cuts off a request that takes longer than SHUTDOWN_TIMEOUT_SECONDS, and exits 1', async () => {
    const kit = await startKit({ SHUTDOWN_TIMEOUT_SECONDS: '1' });
    try {
      const stuck = slowRequest(kit.port);
      await pause(300);
      const stopping = Date.now();
      kit.child.kill('SIGTERM');
      expect(await kit.exited).toBe(1);
      expect(Date.now() - stopping).toBeGreaterThanOrEqual(900);
      expect(Date.now() - stopping).toBeLessThan(10_000);
      expect(await stuck.response()).toBe('');
      expect(kit.output()).toMatch(/"outcome":"timed-out"/);
    } finally {
      kit.child.kill('SIGKILL');
    }
  });
});
