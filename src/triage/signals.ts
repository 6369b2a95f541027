// Conversation signals for routing conditions: did the customer ask for a person, and how
// frustrated do they sound. Shaped for CEL: `user.frustration_detected && user.frustration_score > 0.7`.
import { detectFrustration } from './frustration.ts';
import { detectHumanRequest } from './human-request.ts';

export { detectFrustration, frustrationThreshold, type Frustration } from './frustration.ts';
export { detectHumanRequest, type HumanRequest } from './human-request.ts';

export interface SignalVariables {
  user: {
    requests_human: boolean;
    frustration_detected: boolean;
    frustration_score: number;
    frustration_cues: string[];
  };
}

// history holds the customer's earlier messages in this conversation, oldest first.
export function signalVariables(text: string, history: readonly string[] = []): SignalVariables {
  const frustration = detectFrustration(text, history);
  return {
    user: {
      requests_human: detectHumanRequest(text).requested,
      frustration_detected: frustration.detected,
      frustration_score: frustration.score,
      frustration_cues: frustration.cues,
    },
  };
}
