// Detects an explicit request for a person ("let me speak to an agent", "real human please",
// "stop the bot"). A noun alone is not a request: "human resources invoice" or "the human body".
//
// Asking what we are ("are you a bot?", "am I talking to a human?") is deliberately NOT a request:
// the flow should answer honestly and offer a person, and the customer decides. Declining one
// ("no need for a person", "don't transfer me") is not a request either.

export interface HumanRequest {
  requested: boolean;
  // The words that made the decision, shown in the trace.
  phrase: string | null;
}

const alternatives = (words: readonly string[]): string => `(?:${words.join('|')})`;

// Common misspellings are listed because angry customers type fast.
const humanWord = String.raw`(?:h(?:uman|uamn|umna|unam|ooman|umam|man|muan))(?:\s+beings?|s)?(?!\s+(?:resources|error|errors|body|rights|nature|race|readable)\b)`;
const strictPeople = [
  humanWord,
  String.raw`p(?:erson|ersn|reson|eson)`,
  String.raw`ag(?:ent|net|etn)s?`,
  String.raw`rep(?:resentative|resentitive|rasentative|resentive|resenative|rsentative)?s?`,
  String.raw`op(?:erator|perator|rator)s?`,
  String.raw`(?:manager|manger|supervisor|supervisior)s?`,
  String.raw`(?:staff|team)\s+members?|employees?|member\s+of\s+(?:your\s+|the\s+)?(?:support\s+)?(?:team|staff)`,
  String.raw`(?:customer\s+)?(?:service|support|care)\s+(?:agent|rep|representative|person|staff|team)s?`,
  String.raw`live\s+(?:agent|chat|support|person)`,
  String.raw`(?:someone|somebody)\s+(?:real|in\s+charge|(?:from|in|at)\s+(?:your\s+|the\s+)?(?:team|staff|support|customer\s+service|company|shop|store|office)(?:\s+team)?)`,
  String.raw`(?:store\s+|shop\s+)?owner|boss`,
  String.raw`real\s+people|actual\s+people`,
];
// "someone" is a person only when the verb asks for contact: "can someone help me" is not a request.
const anyPeople = [...strictPeople, 'someone', 'somebody', 'anyone', 'anybody', 'people', String.raw`(?:your|the)\s+team`];
// "customer service" is a person only when asked to be put through: "can I contact support on
// Sunday?" is a question about hours.
const servicePeople = [...anyPeople, String.raw`(?:customer\s+)?(?:service|support|care)(?:\s+team)?`];

const qualifiers = String.raw`(?:(?:a|an|the|some|any|your|one\s+of\s+your|real|actual|live|living|proper|competent|human|flesh\s+and\s+blood)\s+)*`;
const strictPerson = `${qualifiers}${alternatives(strictPeople)}(?![-'\\w])`;
const anyPerson = `${qualifiers}${alternatives(anyPeople)}(?![-'\\w])`;
const servicePerson = `${qualifiers}${alternatives(servicePeople)}(?![-'\\w])`;
const botWord = String.raw`(?:stupid\s+|useless\s+|dumb\s+|automated\s+|damn\s+)?(?:bots?|robots?|chat\s?bots?|machines?|ai|automated\s+(?:replies|responses|answers|messages|system))`;
const typedTalk = String.raw`(?:talk|tlak|tak|speak|speek|spek|chat)`;
const contactVerb = [
  typedTalk,
  String.raw`get\s+through|(?:be\s+)?put\s+(?:me\s+)?through|put\s+me\s+in\s+touch|get\s+in\s+touch`,
  String.raw`(?:be\s+)?transferr?(?:ed)?(?:\s+me)?|connect(?:ed)?(?:\s+me)?|switch\s+me`,
  String.raw`(?:pass|forward|hand)\s+(?:me|this|it|my\s+\w+)(?:\s+(?:on|over))?`,
  String.raw`escalate(?:\s+(?:this|it|me))?`,
].join('|');

const rules: readonly RegExp[] = [
  // "let me speak to an agent", "transfer me to a representative", "put me through to someone"
  new RegExp(String.raw`\b(?:${contactVerb})\s+(?:over\s+)?(?:to|with)\s+${servicePerson}`, 'giu'),
  // "can I get a call back from someone in customer service"
  new RegExp(String.raw`\bcall\s*back\s+from\s+${anyPerson}`, 'giu'),
  // "how do I reach a real person", "contact a human"
  new RegExp(String.raw`\b(?:reach|contact|get\s+hold\s+of|get\s+ahold\s+of)\s+${anyPerson}`, 'giu'),
  // "I want a manager", "need a human", "asking for an agent"
  new RegExp(String.raw`\b(?:want|need|would\s+like|'d\s+like|demand|request|prefer|insist\s+on|ask(?:ing)?\s+for)\s+${strictPerson}`, 'giu'),
  // "get me a human", "give me someone who knows"
  new RegExp(String.raw`\b(?:get|give|bring|find|send)\s+me\s+${anyPerson}`, 'giu'),
  // "is there a human", "are there any real people", "can I get an agent", "anyone there?"
  new RegExp(String.raw`\b(?:is|are)\s+there\s+${anyPerson}`, 'giu'),
  new RegExp(String.raw`\bcan\s+(?:i|we)\s+(?:get|have|see|please\s+(?:get|have))\s+${strictPerson}`, 'giu'),
  new RegExp(String.raw`\b(?:anyone|anybody|someone|somebody)\s+(?:there|here|around|available|alive|awake|home)\b`, 'giu'),
  // "can a human look at this", "have someone call me"
  new RegExp(String.raw`\b${strictPerson}\s+(?:please\s+)?(?:look|check|review|handle|read|answer|respond|reply|help|call|contact)\b`, 'giu'),
  new RegExp(String.raw`\b(?:have|can|could)\s+(?:someone|somebody)\s+(?:please\s+)?(?:call|phone|ring|contact)\s+me\b`, 'giu'),
  // "real person please", "human now!"
  new RegExp(String.raw`\b${strictPerson}\s*,?\s*(?:please|pls|plz|now|asap)\b`, 'giu'),
  new RegExp(String.raw`\b(?:please|pls|plz)\s*,?\s*${strictPerson}`, 'giu'),
  // The whole message is the noun: "agent", "HUMAN!!"
  new RegExp(String.raw`^[\s\p{P}]*${strictPerson}[\s\p{P}]*$`, 'giu'),
  // "stop the bot", "enough with this bot", "I don't want to talk to a machine"
  new RegExp(String.raw`\b(?:stop|enough\s+(?:with|of)|no\s+more|done\s+with|tired\s+of|sick\s+of|fed\s+up\s+with|bypass|skip|get\s+rid\s+of|turn\s+off)\s+(?:(?:the|this|your|these|talking\s+to|with)\s+)*${botWord}(?![-\w])`, 'giu'),
  new RegExp(String.raw`\b(?:do\s*n[o']?t|dont|do\s+not)\s+want\s+(?:to\s+${typedTalk}\s+(?:to|with)\s+)?(?:a|an|the|this|your|some)\s+${botWord}(?![-\w])`, 'giu'),
  new RegExp(String.raw`\bescalat(?:e|ing)\s+(?:this|it|my\s+(?:case|ticket|issue|request|complaint|problem))\b`, 'giu'),
];

// A decline earlier in the same clause turns the phrase around: "no need to talk to a person".
const declines = /\b(?:no\s+need|not\s+necessary|unnecessary|no\s+thanks|rather\s+not|instead\s+of|without|(?:do\s*n[o']?t|dont|does\s*n[o']?t|never|no)\s+(?:really\s+|even\s+)?(?:need|want|wish|require|have\s+to|transfer|connect|escalate|forward|pass|put|bother))\b/iu;
const clauseBreak = /[.!?;,]|\bbut\b/giu;

export function detectHumanRequest(message: string): HumanRequest {
  const text = message.replace(/[\u2018\u2019]/g, "'"); // same length, so phrases stay aligned
  for (const rule of rules) {
    for (const match of text.matchAll(rule)) {
      if (!declined(text.slice(0, match.index), match[0])) return { requested: true, phrase: match[0].trim() };
    }
  }
  return { requested: false, phrase: null };
}

function declined(before: string, phrase: string): boolean {
  // A phrase that itself rejects the bot ("don't want a bot") already carries its negation.
  if (/\bbots?\b|\brobots?\b|\bmachines?\b|\bai\b/iu.test(phrase)) return false;
  return declines.test(currentClause(before) + phrase);
}

function currentClause(before: string): string {
  let start = 0;
  for (const match of before.matchAll(clauseBreak)) start = match.index + match[0].length;
  return before.slice(start);
}
