// Version-pinned resume: which workflow and policies a run continues on. A run records the version
// it started on; a process whose own version differs (a deploy changed a flow, a policy or a tier)
// rebuilds the data-defined parts of the run's version from the stored record, so an approval that
// is already waiting is decided under the rules it paused with. Code cannot be rebuilt from data: a
// code workflow whose code changed fails for a person, or continues on the current code if allowed.
import type { QueryCreator } from 'kysely';
import { canonicalJson } from '../domain/canonical-json.ts';
import { isoAt, type Clock } from '../domain/clock.ts';
import { SwitchboardError } from '../domain/errors.ts';
import { PolicyBook, type ToolPolicyOverride } from '../policy/approval-policy.ts';
import type { Db } from '../store/connect.ts';
import type { Database } from '../store/schema.ts';
import type { Write } from '../store/write-batch.ts';
import type { Tool } from '../tools/tool.ts';
import { ToolRegistry } from '../tools/tool-registry.ts';
import { codeHashOf, definitionVersion, parseDefinitionRecord, policyPartOf, toolTiersOf, type DefinitionRecord, type DefinitionVersion, type ToolTier } from './definition-version.ts';
import type { NodeOutcome, Workflow, WorkflowState } from './graph.ts';
import type { Run } from './run.ts';
import type { WorkflowRegistry } from './workflow-registry.ts';

/** What a run whose code workflow changed does: fail for a person (default), or go on with the current code. */
export type OnCodeChange = 'fail' | 'use_current';

export interface PinnedDefinitionsOptions {
  db: Db;
  clock: Clock;
  workflows: WorkflowRegistry;
  tools: ToolRegistry;
  /** This process's policies, built from `policyConfig`. */
  policies: PolicyBook;
  policyConfig: Readonly<Record<string, ToolPolicyOverride>>;
  /** The document of each workflow that comes from a config flow, by workflow name. */
  flows: ReadonlyMap<string, string>;
  /** Compiles a stored flow document into a workflow, as at start; `source` names it in errors. */
  rebuildFlow(name: string, text: string, source: string): Workflow;
  onCodeChange: OnCodeChange;
}

/** Said in the trace of every step a run takes on a version that is not this process's current one. */
export interface VersionNote {
  run_version: string;
  current_version: string | null;
  /** `pinned`: the run's own version; `current_code`: its code is gone and the current code ran. */
  continued_on: 'pinned' | 'current_code';
}

export interface RunDefinitions {
  workflow: Workflow;
  policies: PolicyBook;
  note: VersionNote | null;
  /** Set when the run cannot continue on its version: the step fails with it, for a person. */
  unavailable: SwitchboardError | null;
}

/** Rebuilt versions kept per process; a deploy leaves few versions with runs still waiting. */
const cacheSize = 32;

export class PinnedDefinitions {
  readonly #o: PinnedDefinitionsOptions;
  readonly #current = new Map<string, DefinitionVersion>();
  readonly #rebuilt = new Map<string, RunDefinitions>();
  /** Versions known to be stored: one is, once a committed run names it (createRun stores it alongside). */
  readonly #stored = new Set<string>();

  constructor(options: PinnedDefinitionsOptions) {
    this.#o = options;
  }

  /** Computes every registered workflow's version now, at start, rather than in the first run's step. */
  computeCurrent(): void {
    for (const workflow of this.#o.workflows.list()) this.current(workflow.name);
  }

  /** This process's version of a workflow; computed once per workflow. */
  current(workflow: string): DefinitionVersion {
    let version = this.#current.get(workflow);
    if (!version) {
      version = definitionVersion(this.#recordOf(this.#o.workflows.get(workflow)));
      this.#current.set(workflow, version);
    }
    return version;
  }

  /**
   * The version a new run records, and its insert (if absent) to write with the run, until one is
   * known stored.
   */
  recordFor(db: QueryCreator<Database>, projectId: string, workflow: string): { hash: string; insert: Write | null } {
    const { hash, record } = this.current(workflow);
    if (this.#stored.has(hash)) return { hash, insert: null };
    const insert = db
      .insertInto('definition_versions')
      .values({ hash, project_id: projectId, workflow, created_at: isoAt(this.#o.clock), definition: canonicalJson(record) })
      .onConflict((oc) => oc.column('hash').doNothing());
    return { hash, insert };
  }

  /** The workflow and policies a run continues on. */
  async forRun(run: Run): Promise<RunDefinitions> {
    const pinned = run.definitionVersion;
    if (pinned !== null) this.#stored.add(pinned);
    const current = this.#o.workflows.has(run.workflow) ? this.current(run.workflow).hash : null;
    if (pinned === null || pinned === current) return { workflow: this.#o.workflows.get(run.workflow), policies: this.#o.policies, note: null, unavailable: null };
    const cached = this.#rebuilt.get(pinned);
    if (cached) return cached;
    const rebuilt = await this.#rebuild(run.workflow, pinned, current);
    if (rebuilt.unavailable === null) this.#remember(pinned, rebuilt);
    return rebuilt;
  }

  #recordOf(workflow: Workflow): DefinitionRecord {
    const flow = this.#o.flows.get(workflow.name) ?? null;
    return { workflow: workflow.name, flow, code: flow ? null : codeHashOf(workflow), tools: toolTiersOf(this.#o.tools.list()), policies: policyPartOf(this.#o.policyConfig) };
  }

  async #rebuild(name: string, pinned: string, current: string | null): Promise<RunDefinitions> {
    const record = await this.#load(pinned);
    const policies = record ? new PolicyBook(toolsWithTiers(this.#o.tools, record.tools), record.policies) : this.#o.policies;
    const note = (continuedOn: VersionNote['continued_on']): VersionNote => ({ run_version: pinned, current_version: current, continued_on: continuedOn });
    if (record?.flow) return this.#pinnedFlow(name, record.flow, policies, note('pinned'));
    const sameCode = record !== null && current !== null && record.code === this.current(name).record.code;
    if (sameCode) return { workflow: this.#o.workflows.get(name), policies, note: note('pinned'), unavailable: null };
    const workflow = this.#o.workflows.get(name);
    if (this.#o.onCodeChange === 'use_current') return { workflow, policies, note: note('current_code'), unavailable: null };
    return { workflow, policies, note: note('pinned'), unavailable: codeChanged(name, pinned, current, record !== null) };
  }

  /** A document valid when it was stored can still fail today's flow compiler (a code change). */
  #pinnedFlow(name: string, text: string, policies: PolicyBook, note: VersionNote): RunDefinitions {
    try {
      return { workflow: this.#o.rebuildFlow(name, text, `flow "${name}" version ${note.run_version}`), policies, note, unavailable: null };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { workflow: this.#o.workflows.get(name), policies, note, unavailable: new SwitchboardError('version_unavailable', `This run started on version ${note.run_version} of flow "${name}", which no longer compiles (${reason}); a person takes it from here.`, { workflow: name, run_version: note.run_version, current_version: note.current_version }) };
    }
  }

  async #load(hash: string): Promise<DefinitionRecord | null> {
    const row = await this.#o.db.kysely.selectFrom('definition_versions').select('definition').where('hash', '=', hash).executeTakeFirst();
    const record = row ? parseDefinitionRecord(row.definition) : null;
    // A record that does not hash to its key is not that version.
    return record && definitionVersion(record).hash === hash ? record : null;
  }

  #remember(hash: string, definitions: RunDefinitions): void {
    if (this.#rebuilt.size >= cacheSize) this.#rebuilt.delete(this.#rebuilt.keys().next().value ?? hash);
    this.#rebuilt.set(hash, definitions);
  }
}

/** A step taken on a version that is not this process's current one says so in its trace payload. */
export function withVersionNote(outcome: NodeOutcome<WorkflowState>, note: VersionNote | null): NodeOutcome<WorkflowState> {
  if (!note) return outcome;
  return { ...outcome, record: { ...outcome.record, payload: { ...outcome.record.payload, definition_version: note } } };
}

/** The run's tiers and fixed rules over today's tools (a conditional rule is code and stays current). */
function toolsWithTiers(tools: ToolRegistry, tiers: readonly ToolTier[]): ToolRegistry {
  const byName = new Map(tiers.map((tier) => [tier.name, tier]));
  return new ToolRegistry(tools.list().map((tool) => withTier(tool, byName.get(tool.name))));
}

function withTier(tool: Tool, tier: ToolTier | undefined): Tool {
  if (!tier || (tier.risk === tool.risk && tier.approval === tool.approvalRule)) return tool;
  const rule = tier.approval === 'conditional' ? null : tier.approval;
  return Object.freeze({ ...tool, risk: tier.risk, approvalRule: rule ?? tool.approvalRule, needsApproval: (args: Record<string, unknown>) => (rule ? rule === 'always' : tool.needsApproval(args)) });
}

function codeChanged(workflow: string, pinned: string, current: string | null, stored: boolean): SwitchboardError {
  const why = stored ? `its code changed since (this process runs version ${current ?? 'none'})` : 'that version is not stored';
  return new SwitchboardError(
    'version_unavailable',
    `This run started on version ${pinned} of workflow "${workflow}", and ${why}: code cannot be pinned, so a person takes it from here. To continue such runs on the current code, set versions.on_code_change: use_current.`,
    { workflow, run_version: pinned, current_version: current },
  );
}
