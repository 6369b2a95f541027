// `classifier calibrate --write`'s edit of switchboard.yaml: the threshold's value replaced or one
// line added, every comment and every other byte kept, and a refusal where the edit is not safe.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { demoConfigPath } from '../../src/config/load-config.ts';
import { setClassifierThreshold } from '../../src/config/set-classifier-threshold.ts';
import { isSwitchboardError } from '../../src/domain/errors.ts';

const source = 'switchboard.yaml';

describe('writing classifier.threshold into switchboard.yaml', () => {
  it('replaces a threshold where it stands, keeping its comment', () => {
    const text = 'classifier:\n  # chosen by hand last spring\n  threshold: 0.5 # too low\n  target_precision: 0.97\nintents: {}\n';
    assert.equal(setClassifierThreshold(text, 0.86, source), 'classifier:\n  # chosen by hand last spring\n  threshold: 0.86 # too low\n  target_precision: 0.97\nintents: {}\n');
  });

  it('adds one line after the last setting of the block, indented like it', () => {
    const text = '# Support\nclassifier:\n    examples: tickets.csv\n    target_precision: 0.97 # our promise\n\n# What each label means\nintents: {}\n';
    assert.equal(setClassifierThreshold(text, 0.78, source), '# Support\nclassifier:\n    examples: tickets.csv\n    target_precision: 0.97 # our promise\n    threshold: 0.78\n\n# What each label means\nintents: {}\n');
  });

  it('adds a classifier block at the end when there is none', () => {
    assert.equal(setClassifierThreshold('intents: {}', 0.9, source), 'intents: {}\nclassifier:\n  threshold: 0.9\n');
  });

  it('changes the demo configuration by exactly one added line', () => {
    const text = readFileSync(demoConfigPath, 'utf8');
    const before = text.split('\n');
    const after = setClassifierThreshold(text, 0.86, source).split('\n');
    assert.equal(after.length, before.length + 1);
    const added = after.findIndex((line, index) => line !== before[index]);
    assert.equal(after[added], '  threshold: 0.86');
    assert.deepEqual([...after.slice(0, added), ...after.slice(added + 1)], before);
  });

  it('refuses a layout it cannot edit without touching anything else', () => {
    for (const text of ['classifier: { examples: tickets.csv }\n', 'classifier:\n', '[1, 2]\n', 'classifier:\n  threshold: [0.5]\n']) {
      assert.throws(
        () => setClassifierThreshold(text, 0.8, source),
        (error) => isSwitchboardError(error) && error.code === 'invalid_config' && /Cannot write the threshold into switchboard\.yaml safely .*set classifier\.threshold: 0\.8 by hand/.test(error.message),
        text,
      );
    }
  });
});
