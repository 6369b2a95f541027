// The playground (seed 004): chat as a customer and watch the workflow graph.
import { ComingSoon } from '../ui/coming-soon.tsx';

export function PlaygroundPage() {
  return <ComingSoon title="Playground" what="start a thread or a scenario, chat as the customer, and watch the workflow graph light up." />;
}
