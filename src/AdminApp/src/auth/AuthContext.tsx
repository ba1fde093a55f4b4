import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider } from 'urql';
import { createClients, type Clients } from '../graphql/client';
import { classifyError } from '../lib/errors';
import { graphql } from '../gql';
import { clearToken, isAdmin, loadToken, sessionFromToken, storeToken, type Session } from './session';

const SignInCheck = graphql(`
  query SignInCheck {
    tierHistory(first: 1) {
      totalCount
    }
  }
`);

interface AuthState {
  session: Session | null;
  clients: Clients | null;
  /** Why the user is on the sign-in screen (expired, refused, not an admin …). */
  notice: { tone: 'error' | 'info'; text: string } | null;
  signingIn: boolean;
  signIn(token: string): Promise<void>;
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
    async (raw: string) => {
      const checked = sessionFromToken(raw, Date.now());
      if (!checked.ok) {
        setNotice({ tone: 'error', text: checked.message });
        return;
      }
      if (!isAdmin(checked.session)) {
        setNotice({ tone: 'error', text: 'This token has no admin role. The admin app is for administrators only: sign in with an admin token.' });
        return;
      }
      setSigningIn(true);
      let refused = false;
      const created = createClients({
        token: checked.session.token,
        onUnauthenticated: () => {
          refused = true;
          signOut('Your session is no longer valid: the API refused the token (bad or expired). Sign in again.');
        },
      });
      const result = await created.client.query(SignInCheck, {}, { requestPolicy: 'network-only' }).toPromise();
      setSigningIn(false);
      const kind = classifyError(result.error);
      if (kind === 'unauthenticated' || refused) {
        created.dispose();
        clearToken();
        setNotice({ tone: 'error', text: 'The API refused this token (bad signature, issuer or audience, or expired).' });
        return;
      }
      if (kind === 'forbidden') {
        created.dispose();
        setNotice({ tone: 'error', text: 'This token has no admin role. The admin app is for administrators only: sign in with an admin token.' });
        return;
      }
      if (kind === 'network') {
        created.dispose();
        setNotice({ tone: 'error', text: 'The API cannot be reached. Try again in a moment.' });
        return;
      }
      storeToken(checked.session.token);
      setNotice(null);
      setSession(checked.session);
      setClients(created);
    },
    [signOut],
  );

  // A token kept in this tab's sessionStorage signs in again after a reload.
  useEffect(() => {
    const stored = loadToken();
    if (stored) void signIn(stored);
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
