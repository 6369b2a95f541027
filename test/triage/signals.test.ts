import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detectFrustration, detectHumanRequest, signalVariables } from '../../src/triage/signals.ts';

describe('asking for a person', () => {
  const requests = [
    'can I talk to human?',
    'real person please',
    'let me speak to an agent',
    'transfer me to a representative',
    'I want a manager',
    'stop the bot',
    'is there a human',
    'can i talk to a huamn',
    'HUMAN!!',
    'Operator',
    'I’d like to speak with someone about my refund',
    'How do I reach a real person?',
    'put me through to your supervisor',
    'Can I get an operator please',
    'enough with this stupid bot',
    "I don't want to talk to a bot, I want a person",
    'pls escalate this to a human',
    'can a human look at my order',
    'I need a real human being',
    'connect me with a customer service rep',
    'Please forward my message to a human.',
    'get me someone who knows what they are doing',
    "I don't want a refund, I want to talk to a person",
    "why can't I just talk to a person",
    'Put me through to customer service',
    'Can I get a call back from someone in customer service?',
  ];
  for (const text of requests) {
    it(`hears a request in "${text}"`, () => {
      const result = detectHumanRequest(text);
      assert.equal(result.requested, true);
      assert.ok(result.phrase !== null && result.phrase.length > 0);
    });
  }

  const notRequests = [
    'the human body is 60% water',
    'please send the human resources invoice',
    'are you a bot?',
    'am I talking to a human?',
    'no need for a person, the bot is fine',
    "I don't need to talk to an agent",
    "don't transfer me to an agent, just answer",
    'can someone help me with my download',
    'I need a human-readable invoice',
    'my agent said the parcel left',
    'the captcha says I am not a robot',
    'I want people to know how good this is',
    'human error on your side, you charged me twice',
    'my password manager is not filling the login',
    'no need to escalate, it works now',
    "I need the owner's manual for the lamp",
    'Can I contact support on a Sunday?',
    'The agent in chat just copy-pasted answers',
  ];
  for (const text of notRequests) {
    it(`hears no request in "${text}"`, () => assert.deepEqual(detectHumanRequest(text), { requested: false, phrase: null }));
  }

  it('names the words that decided it', () => {
    assert.equal(detectHumanRequest('Hi. Let me speak to an agent, please.').phrase, 'speak to an agent');
  });
});

describe('frustration', () => {
  it('ranks an angry message above a neutral one', () => {
    const neutral = detectFrustration('Where is my order ORD-1001?');
    const annoyed = detectFrustration('This is ridiculous, where is my order?');
    const angry = detectFrustration('This is UNACCEPTABLE!!! Third time I ask, where is my refund?? I will file a chargeback');
    assert.equal(neutral.score, 0);
    assert.ok(annoyed.score > neutral.score);
    assert.ok(angry.score > annoyed.score);
    assert.equal(neutral.detected, false);
    assert.equal(annoyed.detected, false);
    assert.equal(angry.detected, true);
  });

  it('names the cues that fired', () => {
    const { cues, score } = detectFrustration('wtf, worst shop EVER!!!');
    assert.deepEqual(cues, ['profanity:wtf', 'intensifier:worst', 'shouting:EVER', 'punctuation:!!!']);
    assert.ok(score >= 0.5 && score <= 1);
  });

  it('does not count acronyms as shouting or negated words as anger', () => {
    assert.deepEqual(detectFrustration('Can I get a VAT invoice as PDF for ORD-1002?').cues, []);
    assert.deepEqual(detectFrustration("I'm not angry, just asking").cues, []);
  });

  it('treats a threat to leave or charge back as frustration on its own', () => {
    assert.equal(detectFrustration('If this is not fixed I will file a chargeback.').detected, true);
  });

  it('scores higher when the customer repeats an earlier complaint', () => {
    const message = 'where is my order ORD-1001, still nothing';
    const alone = detectFrustration(message);
    const repeated = detectFrustration(message, ['Where is my order ORD-1001?', 'Any update on order ORD-1001? Where is it?']);
    assert.ok(repeated.score > alone.score);
    assert.ok(repeated.cues.includes('history:repeated x2'));
    assert.equal(repeated.detected, true);
  });

  it('ignores an unrelated history', () => {
    const message = 'How do I change my password?';
    assert.equal(detectFrustration(message, ['Do you ship to Canada?']).score, detectFrustration(message).score);
  });

  it('keeps the score between 0 and 1', () => {
    const furious = detectFrustration('WTF!!! THIS IS THE WORST, MOST USELESS, PATHETIC SCAM EVER. Third time I ask. Lawyer, chargeback, one star review. FFS!!!', ['wtf worst scam', 'worst scam ever wtf']);
    assert.equal(furious.score, 1);
  });
});

describe('signal variables for conditions', () => {
  it('nests the signals under user, as CEL conditions name them', () => {
    const variables = signalVariables('Useless bot!!! Let me talk to a human', ['The download link is broken']);
    assert.equal(variables.user.requests_human, true);
    assert.equal(variables.user.frustration_detected, true);
    assert.ok(variables.user.frustration_score >= 0.5);
    assert.ok(variables.user.frustration_cues.includes('intensifier:useless'));
  });

  it('is all quiet for a calm question', () => {
    assert.deepEqual(signalVariables('What are your opening hours?'), {
      user: { requests_human: false, frustration_detected: false, frustration_score: 0, frustration_cues: [] },
    });
  });
});
