import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/lib/server/config';

const operator = {
  OPERATOR_NAME: 'Stadt Essen, Amt für Stadterneuerung',
  OPERATOR_ADDRESS: 'Porscheplatz 1, 45127 Essen',
  OPERATOR_EMAIL: 'quartiere@essen.example',
};

describe('configuration', () => {
  it('has safe defaults for a local start', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 4321, smtpUrl: null, demo: true, mode: 'development', mailRetryMs: 60_000 });
    expect(config.databasePath).toMatch(/data\/quartier\.db$/);
    expect(config.publicUrl).toBe('http://127.0.0.1:4321');
    expect(config.signLanguageVideoDir).toBeNull();
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ PUBLIC_URL: 'not a url' }, /PUBLIC_URL/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL/],
    [{ DEMO: 'vielleicht' }, /DEMO/],
    [{ MAIL_RETRY_SECONDS: '0' }, /MAIL_RETRY_SECONDS/],
    [{ MAIL_RETRY_SECONDS: '1.5' }, /MAIL_RETRY_SECONDS/],
    [{ MAIL_RETRY_SECONDS: 'bald' }, /MAIL_RETRY_SECONDS/],
    [{ DGS_VIDEO_DIR: '/gibt/es/nicht' }, /DGS_VIDEO_DIR must name an existing folder/],
    [{ NODE_ENV: 'production' }, /PUBLIC_URL must be set/],
    [{ NODE_ENV: 'production', PUBLIC_URL: 'https://q.example.org', DEMO: 'true', ...operator }, /DEMO/],
    [{ NODE_ENV: 'production', PUBLIC_URL: 'https://q.example.org' }, /OPERATOR_NAME, OPERATOR_ADDRESS, OPERATOR_EMAIL must be set/],
    [{ NODE_ENV: 'production', PUBLIC_URL: 'https://q.example.org', ...operator, OPERATOR_EMAIL: ' ' }, /OPERATOR_EMAIL must be set/],
  ])('rejects %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the first mail retry wait in seconds', () => {
    expect(loadConfig({ MAIL_RETRY_SECONDS: '5' }).mailRetryMs).toBe(5_000);
  });

  it('switches demo data off in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://q.example.org/', ...operator });
    expect(config).toMatchObject({ demo: false, publicUrl: 'https://q.example.org' });
    expect(config.operator).toMatchObject({ name: operator.OPERATOR_NAME, address: operator.OPERATOR_ADDRESS, email: operator.OPERATOR_EMAIL });
  });
});
