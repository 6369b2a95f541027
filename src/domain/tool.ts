// Tools and their risk tiers; whether a call needs approval is decided here, never by a model.

export const riskTiers = ['read', 'write', 'money', 'destructive'] as const;
export type RiskTier = (typeof riskTiers)[number];

/** Tiers that change the world: journalled before and after, and gated by default. */
export function isEffectful(risk: RiskTier): boolean {
  return risk !== 'read';
}

export const toolCallStatuses = ['intent', 'succeeded', 'failed'] as const;
export type ToolCallStatus = (typeof toolCallStatuses)[number];
