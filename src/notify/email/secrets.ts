// Fills `${NAME}` placeholders in secret settings from the environment, so an SMTP password need
// not be written into a configuration file that is checked in.
import { SwitchboardError } from '../../domain/errors.ts';

const placeholder = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** `setting` is the configuration key (`email.smtp.password`), so a missing variable says where it was asked for. */
export function fillFromEnv(value: string, setting: string, env: NodeJS.ProcessEnv): string {
  return value.replace(placeholder, (_match, name: string) => env[name] ?? missingVariable(name, setting));
}

function missingVariable(name: string, setting: string): never {
  throw new SwitchboardError(
    'invalid_config',
    `The environment variable ${name} is not set, but ${setting} refers to it as \${${name}}; set it, or write the value into the configuration.`,
    { variable: name, setting },
  );
}
