// `switchboard classifier train | eval` run as an operator would, in a separate process and without
// a database: train writes a model that loads, eval reports its figures, bad input is one line.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntentClassifier } from '../../src/triage/classifier/index.ts';
import { runCli, type CliResult } from '../support/cli-process.ts';

const intents: Record<string, string[]> = {
  refund: ['I want a refund', 'please refund my order', 'can I get my money back', 'refund me now', 'I was charged twice, refund me', 'how do I get a refund', 'return the money to my card', 'money back for the broken item'],
  shipping: ['where is my package', 'when will my order arrive', 'track my parcel', 'my delivery is late', 'has my order shipped yet', 'how long does shipping take', 'the courier never came', 'delivery status of my order'],
  password: ['I forgot my password', 'reset my password please', 'cannot log in to my account', 'how do I change my password', 'my login does not work', 'locked out of my account', 'password reset link expired', 'I need a new password'],
  oos: ['what is the weather tomorrow', 'tell me a joke', 'who won the football match', 'what time is it in tokyo', 'recommend a good film', 'how tall is mount everest', 'sing me a song', 'what is the capital of france'],
};

const test = [
  ['give me my money back', 'refund'],
  ['where is my parcel', 'shipping'],
  ['forgot the password', 'password'],
  ['what is the weather like in paris', 'oos'],
];

function csv(rows: readonly (readonly string[])[]): string {
  return ['text,label', ...rows.map((fields) => fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(','))].join('\n');
}

const oneFailureLine = /^switchboard: [^\n]+ \(([a-z_]+)\)\n$/;

function assertFailure(result: CliResult, code: string, message: RegExp): void {
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, oneFailureLine);
  assert.equal(oneFailureLine.exec(result.stderr)?.[1], code);
  assert.match(result.stderr, message);
  assert.equal(result.stdout, '');
}

describe('switchboard classifier', { timeout: 60_000 }, () => {
  let directory: string;
  let trainFile: string;
  let testFile: string;
  const cli = (...args: string[]) => runCli(args, {});

  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'switchboard-classifier-cli-'));
    trainFile = join(directory, 'train.csv');
    testFile = join(directory, 'test.csv');
    writeFileSync(trainFile, csv(Object.entries(intents).flatMap(([label, texts]) => texts.map((text) => [text, label]))));
    writeFileSync(testFile, csv(test));
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('train writes a model that loads and answers, and prints what it learnt', async () => {
    const out = join(directory, 'model.json');
    const result = await cli('classifier', 'train', '--data', trainFile, '--out', out, '--target-precision', '0.9');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Labels \(4\): oos, password, refund, shipping$/m);
    assert.match(result.stdout, /^Examples: 32$/m);
    assert.match(result.stdout, /^Threshold: [01]\.\d{3} \(lowest confidence reaching 90\.0% precision in 4-fold cross-validation\)$/m);
    assert.match(result.stdout, /^At that threshold, out of fold: coverage \d+\.\d%, precision \d+\.\d%/m);
    assert.match(result.stdout, new RegExp(`^Model: ${out.replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(\\d+\\.\\d MB\\)$`, 'm'));
    assert.match(result.stderr, /classifier: training 100%/);
    const model = IntentClassifier.fromJSON(JSON.parse(readFileSync(out, 'utf8')));
    assert.equal(model.predict('please refund my money').label, 'refund');
  });

  it('eval --json prints one JSON object with the figures, OOS recall included', async () => {
    const result = await cli('classifier', 'eval', '--train', trainFile, '--test', testFile, '--oos-label', 'oos', '--json');
    assert.equal(result.code, 0, result.stderr);
    const evaluation = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(evaluation['testExamples'], 4);
    assert.equal(evaluation['labels'], 3);
    assert.equal(evaluation['oosRecall'], 1);
    assert.deepEqual(evaluation['unknownLabels'], []);
    for (const key of ['accuracy', 'macroF1', 'inScopeAccuracy', 'threshold', 'coverage', 'precision']) assert.equal(typeof evaluation[key], 'number', key);
  });

  it('eval prints a readable table', async () => {
    const result = await cli('classifier', 'eval', '--train', trainFile, '--test', testFile, '--oos-label', 'oos');
    assert.equal(result.code, 0, result.stderr);
    for (const row of ['accuracy', 'macro-F1', 'in-scope accuracy', 'OOS recall', 'threshold', 'coverage', 'precision', 'unknown labels']) assert.match(result.stdout, new RegExp(`^${row} +\\S`, 'm'));
  });

  it('a bad row fails with one line naming the file and line', async () => {
    const bad = join(directory, 'bad.csv');
    writeFileSync(bad, 'text,label\nrefund please,refund\nno label here,\n');
    assertFailure(await cli('classifier', 'train', '--data', bad, '--out', join(directory, 'never.json')), 'invalid_request', /bad\.csv line 3: missing label/);
  });

  it('a bad flag fails with one line', async () => {
    assertFailure(await cli('classifier', 'eval', '--train', trainFile, '--test', testFile, '--target-precision', '2'), 'invalid_request', /--target-precision/);
    assertFailure(await cli('classifier', 'train'), 'invalid_request', /--data/);
  });
});
