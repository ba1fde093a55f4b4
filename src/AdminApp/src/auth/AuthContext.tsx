import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider } from 'urql';
import { createClients, type Clients } from '../graphql/client';
import { clearToken, loadToken, sessionFromToken, storeToken, type Session } from './session';

/** Asks the API whether the token is valid and has the admin role (an admin-only query). */
async function checkWithApi(token: string): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query SignInCheck { tierHistory(first: 1) { totalCount } }' }),
    });
  } catch {
    return 'The API cannot be reached. Try again in a moment.';
  }
  if (response.status === 401) return 'The API refused this token (bad signature, issuer or audience, or expired).';
  const body = (await response.json().catch(() => null)) as { errors?: { extensions?: { code?: string } }[] } | null;
  if (response.status === 403 || body?.errors?.some((e) => e.extensions?.code === 'AUTH_NOT_AUTHORIZED')) {
    return 'This token has no admin role. The admin app is for administrators only: sign in with an admin token.';
  }
  if (!response.ok || !body) return `The API answered ${response.status}; try again in a moment.`;
  return null;
}

interface AuthState {
  session: Session | null;
  clients: Clients | null;
  /** Why the user is on the sign-in screen (expired, refused, not an admin …). */
  notice: { tone: 'error' | 'info'; text: string } | null;
  signingIn: boolean;
  signIn(token: string, restoring?: boolean): Promise<void>;
  signOut(reason?: string): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [clients, setClients] = useState<Clients | null>(null);
  const [notice, setNotice] = useState<AuthState['notice']>(null);
  const [signingIn, setSigningIn] = useState(false);

  const signOut = useCallback((reason?: string) => {
    clearToken();
    setSession(null);
    setClients((current) => {
      current?.dispose();
      return null;
    });
    setNotice(reason ? { tone: 'error', text: reason } : { tone: 'info', text: 'You are signed out.' });
  }, []);

  const signIn = useCallback(
    async (raw: string, restoring = false) => {
      const checked = sessionFromToken(raw, Date.now());
      if (!checked.ok) {
        setNotice({ tone: 'error', text: checked.message });
        return;
      }
      // The API is the judge of the role (an OIDC provider may carry roles in another claim).
      setSigningIn(true);
      // A token restored from this tab was checked when it signed in: a 401 now signs out anyway.
      const problem = restoring ? null : await checkWithApi(checked.session.token);
      setSigningIn(false);
      if (problem) {
        clearToken();
        setNotice({ tone: 'error', text: problem });
        return;
      }
      const created = createClients({
        token: checked.session.token,
        onUnauthenticated: () => signOut('Your session is no longer valid: the API refused the token (bad or expired). Sign in again.'),
      });
      storeToken(checked.session.token);
      setNotice(null);
      setSession(checked.session);
      setClients(created);
    },
    [signOut],
  );

  // A token kept in this tab's sessionStorage signs in again after a reload.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current) return;
    restored.current = true;
    const stored = loadToken();
    if (stored) void signIn(stored, true);
  }, [signIn]);

  // Sign out when the token expires.
  useEffect(() => {
    if (!session?.expiresAt) return undefined;
    const ms = session.expiresAt - Date.now();
    const timer = setTimeout(() => signOut('Your session expired. Sign in again with a fresh token.'), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [session, signOut]);

  const value = useMemo(() => ({ session, clients, notice, signingIn, signIn, signOut }), [session, clients, notice, signingIn, signIn, signOut]);
  return (
    <AuthContext.Provider value={value}>
      {clients ? <UrqlProvider value={clients.client}>{children}</UrqlProvider> : children}
    </AuthContext.Provider>
  );
}
