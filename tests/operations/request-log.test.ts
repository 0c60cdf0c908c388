import { describe, expect, it, vi } from 'vitest';
import { logRequest, redactUrl, requestIdFrom } from '../../src/lib/server/observability/request-log';

describe('request log', () => {
  it('keeps a well-formed request id from a proxy and replaces anything else', () => {
    expect(requestIdFrom('abc12345-proxy')).toBe('abc12345-proxy');
    for (const bad of [null, '', 'short', 'x'.repeat(65), 'evil\nlog line', '<script>']) {
      const id = requestIdFrom(bad);
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('never writes feed tokens, one-time links or secret query values', () => {
    const token = 'k3v7q2x9m4n8p5r6t1w0y2z3a4';
    expect(redactUrl(new URL(`http://x/kalender/${token}.ics`))).toBe('/kalender/[redacted].ics');
    expect(redactUrl(new URL(`http://x/konto/bestaetigen/${token}`))).toBe('/konto/bestaetigen/[redacted]');
    const logged = redactUrl(new URL(`http://x/anmeldung?token=${token}&email=a%40b.de&quartier=kray`));
    expect(logged).not.toContain(token);
    expect(logged).not.toContain('a%40b.de');
    expect(logged).toContain('quartier=kray');
    expect(redactUrl(new URL('http://x/veranstaltungen/12-wandercafe/2026-03-10'))).toBe('/veranstaltungen/12-wandercafe/2026-03-10');
  });

  it('redacts a request target given as the request line has it, the same on every request', () => {
    const token = 'k3v7q2x9m4n8p5r6t1w0y2z3a4';
    const lines: string[] = [];
    const paths = (): string[] => lines.map((l) => (JSON.parse(l) as { path: string }).path);
    for (const target of [`/konto/einladung?token=${token}`, `/konto/einladung?token=${token}`, '/orte?quartier=kray', '/orte?quartier=kray']) {
      logRequest({ id: 'req-00000003', method: 'GET', url: target, status: 200, durationMs: 1, userId: null }, (l) => lines.push(l));
    }
    logRequest({ id: 'req-00000004', method: 'GET', url: new URL('http://x/orte?quartier=kray'), status: 200, durationMs: 1, userId: null }, (l) =>
      lines.push(l),
    );
    expect(paths()).toEqual(['/konto/einladung?token=%5Bredacted%5D', '/konto/einladung?token=%5Bredacted%5D', ...Array(3).fill('/orte?quartier=kray')]);
    expect(lines.join('\n')).not.toContain(token);
  });

  it('writes one JSON line with level by status and the error message for failures', () => {
    const lines: string[] = [];
    const url = new URL('http://x/kalender.ics?quartier=kray');
    logRequest({ id: 'req-00000001', method: 'GET', url, status: 200, durationMs: 3.14159, userId: null }, (l) => lines.push(l));
    logRequest({ id: 'req-00000002', method: 'POST', url, status: 500, durationMs: 1, userId: 7, error: new Error('disk full') }, (l) => lines.push(l));
    const [ok, failed] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(ok).toMatchObject({ level: 'info', requestId: 'req-00000001', method: 'GET', path: '/kalender.ics?quartier=kray', status: 200, ms: 3.1 });
    expect(ok).not.toHaveProperty('userId');
    expect(failed).toMatchObject({ level: 'error', status: 500, userId: 7, error: 'disk full' });
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
  });

  it('writes the lines of one turn of the event loop to stdout together, each on its own line', async () => {
    const writes: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      for (const id of ['req-10000001', 'req-10000002', 'req-10000003']) {
        logRequest({ id, method: 'GET', url: new URL('http://x/orte'), status: 200, durationMs: 1, userId: null });
      }
      expect(writes).toEqual([]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(writes).toHaveLength(1);
      const lines = writes[0]!.split('\n');
      expect(lines.pop()).toBe('');
      expect(lines.map((l) => (JSON.parse(l) as { requestId: string }).requestId)).toEqual(['req-10000001', 'req-10000002', 'req-10000003']);
    } finally {
      spy.mockRestore();
    }
  });
});
