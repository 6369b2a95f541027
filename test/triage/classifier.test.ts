// The trainable intent classifier on a small hand-written corpus: it learns the intents, says
// "unknown" when unsure, saves and loads without changing an answer, refuses a damaged model, and
// takes its threshold from the training data alone.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SwitchboardError } from '../../src/domain/errors.ts';
import { evaluateClassifier, IntentClassifier, trainClassifier, type ClassifierModelJson, type LabelledExample, type TrainingProgress } from '../../src/triage/classifier/index.ts';
import { fromModelJson } from '../../src/triage/classifier/model-json.ts';
import { rowLengthOf, type PackedEnsemble } from '../../src/triage/classifier/packed-ensemble.ts';
import { tokensOf } from '../../src/triage/classifier/text-features.ts';

const corpus: Record<string, string[]> = {
  refund: [
    'I want a refund',
    'please refund my order',
    'can I get my money back',
    'refund me now',
    'I was charged twice and want a refund',
    'how do I get a refund for this',
    'return the money to my card',
    'I need my money back for the broken item',
    'refund the last payment please',
    'I would like to be reimbursed',
  ],
  shipping: [
    'where is my package',
    'when will my order arrive',
    'track my parcel',
    'my delivery is late',
    'has my order shipped yet',
    'how long does shipping take',
    'the courier never came',
    'what is the delivery status of my order',
    'my parcel has not arrived',
    'can I get a tracking number for the shipment',
  ],
  password: [
    'I forgot my password',
    'reset my password please',
    'cannot log in to my account',
    'how do I change my password',
    'my login does not work',
    'locked out of my account',
    'password reset link expired',
    'I need a new password',
    'the app says my password is wrong',
    'help me sign in, I lost my password',
  ],
  cancel: [
    'cancel my subscription',
    'I want to cancel my plan',
    'stop my membership',
    'please end my subscription',
    'how do I cancel',
    'unsubscribe me from the plan',
    'terminate my subscription',
    'cancel the monthly billing',
    'I do not want the premium plan any more, cancel it',
    'close my membership at the end of the month',
  ],
};

const outOfScope = [
  'what is the weather tomorrow',
  'tell me a joke',
  'who won the football match',
  'what time is it in tokyo',
  'recommend a good film',
  'how tall is mount everest',
  'sing me a song',
  'what is the capital of france',
  'translate hello into spanish',
  'play some music',
];

const examples: LabelledExample[] = Object.entries(corpus).flatMap(([label, texts]) => texts.map((text) => ({ text, label })));
const withOutOfScope: LabelledExample[] = [...examples, ...outOfScope.map((text) => ({ text, label: 'oos' }))];

const paraphrases: [string, string][] = [
  ['give me my money back', 'refund'],
  ['where is my parcel', 'shipping'],
  ['I forgot the password for my account', 'password'],
  ['cancel my subscription please', 'cancel'],
];

const gibberish = 'qxzv wplkj mmnbv zzkrt';

describe('trainClassifier', () => {
  let classifier: IntentClassifier;
  before(() => {
    classifier = trainClassifier(examples, { seed: 7, threads: 2 });
  });

  it('learns separable intents', () => {
    assert.deepEqual(classifier.labels, ['cancel', 'password', 'refund', 'shipping']);
    for (const [text, label] of paraphrases) assert.equal(classifier.predict(text).label, label, text);
  });

  it('answers unknown below the threshold, still naming the best guess', () => {
    const prediction = classifier.predict(gibberish);
    assert.ok(prediction.probability < classifier.threshold, `${prediction.probability} < ${classifier.threshold}`);
    assert.equal(prediction.label, 'unknown');
    assert.ok(classifier.labels.includes(prediction.best));
  });

  it('ranks the three most likely labels with probabilities that fit together', () => {
    for (const text of [...paraphrases.map(([t]) => t), gibberish]) {
      const { ranked, probability, best } = classifier.predict(text);
      assert.equal(ranked.length, 3);
      assert.equal(ranked[0]?.label, best);
      assert.equal(ranked[0]?.probability, probability);
      for (let i = 1; i < ranked.length; i++) assert.ok((ranked[i - 1]?.probability ?? 0) >= (ranked[i]?.probability ?? 0));
      const total = ranked.reduce((sum, r) => sum + r.probability, 0);
      assert.ok(ranked.every((r) => r.probability >= 0 && r.probability <= 1) && total <= 1 + 1e-9, JSON.stringify(ranked));
    }
  });

  it('gives the same predictions after a round trip through JSON', () => {
    const restored = IntentClassifier.fromJSON(JSON.parse(JSON.stringify(classifier)));
    assert.equal(restored.threshold, classifier.threshold);
    assert.deepEqual(restored.labels, classifier.labels);
    assert.deepEqual(restored.training, classifier.training);
    for (const text of [...paraphrases.map(([t]) => t), gibberish, 'refund my parcel password']) assert.deepEqual(restored.predict(text), classifier.predict(text));
  });

  it('scores with precomputed word rows exactly as the plain feature vector would', () => {
    const { model } = fromModelJson(classifier.toJSON());
    for (const text of ['please refund my order', 'pleese refnud my ordr', 'zzq password', '']) {
      const expected = referenceProbabilities(model, text);
      const actual = classifier.predict(text).ranked;
      // Feature values are stored as 32-bit floats, so the two sums round differently in the last digits.
      for (const { label, probability } of actual) assert.ok(Math.abs(probability - (expected[classifier.labels.indexOf(label)] ?? NaN)) < 1e-6, `${text}: ${label}`);
    }
  });

  it('trains the same model from the same seed, on worker threads or in the calling thread', () => {
    const inline = trainClassifier(examples, { seed: 7, threads: 1 });
    assert.equal(JSON.stringify(inline), JSON.stringify(classifier));
  });
});

/** The ensemble's probabilities computed the slow, obvious way: every feature's row, then heads, linear model and softmax. */
function referenceProbabilities(model: PackedEnsemble, text: string): number[] {
  const vector = model.vectoriser.vectoriseTokens(tokensOf(text));
  const rowLength = rowLengthOf(model);
  const firstLayer = new Array<number>(rowLength).fill(0);
  vector.indices.forEach((feature, n) => {
    let column = 0;
    model.blocks.forEach((width, b) => {
      const scale = (model.scales[feature * model.blocks.length + b] ?? 0) * (vector.values[n] ?? 0);
      for (let c = column; c < column + width; c++) firstLayer[c] = (firstLayer[c] ?? 0) + scale * (model.rows[feature * rowLength + c] ?? 0);
      column += width;
    });
  });
  const classes = model.classCount;
  const logits = new Array<number>(classes).fill(0);
  let offset = 0;
  for (const head of model.heads) {
    const hidden = Array.from(head.hiddenBias, (bias, u) => Math.max(0, bias + (firstLayer[offset + u] ?? 0)));
    for (let k = 0; k < classes; k++) {
      const score = hidden.reduce((sum, h, u) => sum + h * (head.outputWeights[u * classes + k] ?? 0), head.outputBias[k] ?? 0);
      logits[k] = (logits[k] ?? 0) + ((model.sourceWeights[0] ?? 0) * score) / model.heads.length;
    }
    offset += head.hiddenBias.length;
  }
  for (let k = 0; k < classes; k++) logits[k] = (logits[k] ?? 0) + (model.sourceWeights[1] ?? 0) * ((firstLayer[offset + k] ?? 0) + (model.linearBias[k] ?? 0));
  const max = Math.max(...logits);
  const exp = logits.map((l) => Math.exp(l - max));
  const total = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / total);
}

describe('IntentClassifier.fromJSON', () => {
  let model: ClassifierModelJson;
  before(() => {
    model = trainClassifier(examples.slice(0, 20), { seed: 1 }).toJSON();
  });

  const refuses = (json: unknown, message: RegExp) => {
    assert.throws(
      () => IntentClassifier.fromJSON(json),
      (error: unknown) => error instanceof SwitchboardError && error.code === 'invalid_request' && message.test(error.message),
    );
  };

  it('refuses something that is not a model', () => {
    refuses(null, /not a Switchboard intent classifier model/);
    refuses({ hello: 'world' }, /not a Switchboard intent classifier model/);
  });

  it('refuses a model of another version, saying to retrain', () => {
    refuses({ ...model, version: 99 }, /version 99 .*retrain/);
  });

  it('refuses a model with a missing or mistyped field, naming it', () => {
    const { threshold: _threshold, ...withoutThreshold } = model;
    refuses(withoutThreshold, /threshold/);
    refuses({ ...model, classes: 'refund' }, /classes/);
  });

  it('refuses truncated weights', () => {
    const rows = model.featureRows.rows;
    refuses({ ...model, featureRows: { ...model.featureRows, rows: rows.slice(0, rows.length / 2 - ((rows.length / 2) % 4)) } }, /featureRows\.rows/);
    refuses({ ...model, heads: [model.heads[0]] }, /featureRows\.blocks/);
  });
});

describe('the cross-validated threshold', () => {
  it('comes from the training data only: another test set leaves it unchanged', () => {
    const testA = paraphrases.map(([text, label]) => ({ text, label }));
    const testB = [{ text: gibberish, label: 'refund' }, { text: 'stop my plan', label: 'cancel' }];
    const a = evaluateClassifier(examples, testA, { seed: 3 });
    const b = evaluateClassifier(examples, testB, { seed: 3 });
    assert.equal(a.threshold, b.threshold);
    assert.deepEqual(a.crossValidation, b.crossValidation);
  });

  it('is the lowest confidence whose out-of-fold answers reach the target precision', () => {
    const strict = trainClassifier(examples, { seed: 3, targetPrecision: 1 });
    const lenient = trainClassifier(examples, { seed: 3, targetPrecision: 0.5 });
    assert.ok(strict.training.crossValidation.precision >= 1 - 1e-12);
    assert.ok(lenient.threshold <= strict.threshold);
    assert.ok(lenient.training.crossValidation.coverage >= strict.training.crossValidation.coverage);
  });
});

describe('an out-of-scope label', () => {
  it('is learnt as a class whose predictions are answered unknown', () => {
    const classifier = trainClassifier(withOutOfScope, { seed: 5, oosLabel: 'oos' });
    assert.deepEqual(classifier.labels, ['cancel', 'password', 'refund', 'shipping']);
    const prediction = classifier.predict('what is the weather like in paris');
    assert.equal(prediction.best, 'oos');
    assert.equal(prediction.label, 'unknown');
    assert.equal(classifier.predict('please refund my money').label, 'refund');
  });
});

describe('evaluateClassifier', () => {
  it('scores accuracy, macro-F1, OOS recall and lists test labels training never saw', () => {
    const test: LabelledExample[] = [
      ...paraphrases.map(([text, label]) => ({ text, label })),
      { text: 'what is the weather like in paris', label: 'oos' },
      { text: 'I want to order a pizza', label: 'food' },
    ];
    const evaluation = evaluateClassifier(withOutOfScope, test, { seed: 5, oosLabel: 'oos' });
    assert.deepEqual(evaluation.unknownLabels, ['food']);
    assert.equal(evaluation.testExamples, 6);
    assert.equal(evaluation.accuracy, 5 / 6);
    assert.equal(evaluation.oosRecall, 1);
    assert.equal(evaluation.inScopeAccuracy !== null && evaluation.inScopeAccuracy <= 4 / 5, true);
    assert.ok(evaluation.macroF1 > 0 && evaluation.macroF1 < 1);
    assert.ok(evaluation.coverage > 0 && evaluation.coverage <= 5 / 6);
  });

  it('leaves the out-of-scope figures out without an out-of-scope label', () => {
    const evaluation = evaluateClassifier(examples, paraphrases.map(([text, label]) => ({ text, label })), { seed: 5 });
    assert.equal(evaluation.inScopeAccuracy, null);
    assert.equal(evaluation.oosRecall, null);
    assert.equal(evaluation.accuracy, 1);
  });
});

describe('training input and progress', () => {
  it('refuses training data with fewer than two intents or too few examples', () => {
    assert.throws(() => trainClassifier(corpus['refund']?.map((text) => ({ text, label: 'refund' })) ?? []), /at least two intents/);
    assert.throws(() => trainClassifier(examples.slice(0, 3)), /at least 4 examples/);
    assert.throws(() => trainClassifier(examples, { targetPrecision: 1.5 }), /target precision/);
  });

  it('reports progress through every phase', () => {
    const seen: TrainingProgress[] = [];
    trainClassifier(examples, { seed: 2, onProgress: (p) => seen.push(p) });
    assert.deepEqual([...new Set(seen.map((p) => p.phase))], ['features', 'training', 'calibration']);
    assert.ok(seen.every((p) => p.done >= 0 && p.done <= p.total));
    const last = seen.at(-1);
    assert.equal(last?.done, last?.total);
  });
});
