// Picking the threshold for a target precision: the coverage / precision curve out of fold, the point
// chosen on it, and a target no threshold reaches, on a small labelled set (two folds, fast).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calibrateThreshold, IntentClassifier, trainClassifier, type LabelledExample } from '../../src/triage/classifier/index.ts';
import { shortestThreshold } from '../../src/triage/classifier/calibrate.ts';
import { thinCurve } from '../../src/triage/classifier/thin-curve.ts';
import { bestOperatingPoint, coverageCurve, type OperatingPoint } from '../../src/triage/classifier/threshold.ts';

const intents: Record<string, string[]> = {
  refund: ['I want a refund', 'please refund my order', 'can I get my money back', 'refund me now', 'I was charged twice, refund me', 'how do I get a refund'],
  shipping: ['where is my package', 'when will my order arrive', 'track my parcel', 'my delivery is late', 'has my order shipped yet', 'how long does shipping take'],
  password: ['I forgot my password', 'reset my password please', 'cannot log in to my account', 'how do I change my password', 'my login does not work', 'locked out of my account'],
  // Close to refund and shipping on purpose, so that some out-of-fold answers are wrong.
  billing: ['my order was charged wrong', 'the invoice for my order is wrong', 'I was billed for a refund', 'charge on my card for the package', 'why was my account charged', 'money taken twice for shipping'],
};

const examples: LabelledExample[] = Object.entries(intents).flatMap(([label, texts]) => texts.map((text) => ({ text, label })));
const options = { folds: 2, threads: 1 };

function assertCoverageGrows(points: readonly OperatingPoint[]): void {
  for (let i = 1; i < points.length; i++) {
    const [before, after] = [points[i - 1] as OperatingPoint, points[i] as OperatingPoint];
    assert.ok(after.threshold < before.threshold, `thresholds fall along the curve (${before.threshold} then ${after.threshold})`);
    assert.ok(after.coverage > before.coverage, `coverage grows along the curve (${before.coverage} then ${after.coverage})`);
  }
}

describe('calibrating the classifier threshold', () => {
  const lenient = calibrateThreshold(examples, { ...options, targetPrecision: 0.5 });

  it('builds a curve whose coverage grows as the threshold falls, ending with every answer', () => {
    assert.equal(lenient.examples, examples.length);
    assert.equal(lenient.folds, 2);
    assert.ok(lenient.points.length > 1);
    assertCoverageGrows(lenient.points);
    for (const point of lenient.points) for (const share of [point.threshold, point.coverage, point.precision]) assert.ok(share >= 0 && share <= 1);
    assert.equal(lenient.points.at(-1)?.coverage, 1, 'without an out-of-scope label every message is answered at the lowest threshold');
  });

  it('chooses the point with the most coverage that meets the target, and a threshold that answers the same messages', () => {
    const target = Math.min(...lenient.points.map((p) => p.precision)) + 0.01;
    const calibration = calibrateThreshold(examples, { ...options, targetPrecision: target });
    assert.ok(calibration.threshold !== null && calibration.precision !== null && calibration.coverage !== null);
    assert.ok(calibration.precision >= target, `precision ${calibration.precision} reaches ${target}`);
    const index = calibration.points.findLastIndex((p) => p.threshold >= (calibration.threshold ?? 1));
    const chosen = calibration.points[index] as OperatingPoint;
    assert.equal(chosen.precision, calibration.precision);
    assert.equal(chosen.coverage, calibration.coverage);
    for (const wider of calibration.points.slice(index + 1)) assert.ok(wider.precision < target, 'no point with more coverage reaches the target');
  });

  it('reports an unreachable target instead of a threshold', () => {
    const harsh = [...examples, { text: 'I want a refund', label: 'billing' }, { text: 'where is my package', label: 'billing' }];
    const calibration = calibrateThreshold(harsh, { ...options, targetPrecision: 1 });
    assert.ok(calibration.points.every((p) => p.precision < 1), 'premise: the conflicting labels keep every threshold below 100% precision');
    assert.equal(calibration.threshold, null);
    assert.equal(calibration.coverage, null);
    assert.equal(calibration.precision, null);
    assert.ok(calibration.points.length > 0, 'the curve is still there to show');
  });

  it('saves the curve with the model, with the trained threshold on it, and loads models saved without one', () => {
    const classifier = trainClassifier(examples, { ...options, targetPrecision: 0.5 });
    const curve = classifier.training.curve ?? [];
    assert.ok(curve.some((p) => p.threshold === classifier.threshold));
    const json = classifier.toJSON();
    assert.deepEqual(IntentClassifier.fromJSON(JSON.parse(JSON.stringify(json))).training.curve, curve);
    const { curve: _dropped, ...olderTraining } = json.training;
    assert.equal(IntentClassifier.fromJSON({ ...json, training: olderTraining }).training.curve, undefined);
  });
});

describe('the curve and the threshold, on known predictions', () => {
  // Five answered messages (one wrong), one out-of-scope "unknown".
  const predictions = [
    { probability: 0.99, answers: true, correct: true },
    { probability: 0.9, answers: true, correct: true },
    { probability: 0.9, answers: true, correct: false },
    { probability: 0.7, answers: true, correct: true },
    { probability: 0.4, answers: true, correct: true },
    { probability: 0.95, answers: false, correct: true },
  ];

  it('cuts only between different confidences', () => {
    assert.deepEqual(coverageCurve(predictions), [
      { threshold: 0.99, coverage: 1 / 6, precision: 1 },
      { threshold: 0.9, coverage: 3 / 6, precision: 2 / 3 },
      { threshold: 0.7, coverage: 4 / 6, precision: 3 / 4 },
      { threshold: 0.4, coverage: 5 / 6, precision: 4 / 5 },
    ]);
  });

  it('takes the widest point that reaches the target, or none', () => {
    const curve = coverageCurve(predictions);
    assert.equal(bestOperatingPoint(curve, 0.75)?.threshold, 0.4);
    assert.equal(bestOperatingPoint(curve, 0.9)?.threshold, 0.99);
    assert.equal(bestOperatingPoint(curve.slice(1), 0.9), null);
  });

  it('writes the threshold short without changing which messages it answers', () => {
    assert.equal(shortestThreshold(0.7812345, 0.65), 0.78);
    assert.equal(shortestThreshold(0.7812345, 0.7805), 0.781);
    assert.equal(shortestThreshold(0.7, 0.4), 0.7);
  });

  it('thins a long curve evenly, keeping both ends and the chosen point', () => {
    const long = Array.from({ length: 1000 }, (_, i) => ({ threshold: 1 - i / 1000, coverage: (i + 1) / 1000, precision: 1 }));
    const chosen = long[333] as OperatingPoint;
    const thinned = thinCurve(long, 15, chosen);
    assert.ok(thinned.length >= 15 && thinned.length <= 16);
    assert.equal(thinned[0], long[0]);
    assert.equal(thinned.at(-1), long.at(-1));
    assert.ok(thinned.includes(chosen));
    assertCoverageGrows(thinned);
  });
});
