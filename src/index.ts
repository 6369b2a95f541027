// The public TypeScript API for code-first users.
export { createSwitchboard, Switchboard, defaultProjectId, type SwitchboardOptions, type StartOptions } from './app/switchboard.ts';
export { RunHandle, type RunEvent, type RunSnapshot } from './app/run-handle.ts';
export { workflow, WorkflowBuilder } from './engine/workflow-builder.ts';
export { END, type Workflow, type WorkflowNode, type NodeContext, type NodeOutcome, type WaitRequest, type StepRecord } from './engine/graph.ts';
export { defineTool, type Tool, type ToolDefinition, type ApprovalRule, type ToolExecutionContext } from './tools/tool.ts';
export { SwitchboardError, type ErrorCode } from './domain/errors.ts';
export { ManualClock, systemClock, type Clock } from './domain/clock.ts';
export type { StoreTarget } from './store/connect.ts';
export type { OutboxSink, OutboxMessage } from './engine/outbox.ts';
export { loadConfigFile, parseConfig, demoConfigPath, type LoadedConfig } from './config/load-config.ts';
export type { ConfigFile } from './config/config-schema.ts';
export { createModelClient, type ModelClient, type ModelTurn, type ChatMessage, type ToolSpec } from './llm/model-client.ts';
export { resolveModelConfig, type ModelConfig } from './llm/model-config.ts';
export { PolicyBook, type ApprovalDecision } from './policy/approval-policy.ts';
export { compileCondition, type Condition } from './policy/condition.ts';
export type { IntentPredictor, IntentPrediction, TriageDecision } from './triage/triage.ts';
export type { SessionVariables } from './triage/session-variables.ts';
