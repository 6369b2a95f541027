// The one entry the CLI and the API share: validate the range, build the changed configuration's
// pieces against the deployment's tools, and replay the project's tickets in shadow mode.
import type { LoadedConfig } from '../config/load-config.ts';
import type { Db } from '../store/connect.ts';
import type { ToolRegistry } from '../tools/tool-registry.ts';
import { replayTickets, type ReplayReport } from './replay.ts';
import { replayRange } from './replay-range.ts';
import { shadowPieces } from './shadow-pieces.ts';

export interface ReplayApp {
  db: Db;
  tools: ToolRegistry;
  cacheDir: string | undefined;
}

export interface ReplayInput {
  projectId: string;
  from: string;
  to: string;
  /** The changed configuration, loaded and validated like switchboard.yaml. */
  config: LoadedConfig;
  liveModel?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export async function runReplay(app: ReplayApp, input: ReplayInput): Promise<ReplayReport> {
  const range = replayRange(input.from, input.to);
  const pieces = shadowPieces(input.config, { tools: app.tools, cacheDir: app.cacheDir, liveModel: input.liveModel ?? false });
  return replayTickets(app.db, pieces, { projectId: input.projectId, range, ...(input.onProgress ? { onProgress: input.onProgress } : {}) });
}
