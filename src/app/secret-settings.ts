// Secret-bearing settings as the dashboard may show them: that a setting is set and which environment
// variables fill it — never its value, neither as written in the file nor expanded.
const placeholder = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface SecretSetting {
  /** The setting's path under its section, e.g. `signing_secret` or `headers.Authorization`. */
  setting: string;
  /** The `${NAME}` variables it is filled from; empty when the value is written in the file itself. */
  env: string[];
}

/** The settings that are set, in the order given; unset ones are left out. */
export function secretSettings(values: Readonly<Record<string, string | undefined>>): SecretSetting[] {
  return Object.entries(values).flatMap(([setting, value]) => (value === undefined ? [] : [{ setting, env: envNames(value) }]));
}

/** Every value of a record (headers, a child's environment) is treated as a secret. */
export function prefixed(prefix: string, record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [`${prefix}.${key}`, value]));
}

function envNames(value: string): string[] {
  return [...new Set([...value.matchAll(placeholder)].map((match) => match[1] ?? ''))];
}

/** Where a URL points, without credentials, query or fragment (where tokens tend to hide). */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
