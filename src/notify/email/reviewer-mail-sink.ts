// Tells the configured reviewers of each new task by mail. A reviewer who is a Switchboard user
// allowed to decide gets their own Approve / Reject links, bound to them; anyone else gets the
// task without actions. Each reviewer's mail keeps one Message-ID across redeliveries.
import type { NotificationsConfig } from '../../config/notify-config.ts';
import { findUserByEmail } from '../../auth/users.ts';
import { roleAllows } from '../../domain/roles.ts';
import type { OutboxDelivery, OutboxSink } from '../../engine/outbox.ts';
import type { SinkDeps } from '../sinks.ts';
import { mintActionLinks } from '../actions/action-tokens.ts';
import { messageIdFor } from './email-sink.ts';
import { taskMail } from './task-mail.ts';

export function reviewerMailSinks(deps: SinkDeps): OutboxSink[] {
  const settings = deps.config.file.notifications;
  if (!settings.email) return [];
  const recipients = settings.email.to;
  return [
    {
      name: 'email-reviewers',
      topics: ['task.created'],
      deliver: async (delivery: OutboxDelivery) => {
        const taskId = String(delivery.payload['taskId']);
        const notice = await deps.notice(delivery.projectId, taskId);
        for (const to of recipients) {
          const links = notice.decidable ? await linksFor(deps, settings, delivery.projectId, taskId, notice.taskVersion, to) : null;
          await deps.mailer.send({ ...taskMail(notice, to, links), messageId: messageIdFor(`${delivery.dedupeKey}:${to}`) });
        }
      },
    },
  ];
}

async function linksFor(deps: SinkDeps, settings: NotificationsConfig, projectId: string, taskId: string, taskVersion: number, email: string) {
  const user = await findUserByEmail(deps.identity, email);
  const role = user && !user.disabled && Object.hasOwn(user.roles, projectId) ? user.roles[projectId] : undefined;
  if (!user || !role || !roleAllows(role, 'tasks.decide')) return null;
  return mintActionLinks(deps, { projectId, taskId, userId: user.id, taskVersion, ttlMinutes: settings.link_ttl_minutes, publicUrl: deps.publicUrl });
}
