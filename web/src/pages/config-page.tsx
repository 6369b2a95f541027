// Configuration: rules, triggers, tools with their risk tiers, approval policies, channels.
import { ComingSoon } from '../ui/coming-soon.tsx';

export function ConfigPage() {
  return <ComingSoon title="Configuration" what="rules, triggers, tools with their risk tiers, approval policies and channels." />;
}
