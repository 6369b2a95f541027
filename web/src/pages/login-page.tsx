// Signing in with an email and a password. The page one was on (or sent back from when a session
// expired) opens again afterwards; the app does that once the session is set.
import { useId, useState, type FormEvent } from 'react';
import { errorMessage, isApiError, ServerUnreachableError } from '../api/api-error.ts';
import type { Me } from '../api/types.ts';
import { useServices } from '../services.tsx';

export function LoginPage({ expired }: { expired: boolean }) {
  const { api, session } = useServices();
  const emailId = useId();
  const passwordId = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      session.signedIn(await api.post<Me>('/auth/login', { email, password }));
    } catch (error) {
      setFailure(loginFailure(error));
      setBusy(false);
    }
  };
  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
        <h1 id="login-title">Sign in to Switchboard</h1>
        {expired ? (
          <p className="notice notice-warn" role="status">
            Your session has expired. Sign in again to go back to where you were.
          </p>
        ) : null}
        <label htmlFor={emailId}>Email</label>
        <input id={emailId} type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        <label htmlFor={passwordId}>Password</label>
        <input id={passwordId} type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        {failure ? (
          <p className="field-error" role="alert">
            {failure}
          </p>
        ) : null}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

function loginFailure(error: unknown): string {
  if (isApiError(error, 'unauthorized')) return 'Wrong email or password.';
  if (error instanceof ServerUnreachableError) return 'Cannot reach the server. Try again in a moment.';
  return errorMessage(error);
}
