import { describe, expect, it } from 'vitest';
import { clearToken, decodeJwt, loadToken, sessionFromToken, storeToken } from './session';

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: unknown) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}.c2lnbmF0dXJl`;
const now = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('sessionFromToken', () => {
  it('reads name, roles and expiry of an admin token (a "Bearer " prefix is tolerated)', () => {
    const token = jwt({ sub: 'u1', name: 'Ada Lovelace', role: 'admin', exp: now / 1000 + 3600 });
    const result = sessionFromToken(`Bearer ${token}`, now);
    expect(result).toEqual({ ok: true, session: { token, method: 'token', subject: 'u1', name: 'Ada Lovelace', roles: ['admin'], expiresAt: now + 3600_000 } });
  });

  it('falls back to the email claim for the name and accepts a list of roles', () => {
    const result = sessionFromToken(jwt({ sub: 'u2', email: 'ada@example.com', role: ['viewer', 'admin'] }), now);
    expect(result.ok && result.session.name).toBe('ada@example.com');
    expect(result.ok && result.session.roles).toEqual(['viewer', 'admin']);
    expect(result.ok && result.session.expiresAt).toBeNull();
  });

  it('refuses an expired token with its expiry', () => {
    const result = sessionFromToken(jwt({ sub: 'u1', role: 'admin', exp: now / 1000 - 1 }), now);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/expired on 2026-11-25T11:59:59/);
  });

  it('refuses empty input and text that is not a JWT', () => {
    expect(sessionFromToken('   ', now)).toEqual({ ok: false, message: 'Paste an access token to sign in.' });
    expect(sessionFromToken('abc.def', now).ok).toBe(false);
    expect(sessionFromToken('a.!!!.c', now).ok).toBe(false);
    expect(decodeJwt(`x.${b64url([1, 2])}.y`)).toBeNull();
  });
});

describe('token storage', () => {
  it('keeps the token under one key and clears it', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
    expect(loadToken(storage)).toBeNull();
    storeToken('t1', storage);
    expect(loadToken(storage)).toBe('t1');
    clearToken(storage);
    expect(loadToken(storage)).toBeNull();
  });
});
