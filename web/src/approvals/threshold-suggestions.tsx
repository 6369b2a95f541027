// The auto-approve thresholds the history supports, each in a sentence with the policy it would take;
// a tool with too little data, or none at the target, says so instead.
import type { ThresholdSuggestion } from '../api/types.ts';

export function ThresholdSuggestions({ thresholds }: { thresholds: readonly ThresholdSuggestion[] }) {
  if (thresholds.length === 0) return <p className="empty">No approvals of calls with an amount in this range, so no threshold to suggest.</p>;
  return (
    <ul className="threshold-list">
      {thresholds.map((threshold) => (
        <li key={`${threshold.tool}\n${threshold.currency}`} className={`panel threshold threshold-${threshold.status}`}>
          <p className="threshold-sentence">{threshold.sentence}</p>
          {threshold.policy_yaml === null ? null : (
            <>
              <p className="muted">To auto-approve these calls, set this in switchboard.yaml:</p>
              <pre className="threshold-policy">
                <code>{threshold.policy_yaml}</code>
              </pre>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
