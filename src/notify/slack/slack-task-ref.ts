// Which task, at which version, an Approve / Reject button is about: carried in the button's `value`
// and given back by Slack on a click, so a click on a message about an older state is recognised.
import { z } from 'zod';

export interface SlackTaskRef {
  projectId: string;
  taskId: string;
  taskVersion: number;
}

const refJson = z.strictObject({ p: z.string().min(1), t: z.string().min(1), v: z.number().int().nonnegative() });

export const slackTaskRef = Object.freeze({
  encode(ref: SlackTaskRef): string {
    return JSON.stringify({ p: ref.projectId, t: ref.taskId, v: ref.taskVersion });
  },

  /** Null for a value Switchboard did not write. */
  decode(value: string): SlackTaskRef | null {
    const parsed = refJson.safeParse(parseJson(value));
    return parsed.success ? { projectId: parsed.data.p, taskId: parsed.data.t, taskVersion: parsed.data.v } : null;
  },
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
