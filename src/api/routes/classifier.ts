// The classifier's calibration: the coverage / precision curve it was trained with and the threshold
// in force, for the dashboard's configuration page.
import { createRoute, z } from '@hono/zod-openapi';
import { classifierCalibration } from '../../app/classifier-calibration.ts';
import type { Switchboard } from '../../app/switchboard.ts';
import type { SwitchboardApp } from '../auth/app-env.ts';
import { requires } from '../auth/requires.ts';
import { errorResponses, jsonContent, ProjectParam } from '../schemas.ts';

const share = z.number().min(0).max(1);

const OperatingPointSchema = z.object({
  threshold: share.openapi({ description: 'Messages at or above this confidence are answered with a label.' }),
  coverage: share.openapi({ description: 'Share of the labelled messages answered, out of fold.' }),
  precision: share.openapi({ description: 'Share of the answers that were right, out of fold.' }),
});

const CalibrationSchema = z
  .object({
    threshold: share.openapi({ description: 'The threshold triage applies.', example: 0.86 }),
    thresholdSource: z.enum(['cross_validation', 'configuration']).openapi({ description: '`configuration` when `classifier.threshold` overrides the cross-validated one.' }),
    targetPrecision: share.openapi({ example: 0.97 }),
    coverage: share.nullable().openapi({ description: 'Out of fold at the threshold, read off the curve.' }),
    precision: share.nullable(),
    examples: z.number().int().openapi({ description: 'Labelled examples the model was cross-validated on.' }),
    folds: z.number().int(),
    points: z.array(OperatingPointSchema).openapi({ description: 'At most 200 points spread along the curve plus the chosen threshold, highest threshold first: coverage grows along the curve.' }),
  })
  .openapi('ClassifierCalibration');

const calibrationRoute = createRoute({
  middleware: [requires('tickets.read')] as const,
  method: 'get',
  path: '/api/projects/{projectId}/classifier/calibration',
  tags: ['configuration'],
  summary: 'The classifier\'s coverage / precision curve out of fold, and the confidence threshold in force',
  description: 'Read from the trained model, never retrained. A model saved before Switchboard kept the curve (or a classifier supplied by code) is a 404 not_found.',
  request: { params: ProjectParam },
  responses: { 200: jsonContent(CalibrationSchema, 'The calibration'), ...errorResponses },
});

export function classifierRoutes(app: SwitchboardApp, sb: Switchboard): void {
  app.openapi(calibrationRoute, (c) => c.json(classifierCalibration(sb.classifier, sb.config.file.classifier.threshold), 200));
}
