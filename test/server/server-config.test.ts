import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const server = (env: Record<string, string>) => loadConfig({}, env).server;

describe('server configuration', () => {
  it('trusts no proxy by default, or the hop count or addresses TRUST_PROXY names', () => {
    expect(server({}).trustProxy).toBe(false);
    expect(server({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(server({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(server({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(server({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8,192.168.1.1/255.255.255.0' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.168.1.1/255.255.255.0']);
  });

  it('refuses a TRUST_PROXY it cannot read, with the code and the accepted forms', () => {
    for (const raw of ['nginx', '10.0.0.0/33', '10.0.0.1/', ',']) {
      expect(() => server({ TRUST_PROXY: raw })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining('hop count') }));
    }
  });

  it('keeps 1000 conversations for 90 days unless told otherwise', () => {
    expect(server({})).toMatchObject({ conversationsMaxCount: 1000, conversationsMaxAgeDays: 90 });
    expect(server({ CONVERSATIONS_MAX_COUNT: '50', CONVERSATIONS_MAX_AGE_DAYS: '7' })).toMatchObject({ conversationsMaxCount: 50, conversationsMaxAgeDays: 7 });
    expect(() => server({ CONVERSATIONS_MAX_COUNT: '0' })).toThrow(/CONVERSATIONS_MAX_COUNT/);
  });
});
