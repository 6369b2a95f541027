// A configuration sent over HTTP for a replay may change rules, policies and triggers, but not the
// files it names: the server would read whatever path it was given (as training examples or a model).
import type { LoadedConfig } from '../config/load-config.ts';
import { SwitchboardError } from '../domain/errors.ts';

const fileSettings = ['examples', 'model'] as const;

export function assertSameFiles(running: LoadedConfig, changed: LoadedConfig): void {
  for (const setting of fileSettings) {
    const value = changed.file.classifier[setting];
    if (value === undefined || value === running.file.classifier[setting]) continue;
    throw new SwitchboardError('invalid_config', `${changed.source} classifier.${setting}: a replay over HTTP reads only the files the running configuration names (${running.file.classifier[setting] ?? 'none'}); replay other files with \`switchboard replay\` on the server.`, { path: `classifier.${setting}` });
  }
}
