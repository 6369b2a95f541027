// An address the dashboard does not know.
import { Link } from '../router/link.tsx';

export function NotFoundPage() {
  return (
    <section className="page" aria-labelledby="not-found-title">
      <h1 id="not-found-title">No such page</h1>
      <p>
        Go to the <Link to="/inbox">inbox</Link>.
      </p>
    </section>
  );
}
