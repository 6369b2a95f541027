// What an Approve / Reject button carries in its callback_data: the action, the task and the version
// the message showed, so a press on a message about an older state of the task is recognised.
// Telegram allows 1 to 64 bytes: `a:<taskId>:<version>` fits with room to spare, and the project id
// follows only when it is not the default project (and the whole still fits).
import { SwitchboardError } from '../../domain/errors.ts';

export const telegramActions = ['approve', 'reject'] as const;
export type TelegramAction = (typeof telegramActions)[number];

export interface TelegramButton {
  action: TelegramAction;
  projectId: string;
  taskId: string;
  taskVersion: number;
}

/** Telegram refuses a longer callback_data (it counts bytes, not characters). */
export const maxCallbackDataBytes = 64;

// The project every Switchboard creates at first start; buttons for it leave the project out.
const defaultProjectId = 'default';
const codes: Record<TelegramAction, string> = { approve: 'a', reject: 'r' };
// The project id goes last: it is the only part that may contain the separator.
const pattern = /^([ar]):([^:]+):(\d{1,9})(?::(.+))?$/;

export function encodeCallbackData(button: TelegramButton): string {
  const parts = [codes[button.action], button.taskId, String(button.taskVersion)];
  if (button.projectId !== defaultProjectId) parts.push(button.projectId);
  const data = parts.join(':');
  const bytes = Buffer.byteLength(data, 'utf8');
  if (bytes > maxCallbackDataBytes) {
    throw new SwitchboardError('invalid_request', `A Telegram button for task ${button.taskId} would need ${bytes} bytes of callback_data (at most ${maxCallbackDataBytes}); use a shorter project id.`, { projectId: button.projectId });
  }
  return data;
}

/** The button's meaning, or null for callback_data Switchboard did not write. */
export function decodeCallbackData(data: string): TelegramButton | null {
  const match = pattern.exec(data);
  if (!match || Buffer.byteLength(data, 'utf8') > maxCallbackDataBytes) return null;
  const [, code, taskId, version, projectId] = match;
  if (!code || !taskId || !version) return null;
  return { action: code === 'a' ? 'approve' : 'reject', taskId, taskVersion: Number(version), projectId: projectId ?? defaultProjectId };
}
