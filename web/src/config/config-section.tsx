// One section of the configuration page: an anchor for the table of contents, a heading, and an
// optional line on where the setting lives in switchboard.yaml.
import type { ReactNode } from 'react';

export interface SectionLink {
  id: string;
  title: string;
}

export function ConfigSection({ section, yamlKey, children }: { section: SectionLink; yamlKey?: string; children: ReactNode }) {
  return (
    <section id={section.id} className="panel config-section" aria-labelledby={`${section.id}-title`}>
      <h2 id={`${section.id}-title`}>{section.title}</h2>
      {yamlKey ? (
        <p className="muted config-source">
          In switchboard.yaml: <code>{yamlKey}</code>
        </p>
      ) : null}
      {children}
    </section>
  );
}

export function TableOfContents({ sections }: { sections: readonly SectionLink[] }) {
  return (
    <nav className="config-contents" aria-label="On this page">
      <h2>On this page</h2>
      <ol>
        {sections.map((section) => (
          <li key={section.id}>
            <a href={`#${section.id}`}>{section.title}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** A list of short items, or "None" — configuration lists are often empty. */
export function Items({ items, none = 'None' }: { items: readonly string[]; none?: string }) {
  if (items.length === 0) return <span className="muted">{none}</span>;
  return <>{items.join(', ')}</>;
}
