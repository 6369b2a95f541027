// Secret-bearing settings as the API gives them: which setting, and the environment variables that
// fill it. The value itself never reaches the page.
import type { SecretSetting } from '../api/types.ts';

export function SecretList({ secrets }: { secrets: readonly SecretSetting[] }) {
  if (secrets.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="secret-list">
      {secrets.map((secret) => (
        <li key={secret.setting}>
          <code>{secret.setting}</code>{' '}
          {secret.env.length > 0 ? (
            <>
              from{' '}
              {secret.env.map((name, index) => (
                <span key={name}>
                  {index > 0 ? ', ' : null}
                  <code className="env-name">{name}</code>
                </span>
              ))}
            </>
          ) : (
            <span className="muted">written in the file (hidden)</span>
          )}
        </li>
      ))}
    </ul>
  );
}
