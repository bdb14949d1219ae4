import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../app/config';

/**
 * docker-compose.yml, the Dockerfile and the deployment guide, checked without a Docker engine (none runs
 * on the kit's build machines): the compose file parses, wires the app to PostgreSQL with health checks on
 * /ready, passes only variables the kit reads, and every one of them is documented.
 */
const ROOT = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  build?: string;
  image?: string;
  environment: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
  healthcheck: { test: string[] };
  stop_grace_period?: string;
}

const compose = parse(read('docker-compose.yml')) as {
  services: { app: Service; db: Service };
  volumes: Record<string, unknown>;
};
const { app, db } = compose.services;

/** The compose file's values with `${VAR:-default}` and `${VAR:?message}` filled in from `vars`. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(
    /\$\{(\w+)(?::([-?])([^}]*))?\}/g,
    (_match, name: string, kind?: string, rest?: string) => {
      if (vars[name] !== undefined) return vars[name];
      if (kind === '-') return rest ?? '';
      throw new Error(`${name} is required: ${rest}`);
    },
  );
}

describe('docker-compose.yml', () => {
  it('builds the app from the Dockerfile and runs PostgreSQL 16 on a named volume', () => {
    expect(app.build).toBe('.');
    expect(db.image).toBe('postgres:16');
    expect(db.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['pgdata', 'uploads']));
    expect(app.volumes).toContain('uploads:/app/data');
    // Reached through the proxy on the same machine, never directly from outside.
    expect(app.ports).toEqual(['127.0.0.1:3000:3000']);
  });

  it('starts the app once PostgreSQL is healthy, and checks the app on /ready', () => {
    expect(app.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(db.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(app.healthcheck.test.join(' ')).toContain("'http://127.0.0.1:3000/ready'");
    expect(read('Dockerfile')).toMatch(/HEALTHCHECK .*\/ready'/);
  });

  it('gives the app a configuration the kit accepts, pointing at the compose database', () => {
    const vars = { POSTGRES_PASSWORD: 'pw', SESSION_SECRET: 's'.repeat(40) };
    const env = Object.fromEntries(
      Object.entries(app.environment).map(([name, value]) => [name, interpolate(String(value), vars)]),
    );
    const config = loadConfig(env);
    expect(config.production).toBe(true);
    expect(config.databaseUrl).toBe('postgres://bluebadge:pw@db:5432/bluebadge');
    const dbEnv = db.environment;
    expect(interpolate(dbEnv.POSTGRES_PASSWORD, vars)).toBe('pw');
    expect(new URL(config.databaseUrl).username).toBe(dbEnv.POSTGRES_USER);
    expect(new URL(config.databaseUrl).pathname).toBe(`/${dbEnv.POSTGRES_DB}`);
    // Docker waits longer than the kit's own shutdown timeout before killing it.
    expect(parseInt(app.stop_grace_period ?? '10s', 10)).toBeGreaterThan(config.shutdownTimeoutSeconds);
  });

  it('refuses to start without its two secrets', () => {
    expect(() => interpolate(app.environment.SESSION_SECRET, { POSTGRES_PASSWORD: 'pw' })).toThrow(
      /SESSION_SECRET is required/,
    );
    expect(() => interpolate(db.environment.POSTGRES_PASSWORD, {})).toThrow(/POSTGRES_PASSWORD is required/);
  });

  it('passes only variables the deployment guide and the README document', () => {
    const guide = read('docs/deploying.md');
    const readme = read('README.md');
    for (const name of Object.keys(app.environment)) {
      expect(guide).toContain(`| \`${name}\``);
      expect(readme).toContain(`| \`${name}\``);
    }
  });
});

describe('the deployment guide', () => {
  it('documents every variable app/config.ts reads', () => {
    const source = read('app/config.ts');
    const names = new Set([...source.matchAll(/env\.([A-Z][A-Z0-9_]+)/g)].map((match) => match[1]));
    names.delete('JEST_WORKER_ID'); // the test runner's, not an operator's
    expect(names.size).toBeGreaterThan(10);
    const guide = read('docs/deploying.md');
    for (const name of names) expect(guide).toContain(`| \`${name}\``);
  });

  it('is linked from the README', () => {
    expect(read('README.md')).toContain('(docs/deploying.md)');
  });
});
