// The last 7, 30 or 90 days: radio buttons drawn as one segmented control (arrow keys move along it).
import { useId } from 'react';
import { rangeOptions, type RangeDays } from './stats-range.ts';

export function RangePicker({ days, onChange }: { days: RangeDays; onChange: (days: RangeDays) => void }) {
  const id = useId();
  return (
    <fieldset className="range-picker">
      <legend>Range</legend>
      {rangeOptions.map((option) => (
        <span key={option} className="range-option">
          <input type="radio" id={`${id}-${option}`} name={`${id}-range`} value={option} checked={option === days} onChange={() => onChange(option)} />
          <label htmlFor={`${id}-${option}`}>Last {option} days</label>
        </span>
      ))}
    </fieldset>
  );
}
