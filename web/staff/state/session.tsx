/**
 * The signed-in member of staff, shared by context. The session ends on the
 * server after a period without requests; the console keeps the same clock
 * (restarted by every answer from the API) and, when it runs out, or when the
 * API says the session is gone, returns to sign-in and says why.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { Permission } from '../../../worker/staff/roles';
import { onApiEvent } from '../lib/api';
import { consoleMessages } from '../lib/messages';
import { staffApi, type SessionInfo, type SessionUser } from '../lib/staff-api';

export type SessionState =
  | { is: 'loading' }
  | { is: 'signed-out'; message: string | null }
  | { is: 'signed-in'; user: SessionUser; idleTimeoutSeconds: number; expiresAt: number | null; maxExtensionDays: number; acknowledgeDays: number; replyDays: number };

export interface Session {
  state: SessionState;
  /** After sign-in or a password change: ask the server for the whole session. */
  refresh: () => Promise<void>;
  signOut: (message?: string) => Promise<void>;
  can: (permission: Permission) => boolean;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  return useContext(SessionContext)!;
}

/** The signed-in user; only for screens shown after sign-in. */
export function useUser(): SessionUser {
  const s = useSession().state;
  if (s.is !== 'signed-in') throw new Error('useUser outside a session');
  return s.user;
}

function signedIn(info: SessionInfo): SessionState {
  return {
    is: 'signed-in', user: info.user, idleTimeoutSeconds: info.idleTimeoutSeconds, expiresAt: info.expiresAt, maxExtensionDays: info.maxExtensionDays,
    acknowledgeDays: info.acknowledgeDays, replyDays: info.replyDays,
  };
}

export function createSession(state: SessionState, setState: (s: SessionState) => void): Session {
  return {
    state,
    async refresh() {
      const r = await staffApi.session();
      setState(r.ok ? signedIn(r.value) : { is: 'signed-out', message: null });
    },
    async signOut(message: string = consoleMessages.signedOut) {
      await staffApi.signOut();
      setState({ is: 'signed-out', message });
    },
    can: (p) => state.is === 'signed-in' && state.user.permissions.includes(p),
  };
}

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [state, setState] = useState<SessionState>({ is: 'loading' });
  const session = createSession(state, setState);
  const current = useRef(state);
  current.current = state;
  const timer = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => void session.refresh(), []);

  // The idle clock, restarted by every answer; and the end of the session's absolute lifetime.
  useEffect(() => {
    if (state.is !== 'signed-in') return;
    const idleMs = state.idleTimeoutSeconds * 1000;
    const arm = () => {
      clearTimeout(timer.current);
      const left = Math.min(idleMs, state.expiresAt === null ? idleMs : state.expiresAt - Date.now());
      timer.current = setTimeout(() => {
        const message = left < idleMs ? consoleMessages.sessionEnded : consoleMessages.idleSignedOut(Math.round(idleMs / 60_000));
        void createSession(current.current, setState).signOut(message);
      }, Math.max(0, left));
    };
    arm();
    const off = onApiEvent((event, path) => {
      if (event === 'answered') arm();
      else if (event === 'unauthenticated' && current.current.is === 'signed-in' && !path.endsWith('/session')) {
        setState({ is: 'signed-out', message: consoleMessages.sessionEnded });
      } else if (event === 'password_change_required') void createSession(current.current, setState).refresh();
    });
    return () => {
      off();
      clearTimeout(timer.current);
    };
  }, [state.is === 'signed-in' ? state.user.id : null, state.is === 'signed-in' ? state.idleTimeoutSeconds : null]);

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
