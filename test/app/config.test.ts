import { ConfigError, loadConfig } from '../../app/config';

describe('configuration from the environment', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toMatch(/^sqlite:\/\/.*data\/blue-badge\.sqlite$/);
    expect(config.nation).toBe('england');
    expect(config.basePath).toBe('');
    expect(config.production).toBe(false);
    expect(config.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(config.seedDemo).toBe(true);
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://kit@db/bluebadge',
      SESSION_SECRET: 'x'.repeat(40),
      UPLOAD_DIR: '/srv/uploads',
      COUNCIL_NATION: 'Wales',
      BASE_PATH: 'blue-badge/',
      COUNCIL_NAME: 'Cyngor Demo',
      SEED_DEMO: 'false',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://kit@db/bluebadge',
      uploadDir: '/srv/uploads',
      nation: 'wales',
      basePath: '/blue-badge',
      councilName: 'Cyngor Demo',
      seedDemo: false,
    });
  });

  it('refuses to start in production without a long enough SESSION_SECRET, and never seeds demo data there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' })).toThrow(
      /at least 32 characters/,
    );
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32) });
    expect(config.production).toBe(true);
    expect(config.seedDemo).toBe(false);
  });

  it('lists every problem at once, in plain words', () => {
    try {
      loadConfig({ PORT: 'eighty', COUNCIL_NATION: 'narnia', DATABASE_URL: 'mysql://x', BASE_PATH: '/a b' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { problems } = error as ConfigError;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/PORT must be a whole number/);
      expect(problems.join('\n')).toMatch(/COUNCIL_NATION must be one of england, scotland, wales/);
      expect(problems.join('\n')).toMatch(/DATABASE_URL must start with sqlite:\/\/ or postgres:\/\//);
      expect(problems.join('\n')).toMatch(/BASE_PATH must be a URL path/);
    }
  });
});
