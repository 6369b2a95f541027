// Shown while the server does not answer. The page under it stays as it is, forms included.
import { useConnectionState } from '../services.tsx';

export function ConnectionBanner() {
  const { reachable } = useConnectionState();
  return (
    <div className="banner-region" role="alert">
      {reachable ? null : <p className="banner">Cannot reach the server — retrying. Nothing you typed is lost.</p>}
    </div>
  );
}
