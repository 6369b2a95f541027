// Tickets: the list with filters (status, category, priority, assignee, text).
import { ComingSoon } from '../ui/coming-soon.tsx';

export function TicketsPage() {
  return <ComingSoon title="Tickets" what="every ticket with filters by status, category, priority, assignee and text." />;
}
