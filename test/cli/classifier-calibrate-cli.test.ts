// `switchboard classifier calibrate` run as an operator would, in a separate process and without a
// database, on a small configuration of its own: the table with the YAML to use, --json and --csv,
// --write, and one line for a bad flag or a target no threshold reaches.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ThresholdCalibration } from '../../src/triage/classifier/index.ts';
import { runCli, type CliResult } from '../support/cli-process.ts';

const intents: Record<string, string[]> = {
  refund: ['I want a refund', 'please refund my order', 'can I get my money back', 'refund me now', 'I was charged twice, refund me', 'how do I get a refund'],
  shipping: ['where is my package', 'when will my order arrive', 'track my parcel', 'my delivery is late', 'has my order shipped yet', 'how long does shipping take'],
  password: ['I forgot my password', 'reset my password please', 'cannot log in to my account', 'how do I change my password', 'my login does not work', 'locked out of my account'],
};

const extra = [
  ['money back for the broken item', 'refund'],
  ['the courier never came', 'shipping'],
  ['password reset link expired', 'password'],
  ['refund the parcel that never came', 'shipping'],
];

function configYaml(): string {
  const sections = Object.entries(intents).map(([name, examples]) => `  ${name}:\n    category: ${name}\n    route: ticket\n    examples:\n${examples.map((e) => `      - "${e}"`).join('\n')}`);
  return `# A small configuration for calibrating\nclassifier:\n  target_precision: 0.5\nintents:\n${sections.join('\n')}\n`;
}

const oneFailureLine = /^switchboard: [^\n]+ \(([a-z_]+)\)\n$/;

function assertFailure(result: CliResult, message: RegExp): void {
  assert.notEqual(result.code, 0);
  assert.match(result.stderr.split('\n').filter((line) => !line.startsWith('classifier: ')).join('\n'), oneFailureLine);
  assert.match(result.stderr, message);
  assert.equal(result.stdout, '');
}

describe('switchboard classifier calibrate', { timeout: 60_000 }, () => {
  let directory: string;
  let config: string;
  let data: string;
  const calibrate = (...args: string[]) => runCli(['classifier', 'calibrate', '--config', config, '--folds', '2', ...args], {});

  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'switchboard-calibrate-cli-'));
    config = join(directory, 'switchboard.yaml');
    data = join(directory, 'tickets.csv');
    writeFileSync(config, configYaml());
    writeFileSync(data, ['text,label', ...extra.map(([text, label]) => `"${text}",${label}`)].join('\n'));
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('prints the curve, the chosen threshold and the YAML to set it, with progress on stderr', async () => {
    const result = await calibrate('--target-precision', '0.8', '--data', data);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Labelled examples: 22 \(the configuration's 18 and 4 from .*tickets\.csv\), 2-fold cross-validation$/m);
    assert.match(result.stdout, /^THRESHOLD +COVERAGE +PRECISION$/m);
    assert.equal([...result.stdout.matchAll(/← chosen$/gm)].length, 1);
    const threshold = /^ {2}threshold: (0\.\d+|1)$/m.exec(result.stdout)?.[1];
    assert.ok(threshold, result.stdout);
    assert.match(result.stdout, new RegExp(`^Threshold ${threshold.replace('.', '\\.')}: \\d+\\.\\d% precision at \\d+\\.\\d% coverage out of fold \\(target 80\\.0%\\)\\.$`, 'm'));
    assert.match(result.stdout, /^classifier:$/m);
    assert.match(result.stderr, /classifier: training 100%/);
  });

  it('--json prints the calibration with every point of the curve', async () => {
    const result = await calibrate('--json');
    assert.equal(result.code, 0, result.stderr);
    const calibration = JSON.parse(result.stdout) as ThresholdCalibration;
    assert.equal(calibration.targetPrecision, 0.5, 'the configuration\'s target precision by default');
    assert.equal(calibration.examples, 18);
    assert.equal(calibration.folds, 2);
    assert.ok(calibration.threshold !== null && calibration.precision !== null && calibration.precision >= 0.5);
    assert.ok(calibration.points.length > 1);
    for (const point of calibration.points) assert.deepEqual(Object.keys(point).sort(), ['coverage', 'precision', 'threshold']);
  });

  it('--csv prints a header and one row per point', async () => {
    const result = await calibrate('--csv', '--data', data, '--data-only', '--target-precision', '0.5');
    assert.equal(result.code, 0, result.stderr);
    const [header, ...rows] = result.stdout.trimEnd().split('\n');
    assert.equal(header, 'threshold,coverage,precision');
    assert.ok(rows.length > 0);
    for (const row of rows) assert.match(row, /^[\d.e-]+,[\d.e-]+,[\d.e-]+$/);
  });

  it('--write sets classifier.threshold in the configuration file and keeps the rest of it', async () => {
    const own = join(directory, 'own.yaml');
    writeFileSync(own, configYaml());
    const result = await runCli(['classifier', 'calibrate', '--config', own, '--folds', '2', '--write'], {});
    assert.equal(result.code, 0, result.stderr);
    const threshold = /^Written to .*own\.yaml: classifier\.threshold: (0\.\d+|1)$/m.exec(result.stdout)?.[1];
    assert.ok(threshold, result.stdout);
    assert.equal(readFileSync(own, 'utf8'), configYaml().replace('  target_precision: 0.5\n', `  target_precision: 0.5\n  threshold: ${threshold}\n`));
  });

  it('--write never changes the demo configuration', async () => {
    assertFailure(await runCli(['classifier', 'calibrate', '--write'], { SWITCHBOARD_CONFIG: '' }), /--write changes your own configuration/);
  });

  it('a bad flag fails with one line', async () => {
    assertFailure(await calibrate('--target-precision', '1.5'), /--target-precision: expected a share above 0 and at most 1/);
    assertFailure(await calibrate('--target-precision', 'high'), /--target-precision/);
    assertFailure(await calibrate('--folds', '1'), /--folds: expected a whole number of at least 2/);
    assertFailure(await calibrate('--json', '--csv'), /choose one/);
  });

  it('--data with labels the configuration does not have fails with one line naming them', async () => {
    const foreign = join(directory, 'foreign.csv');
    writeFileSync(foreign, 'text,label\nwhat is the weather,smalltalk\n');
    assertFailure(await calibrate('--data', foreign), /labels that are not intents of the configuration: smalltalk/);
  });

  it('a target no threshold reaches says so in one line and exits non-zero', async () => {
    const conflicting = join(directory, 'conflicting.csv');
    writeFileSync(conflicting, ['text,label', ...Object.values(intents).flat().flatMap((text) => [`"${text}",refund`, `"${text}",shipping`, `"${text}",password`])].join('\n'));
    assertFailure(await calibrate('--data', conflicting, '--data-only', '--target-precision', '0.99'), /No threshold reaches 99\.0% precision out of fold \(the best is \d+\.\d% at threshold [\d.]+, coverage \d+\.\d%\); lower --target-precision or add labelled examples/);
  });
});
