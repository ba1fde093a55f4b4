// The auth module. Today the only sign-in method is a pasted bearer token; an OIDC method would
// obtain the same kind of token (authorization code + PKCE) and hand it to `storeToken` — the
// rest of the app only ever asks for `currentSession()` and reacts to `signOut(reason)`.

export type SignInMethod = 'token' | 'oidc';

export interface Session {
  token: string;
  method: SignInMethod;
  subject: string | null;
  name: string | null;
  roles: string[];
  /** Expiry in epoch milliseconds, null when the token has none. */
  expiresAt: number | null;
}

export interface JwtClaims {
  sub?: string;
  name?: string;
  email?: string;
  exp?: number;
  role?: string | string[];
  [claim: string]: unknown;
}

const storageKey = 'rephlo.admin.token';

function base64UrlDecode(part: string): string {
  const padded = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The claims of a JWT (not verified: the API verifies; this only reads name, roles and expiry). */
export function decodeJwt(token: string): JwtClaims | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) return null;
  try {
    const claims = JSON.parse(base64UrlDecode(parts[1])) as unknown;
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as JwtClaims) : null;
  } catch {
    return null;
  }
}

export type SessionResult = { ok: true; session: Session } | { ok: false; message: string };

/** Checks what can be checked before asking the API: shape, expiry and the admin role. */
export function sessionFromToken(raw: string, now: number, method: SignInMethod = 'token'): SessionResult {
  const token = raw.trim().replace(/^Bearer\s+/i, '');
  if (token.length === 0) return { ok: false, message: 'Paste an access token to sign in.' };
  const claims = decodeJwt(token);
  if (!claims) return { ok: false, message: 'This is not a JWT access token (three base64url parts separated by dots).' };
  const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  if (expiresAt !== null && expiresAt <= now) {
    return { ok: false, message: `This token expired on ${new Date(expiresAt).toISOString()}. Sign in with a fresh one.` };
  }
  const roles = Array.isArray(claims.role) ? claims.role.map(String) : claims.role ? [String(claims.role)] : [];
  return {
    ok: true,
    session: {
      token,
      method,
      subject: claims.sub ?? null,
      name: claims.name ?? claims.email ?? null,
      roles,
      expiresAt,
    },
  };
}

export function isAdmin(session: Session): boolean {
  return session.roles.includes('admin');
}

export function loadToken(storage: Pick<Storage, 'getItem'> = sessionStorage): string | null {
  return storage.getItem(storageKey);
}

export function storeToken(token: string, storage: Pick<Storage, 'setItem'> = sessionStorage): void {
  storage.setItem(storageKey, token);
}

export function clearToken(storage: Pick<Storage, 'removeItem'> = sessionStorage): void {
  storage.removeItem(storageKey);
}
