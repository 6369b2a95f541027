// The vocabulary of tools: risk tiers and the states of a journalled tool call.

export const riskTiers = ['read', 'write', 'money', 'destructive'] as const;
export type RiskTier = (typeof riskTiers)[number];

export const toolCallStatuses = ['intent', 'succeeded', 'failed'] as const;
export type ToolCallStatus = (typeof toolCallStatuses)[number];
