// The classifier's threshold: where it stands on the coverage / precision curve measured out of fold
// when the model was trained, and how to choose another with `switchboard classifier calibrate`.
import type { ReactNode } from 'react';
import type { ClassifierCalibration, ConfigView } from '../api/types.ts';
import { errorMessage } from '../api/api-error.ts';
import { projectApi } from '../api/project.ts';
import { useGet } from '../api/use-get.ts';
import { Figure } from '../numbers/chart-figure.tsx';
import { formatCount, formatRate } from '../numbers/format-figures.ts';
import '../numbers/numbers.css';
import { calibrationChart, formatThreshold } from './calibration-chart.ts';
import { ConfigSection, type SectionLink } from './config-section.tsx';
import { CurveChart } from './curve-chart.tsx';

export function ClassifierSection({ section }: { section: SectionLink; config: ConfigView }) {
  const calibration = useGet<ClassifierCalibration>(`${projectApi}/classifier/calibration`);
  return (
    <ConfigSection section={section} yamlKey="classifier.target_precision, classifier.threshold">
      <p>
        The classifier answers a message by itself only when its confidence reaches the threshold; below it, the message goes to the model when one is configured, otherwise
        the bot asks the customer what it is about.
      </p>
      {calibration.error ? <p className="muted">{errorMessage(calibration.error)}</p> : null}
      {calibration.data ? <Calibration calibration={calibration.data} /> : null}
    </ConfigSection>
  );
}

function Calibration({ calibration }: { calibration: ClassifierCalibration }) {
  const spec = calibrationChart(calibration);
  const source = calibration.thresholdSource === 'configuration' ? 'set by classifier.threshold' : `chosen by cross-validation for ${formatRate(calibration.targetPrecision)} precision`;
  const pairs: [string, ReactNode][] = [
    ['Threshold in force', `${formatThreshold(calibration.threshold)}, ${source}`],
    ['At the threshold, out of fold', spec.marked ? `${formatRate(spec.marked.coverage)} of messages answered, ${formatRate(spec.marked.precision)} of them right` : 'no message answered'],
    ['Measured on', `${formatCount(calibration.examples)} labelled examples, ${calibration.folds}-fold cross-validation`],
    ['Choose another', <code>switchboard classifier calibrate --target-precision {calibration.targetPrecision}</code>],
  ];
  return (
    <>
      <dl className="pairs">
        {pairs.map(([name, value]) => (
          <div key={name} className="pair">
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <Figure parts={spec} wide>
        <CurveChart spec={spec} />
      </Figure>
    </>
  );
}
