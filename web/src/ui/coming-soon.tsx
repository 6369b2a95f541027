// The place of a page that is still being built, so the navigation and the routes are already whole.
export function ComingSoon({ title, what }: { title: string; what: string }) {
  return (
    <section className="page" aria-labelledby="coming-title">
      <header className="page-header">
        <h1 id="coming-title">{title}</h1>
      </header>
      <p className="empty">Coming soon: {what}</p>
    </section>
  );
}
