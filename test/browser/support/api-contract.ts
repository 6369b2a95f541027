// The dashboard's API types (web/src/api/types.ts) are written by hand for the browser build, which
// cannot import the server's zod schemas; this file makes the type check fail when the two drift.
import type { z } from '@hono/zod-openapi';
import type { ChatResultSchema, ErrorSchema, HumanTaskSchema, MessageSchema, ResolveResultSchema, RunSchema, StepSchema, TicketDetailSchema, TicketSchema, ToolCallSchema } from '../../../src/api/schemas.ts';
import type { EngineEvent } from '../../../src/engine/events.ts';
import type { ApprovalChain as ServerApprovalChain } from '../../../src/app/approval-chain.ts';
import type { ConfigView as ServerConfigView } from '../../../src/app/config-view.ts';
import type { ProjectStats as ServerProjectStats } from '../../../src/app/stats.ts';
import type { ReplayReport as ServerReplayReport } from '../../../src/replay/replay.ts';
import type { ClassifierCalibrationView as ServerClassifierCalibration } from '../../../src/app/classifier-calibration.ts';
import type { ApprovalAnalytics as ServerApprovalAnalytics } from '../../../src/app/approval-analytics.ts';
import type { ThreadSchema } from '../../../src/api/schemas.ts';
import type { MeSchema } from '../../../src/api/routes/auth.ts';
import type { RunPathView as ServerRunPath, WorkflowSummary as ServerWorkflowSummary } from '../../../src/app/workflow-graphs.ts';
import type { WorkflowGraph as ServerWorkflowGraph } from '../../../src/engine/graph-description.ts';
import type * as Web from '../../../web/src/api/types.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assignable<From, To> = [From] extends [To] ? true : false;

export const sameShapes: [
  Same<Web.ErrorBody, z.infer<typeof ErrorSchema>>,
  Same<Web.HumanTask, z.infer<typeof HumanTaskSchema>>,
  Same<Web.ChatResult, z.infer<typeof ChatResultSchema>>,
  Same<Web.ResolveResult, z.infer<typeof ResolveResultSchema>>,
  Same<Web.Message, z.infer<typeof MessageSchema>>,
  Same<Web.Ticket, z.infer<typeof TicketSchema>>,
  Same<Web.ToolCall, z.infer<typeof ToolCallSchema>>,
  Same<Web.Step, z.infer<typeof StepSchema>>,
  Same<Web.Run, z.infer<typeof RunSchema>>,
  Same<Web.TicketDetail, z.infer<typeof TicketDetailSchema>>,
  Assignable<EngineEvent, Web.LiveEvent>,
  Assignable<ServerApprovalChain, Web.ApprovalChain>,
  Same<Web.Me, z.infer<typeof MeSchema>>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true];

/** The configuration and numbers pages' JSON (GET …/config, GET …/stats). */
export const configAndNumbersShapes: [Same<Web.ConfigView, ServerConfigView>, Same<Web.ProjectStats, ServerProjectStats>] = [true, true];

/** The replay page's JSON (POST …/replay). */
export const replayShapes: [Same<Web.ReplayReport, ServerReplayReport>] = [true];

/** The approvals page's JSON (GET …/approval-analytics). */
export const approvalAnalyticsShapes: [Same<Web.ApprovalAnalytics, ServerApprovalAnalytics>] = [true];

/** The playground's JSON (GET /chat/{threadId}, GET …/workflows, …/workflows/{name}/graph, …/runs/{runId}/path). */
export const playgroundShapes: [Same<Web.Thread, z.infer<typeof ThreadSchema>>, Same<Web.WorkflowSummary, ServerWorkflowSummary>, Same<Web.WorkflowGraph, ServerWorkflowGraph>, Same<Web.RunPath, ServerRunPath>] = [true, true, true, true];

/** The configuration page's classifier curve (GET …/classifier/calibration). */
export const classifierCalibrationShapes: [Same<Web.ClassifierCalibration, ServerClassifierCalibration>] = [true];
