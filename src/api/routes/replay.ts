// What-if replay over HTTP: a changed configuration (YAML text, validated like switchboard.yaml) is
// replayed over the project's recorded tickets in shadow mode; the answer is the report.
import { createRoute, z } from '@hono/zod-openapi';
import type { Switchboard } from '../../app/switchboard.ts';
import { parseConfig } from '../../config/load-config.ts';
import { assertSameFiles } from '../../replay/changed-files.ts';
import { maxReplayTickets } from '../../replay/replay.ts';
import { runReplay } from '../../replay/run-replay.ts';
import { replayDimensions } from '../../replay/ticket-decisions.ts';
import type { SwitchboardApp } from '../auth/app-env.ts';
import { requires } from '../auth/requires.ts';
import { errorResponses, jsonContent, ProjectParam } from '../schemas.ts';

/** How a changed configuration is named in its problems: `replay.yaml:12:5 tools.issue_refund: …`. */
const replaySource = 'replay.yaml';

const ReplayBody = z
  .object({
    from: z.string().min(1).max(40).openapi({ description: 'First day (UTC) or ISO instant, included.', example: '2026-10-01' }),
    to: z.string().min(1).max(40).openapi({ description: 'Day or instant, excluded.', example: '2026-11-01' }),
    config: z.string().min(1).max(512 * 1024).openapi({ description: 'The changed switchboard.yaml as text; relative paths resolve beside the running configuration.' }),
  })
  .strict()
  .openapi('ReplayRequest');

const DifferenceSchema = z.object({ dimension: z.enum(replayDimensions), recorded: z.string(), replayed: z.string() });

const ReplayReportSchema = z
  .object({
    project: z.string(),
    from: z.string(),
    to: z.string(),
    tickets: z.number().int(),
    replayed: z.number().int(),
    differing: z.number().int(),
    totals: z.object({ route: z.number().int(), category: z.number().int(), gate: z.number().int(), auto_resolution: z.number().int(), escalation: z.number().int(), model_needed: z.number().int() }),
    rows: z.array(z.object({ ticket_id: z.string(), number: z.string(), created_at: z.string(), model_needed: z.boolean(), differences: z.array(DifferenceSchema) })),
    skipped: z.array(z.object({ ticket_id: z.string(), number: z.string(), reason: z.string() })),
  })
  .openapi('ReplayReport', { description: 'Per ticket that differs (or needed a model answer that was not recorded), recorded → replayed for each decision that differs; totals per decision.' });

const replayRoute = createRoute({
  middleware: [requires('replay.run')] as const,
  method: 'post',
  path: '/api/projects/{projectId}/replay',
  tags: ['replay'],
  summary: 'What-if replay: the recorded tickets of a range against a changed configuration, in shadow mode',
  description: `No tool runs, no message is sent, nothing is written. At most ${maxReplayTickets} tickets at a time: a larger range is a 400 invalid_request; a configuration with problems, or one naming classifier files other than the running configuration’s, is a 400 invalid_config naming the path.`,
  request: { params: ProjectParam, body: { content: { 'application/json': { schema: ReplayBody } }, required: true } },
  responses: { 200: jsonContent(ReplayReportSchema, 'The replay report'), ...errorResponses },
});

export function replayRoutes(app: SwitchboardApp, sb: Switchboard): void {
  app.openapi(replayRoute, async (c) => {
    const { projectId } = c.req.valid('param');
    const { from, to, config } = c.req.valid('json');
    const changed = parseConfig(config, { source: replaySource, baseDir: sb.config.baseDir });
    assertSameFiles(sb.config, changed);
    return c.json(await runReplay(sb, { projectId, from, to, config: changed }), 200);
  });
}
