// GET …/classifier/calibration: the curve saved with the trained demo classifier and the threshold in
// force on it, on every database; a configured threshold says so; a classifier without a curve is a 404.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClassifierCalibrationView } from '../../src/app/classifier-calibration.ts';
import type { OperatingPoint } from '../../src/triage/classifier/index.ts';
import { apiApp } from '../support/api-app.ts';
import { dialectsUnderTest } from '../support/dialects.ts';
import { demoConfigWith } from '../support/model-switchboard.ts';
import { switchboardForTest } from '../support/switchboard.ts';

const path = '/api/projects/default/classifier/calibration';

function assertCoverageGrows(points: readonly OperatingPoint[]): void {
  for (let i = 1; i < points.length; i++) assert.ok((points[i] as OperatingPoint).coverage > (points[i - 1] as OperatingPoint).coverage);
}

for (const dialect of await dialectsUnderTest()) {
  describe(`the classifier calibration endpoint (${dialect})`, () => {
    it('serves the cross-validated threshold on the curve the demo classifier was trained with', async (t) => {
      const sb = await switchboardForTest(t, dialect);
      const response = await (await apiApp(sb, { role: 'viewer' })).request(path);
      assert.equal(response.status, 200);
      const calibration = (await response.json()) as ClassifierCalibrationView;
      assert.equal(calibration.threshold, sb.classifier.threshold);
      assert.equal(calibration.thresholdSource, 'cross_validation');
      assert.equal(calibration.targetPrecision, 0.97);
      assert.equal(calibration.folds, 4);
      assert.ok(calibration.examples > 100);
      assert.ok(calibration.points.length > 10 && calibration.points.length <= 201);
      assertCoverageGrows(calibration.points);
      const chosen = calibration.points.find((p) => p.threshold === calibration.threshold);
      assert.ok(chosen, 'the threshold is a point of the curve');
      assert.ok(chosen.precision >= 0.97);
      assert.equal(calibration.coverage, chosen.coverage);
      assert.equal(calibration.precision, chosen.precision);
    });

    it('marks a threshold set in the configuration, read off the same curve', async (t) => {
      const config = demoConfigWith((text) => text.replace('target_precision: 0.97', 'target_precision: 0.97\n  threshold: 0.5'));
      const sb = await switchboardForTest(t, dialect, { config });
      const calibration = (await (await (await apiApp(sb)).request(path)).json()) as ClassifierCalibrationView;
      assert.equal(calibration.threshold, 0.5);
      assert.equal(calibration.thresholdSource, 'configuration');
      const atOrAbove = calibration.points.filter((p) => p.threshold >= 0.5).at(-1);
      assert.equal(calibration.coverage, atOrAbove?.coverage);
    });

    it('answers 404 not_found for a classifier that carries no curve', async (t) => {
      const classifier = { threshold: 0.5, predict: () => ({ label: 'unknown', probability: 0, best: 'unknown', ranked: [] }) };
      const sb = await switchboardForTest(t, dialect, { classifier });
      const response = await (await apiApp(sb)).request(path);
      assert.equal(response.status, 404);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'not_found');
      assert.match(body.error.message, /no calibration curve/);
    });
  });
}
