// What an Approve / Reject button carries in its custom_id: the action and the task it acts on, at
// the version the message showed. Discord hands the custom_id back, signed, when the button is pressed.
import { SwitchboardError } from '../../domain/errors.ts';

export const buttonActions = ['approve', 'reject'] as const;
export type ButtonAction = (typeof buttonActions)[number];

export interface DecisionButton {
  action: ButtonAction;
  projectId: string;
  taskId: string;
  taskVersion: number;
}

/** Discord refuses a longer custom_id. */
export const maxCustomIdLength = 100;
const prefix = 'sb';
// The project id goes last: it is the only part that may contain the separator.
const pattern = /^sb:(approve|reject):(\d{1,9}):([^:]+):(.+)$/;

export function encodeDecisionButton(button: DecisionButton): string {
  const id = [prefix, button.action, button.taskVersion, button.taskId, button.projectId].join(':');
  if (id.length > maxCustomIdLength) {
    throw new SwitchboardError('invalid_request', `A Discord button for task ${button.taskId} would need a custom_id of ${id.length} characters (at most ${maxCustomIdLength}); use a shorter project id.`, { projectId: button.projectId });
  }
  return id;
}

/** The button's meaning, or null for a custom_id Switchboard did not write. */
export function decodeDecisionButton(customId: string): DecisionButton | null {
  const match = pattern.exec(customId);
  if (!match || customId.length > maxCustomIdLength) return null;
  const [, action, version, taskId, projectId] = match;
  if (!action || !version || !taskId || !projectId) return null;
  return { action: action as ButtonAction, taskVersion: Number(version), taskId, projectId };
}
