// An MCP server describes its tools with hints; Switchboard turns them into a risk tier, trusting a
// hint only when it makes a tool stricter, never laxer, than MCP's own defaults.
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { RiskTier } from '../../domain/tool.ts';

/** Read-only tools are `read`; MCP assumes any other tool destructive unless it says `destructiveHint: false`. */
export function riskFromAnnotations(annotations: ToolAnnotations | undefined): RiskTier {
  if (annotations?.readOnlyHint === true) return 'read';
  if (annotations?.destructiveHint === false) return 'write';
  return 'destructive';
}

const rank: Readonly<Record<RiskTier, number>> = { read: 0, write: 1, money: 2, destructive: 2 };

/** Whether a configured tier gates at least as much as `floor` (money and destructive are equally gated). */
export function isAtLeastAsStrict(configured: RiskTier, floor: RiskTier): boolean {
  return rank[configured] >= rank[floor];
}
