import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface TestClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  grant_types?: string[];
  response_types?: string[];
}

export interface TestProvider {
  issuer: string;
  /** Sets (or replaces) the claims of the account whose login is `id`. */
  setAccount(
    id: string,
    claims: { email?: string; email_verified?: boolean; name?: string; groups?: string[] },
  ): Promise<void>;
  /** The query of every authorisation request the provider received, oldest first. */
  authorizations(): Promise<Array<Record<string, string>>>;
  stop(): Promise<void>;
}

/** Starts a real OpenID provider on a free port in a child process (test/helpers/oidc-provider-server.mjs). */
export async function startTestProvider(clients: TestClient[]): Promise<TestProvider> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(__dirname, 'oidc-provider-server.mjs'), JSON.stringify({ clients })],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const issuer = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { issuer: string }).issuer));
    child.once('exit', (code) => reject(new Error(`The test provider stopped (${code}): ${stderr}`)));
  });
  return {
    issuer,
    async setAccount(id, claims) {
      const response = await fetch(`${issuer}/test/accounts/${encodeURIComponent(id)}`, {
        method: 'PUT',
        body: JSON.stringify(claims),
      });
      if (response.status !== 204) throw new Error(`setAccount: ${response.status}`);
    },
    async authorizations() {
      return (await (await fetch(`${issuer}/test/authorizations`)).json()) as Array<Record<string, string>>;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
