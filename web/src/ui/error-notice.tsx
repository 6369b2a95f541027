// A failed load, in words. An unreachable server is the banner's to say, not every page's.
import { errorMessage } from '../api/api-error.ts';

export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="notice notice-error" role="alert">
      {errorMessage(error)}
    </p>
  );
}
