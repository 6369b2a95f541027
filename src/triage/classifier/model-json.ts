// The saved model: a versioned JSON document, validated as a whole on load so a truncated or
// hand-edited file fails with a message that names the broken field, never with a wrong answer.
import { z } from 'zod';
import { SwitchboardError } from '../../domain/errors.ts';
import { decodeBytes, decodeFloat32, encodeBytes, encodeFloat32 } from './packed-arrays.ts';
import { rowLengthOf, type NetworkHead, type PackedEnsemble } from './packed-ensemble.ts';
import type { TrainingSummary } from './training-summary.ts';
import { Vectoriser, type VocabularyView } from './vectoriser.ts';

export const modelFormat = 'switchboard.intent-classifier';
export const modelVersion = 1;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64');
const count = z.number().int().nonnegative();
const finite = z.number().finite();
const share = z.number().min(0).max(1);

const viewSchema = z.object({ weight: finite, terms: z.array(z.string()), idf: base64 });
const headSchema = z.object({ hiddenBias: z.array(finite).min(1), outputWeights: base64, outputBias: z.array(finite) });

export const classifierModelSchema = z.object({
  format: z.literal(modelFormat),
  version: z.literal(modelVersion),
  classes: z.array(z.string().min(1)).min(2),
  outOfScopeLabel: z.string().nullable(),
  threshold: share,
  sourceWeights: z.array(finite).length(2),
  training: z.object({
    examples: count,
    folds: count,
    seed: z.number().int(),
    targetPrecision: share,
    crossValidation: z.object({ accuracy: share, coverage: share, precision: share }),
    /** Optional: models saved before the curve was kept still load, without one. */
    curve: z.array(z.object({ threshold: share, coverage: share, precision: share })).optional(),
  }),
  vocabulary: z.object({ words: viewSchema, chars: viewSchema }),
  /** One row per feature: each network's first-layer weights, then the linear model's, as signed bytes. */
  featureRows: z.object({ blocks: z.array(z.number().int().positive()).min(2), rows: base64, scales: base64 }),
  heads: z.array(headSchema).min(1),
  linearBias: z.array(finite),
});

export type ClassifierModelJson = z.infer<typeof classifierModelSchema>;

/** Everything a classifier is made of, in memory. */
export interface ClassifierState {
  classes: string[];
  outOfScopeLabel: string | null;
  threshold: number;
  model: PackedEnsemble;
  training: TrainingSummary;
}

export function toModelJson(state: ClassifierState): ClassifierModelJson {
  const { model } = state;
  return {
    format: modelFormat,
    version: modelVersion,
    classes: state.classes,
    outOfScopeLabel: state.outOfScopeLabel,
    threshold: state.threshold,
    sourceWeights: model.sourceWeights,
    training: state.training,
    vocabulary: { words: viewJson(model.vectoriser.views.words), chars: viewJson(model.vectoriser.views.chars) },
    featureRows: { blocks: model.blocks, rows: encodeBytes(model.rows), scales: encodeFloat32(model.scales) },
    heads: model.heads.map((h) => ({ hiddenBias: [...h.hiddenBias], outputWeights: encodeFloat32(h.outputWeights), outputBias: [...h.outputBias] })),
    linearBias: [...model.linearBias],
  };
}

export function fromModelJson(json: unknown): ClassifierState {
  checkFormat(json);
  const parsed = classifierModelSchema.safeParse(json);
  if (!parsed.success) throw badModel(describeIssue(parsed.error.issues[0]));
  return stateFrom(parsed.data);
}

function viewJson(view: VocabularyView): z.infer<typeof viewSchema> {
  return { weight: view.weight, terms: view.terms, idf: encodeFloat32(view.idf) };
}

function checkFormat(json: unknown): void {
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== modelFormat) throw badModel(`not a Switchboard intent classifier model (no "format": "${modelFormat}")`);
  const version = (json as { version?: unknown }).version;
  if (version !== modelVersion) throw badModel(`model version ${String(version)} cannot be read by this Switchboard (it reads version ${modelVersion}); retrain the model with "switchboard classifier train"`);
}

function stateFrom(json: ClassifierModelJson): ClassifierState {
  const classes = json.classes;
  if (new Set(classes).size !== classes.length) throw badModel('classes: a label is listed twice');
  if (json.outOfScopeLabel !== null && !classes.includes(json.outOfScopeLabel)) throw badModel('outOfScopeLabel: not one of the classes');
  const vectoriser = new Vectoriser({ words: viewFrom(json.vocabulary.words, 'vocabulary.words'), chars: viewFrom(json.vocabulary.chars, 'vocabulary.chars') });
  const model = packedFrom(json, vectoriser, classes.length);
  return { classes, outOfScopeLabel: json.outOfScopeLabel, threshold: json.threshold, model, training: json.training };
}

function viewFrom(json: z.infer<typeof viewSchema>, path: string): VocabularyView {
  const idf = decodeFloat32(json.idf);
  if (idf?.length !== json.terms.length) throw badModel(`${path}.idf: expected one weight per term`);
  return { terms: json.terms, idf, weight: json.weight };
}

function packedFrom(json: ClassifierModelJson, vectoriser: Vectoriser, classCount: number): PackedEnsemble {
  const { blocks } = json.featureRows;
  if (blocks.length !== json.heads.length + 1 || blocks.at(-1) !== classCount) throw badModel('featureRows.blocks: expected one block per head, then one per class');
  const rows = decodeBytes(json.featureRows.rows);
  if (rows.length !== vectoriser.dimension * rowLengthOf({ blocks })) throw badModel(`featureRows.rows: expected ${vectoriser.dimension} rows of ${rowLengthOf({ blocks })} bytes`);
  const scales = decodeFloat32(json.featureRows.scales);
  if (scales?.length !== vectoriser.dimension * blocks.length) throw badModel('featureRows.scales: expected one scale per row block');
  const heads = json.heads.map((h, i) => headFrom(h, blocks[i] as number, classCount, `heads.${i}`));
  if (json.linearBias.length !== classCount) throw badModel('linearBias: expected one bias per class');
  return { vectoriser, classCount, blocks, rows, scales, heads, linearBias: Float32Array.from(json.linearBias), sourceWeights: json.sourceWeights };
}

function headFrom(json: z.infer<typeof headSchema>, hidden: number, classCount: number, path: string): NetworkHead {
  if (json.hiddenBias.length !== hidden) throw badModel(`${path}.hiddenBias: expected ${hidden} values, one per hidden unit`);
  const outputWeights = decodeFloat32(json.outputWeights);
  if (outputWeights?.length !== hidden * classCount) throw badModel(`${path}.outputWeights: expected ${hidden * classCount} weights`);
  if (json.outputBias.length !== classCount) throw badModel(`${path}.outputBias: expected one bias per class`);
  return { hiddenBias: Float32Array.from(json.hiddenBias), outputWeights, outputBias: Float32Array.from(json.outputBias) };
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  return issue === undefined ? 'invalid model' : `${issue.path.join('.') || 'model'}: ${issue.message}`;
}

function badModel(reason: string): SwitchboardError {
  return new SwitchboardError('invalid_request', `Invalid classifier model: ${reason}.`);
}
