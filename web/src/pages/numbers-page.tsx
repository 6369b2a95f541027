// Numbers: automation, approvals, time to decision, SLA breaches, handoffs and LLM cost, as charts.
import { ComingSoon } from '../ui/coming-soon.tsx';

export function NumbersPage() {
  return <ComingSoon title="Numbers" what="auto-resolution, approval and rejection rates, time to decision, SLA breaches, handoffs and LLM cost per day and category." />;
}
