// Scores how frustrated a customer sounds, from a small lexicon and surface features, so the
// trace can say exactly why ("intensifier:unacceptable", "shouting:NOW", "history:repeated x2").
//
// Each feature adds a fixed weight (capped per feature); the score is the sum, capped at 1.
// The weights are chosen so one mild cue stays below 0.5 and two independent cues reach it;
// a threat (chargeback, lawyer, bad review) reaches it alone.

export interface Frustration {
  detected: boolean;
  score: number;
  cues: string[];
}

interface FeatureScore {
  score: number;
  cues: string[];
}

interface Lexicon {
  kind: string;
  pattern: RegExp;
  first: number;
  extra: number;
  cap: number;
}

export const frustrationThreshold = 0.5;

// Each lexicon is a list of regex fragments; a hit is the matched words, named in the cue.
const lexicon = (kind: string, fragments: readonly string[], weights: Omit<Lexicon, 'kind' | 'pattern'>): Lexicon => ({
  kind,
  pattern: new RegExp(String.raw`\b(?:${fragments.join('|')})\b`, 'giu'),
  ...weights,
});

const lexicons: readonly Lexicon[] = [
  lexicon('profanity', [
    String.raw`damn(?:it)?`, 'dammit', String.raw`(?:the|to|bloody)\s+hell`, String.raw`crap(?:py)?`, String.raw`shit(?:ty)?`, 'bullshit', 'bs',
    'wtf', 'wth', 'ffs', String.raw`fuck(?:ing|ed)?`, String.raw`f\*+k`, String.raw`sh\*t`, 'bloody', String.raw`screw\s+(?:you|this)`,
  ], { first: 0.35, extra: 0.1, cap: 0.5 }),
  lexicon('anger', [
    'angry', 'furious', 'livid', 'outraged', String.raw`fed\s+up`, String.raw`sick\s+(?:and\s+tired|of)`, 'annoyed', 'irritated',
    String.raw`frustrat(?:ed|ing)`, String.raw`disgust(?:ed|ing)`, String.raw`pissed(?:\s+off)?`, String.raw`infuriat(?:ed|ing)`,
    String.raw`mad\s+at`, 'fuming', 'upset', 'disappointed',
  ], { first: 0.3, extra: 0.1, cap: 0.45 }),
  lexicon('intensifier', [
    'worst', 'ridiculous', 'unacceptable', 'useless', 'pathetic', 'absurd', 'outrageous', 'terrible', 'horrible', 'awful',
    String.raw`a\s+joke`, String.raw`joke\s+of`, String.raw`scam(?:mers?)?`, String.raw`rip-?\s?off`, 'incompetent', String.raw`disgrace(?:ful)?`,
    'shameful', 'nonsense', 'insane', 'garbage', 'rubbish', 'trash', 'appalling', 'unbelievable',
  ], { first: 0.25, extra: 0.1, cap: 0.45 }),
  lexicon('repetition', [
    String.raw`(?:second|third|fourth|fifth|2nd|3rd|4th|5th|\d+th|umpteenth)\s+time`,
    String.raw`how\s+many\s+(?:more\s+)?times`,
    String.raw`(?:already|i'?ve|i\s+have)\s+(?:already\s+)?(?:asked|told\s+you|written|wrote|emailed|contacted|explained|called|messaged|reported)`,
    String.raw`(?:yet|once)\s+again`,
    String.raw`keep\s+(?:asking|telling|getting|sending|waiting)`,
    String.raw`still\s+(?:not|no|nothing|haven'?t|hasn'?t|waiting|broken|does\s*n[o']?t|can'?t)`,
    String.raw`(?:no\s*one|nobody)\s+(?:answers|replies|responds|got\s+back|has\s+(?:replied|answered)|helps|cares)`,
    String.raw`never\s+(?:heard\s+back|got\s+(?:a|any)\s+(?:reply|response|answer))`,
    String.raw`(?:no|zero)\s+(?:reply|response|answer)\s+(?:yet|from)`,
    String.raw`for\s+(?:the\s+past\s+)?(?:weeks|days|months|a\s+(?:week|month)|\d+\s+(?:days|weeks))`,
  ], { first: 0.3, extra: 0.1, cap: 0.4 }),
  // A bare "again" or "still" is a weak hint; the phrases above already count "still not", "yet again".
  lexicon('repetition', [String.raw`(?<!(?:yet|once)\s+)again`, String.raw`still(?!\s+(?:not|no|nothing|haven|hasn|waiting|broken|does|can))`], { first: 0.1, extra: 0, cap: 0.1 }),
  lexicon('threat', [
    String.raw`charge\s?backs?`, String.raw`dispute\s+(?:the|this|it|with)`, String.raw`(?:call|contact|tell)\s+my\s+bank`,
    String.raw`lawyers?`, 'attorney', String.raw`legal\s+action`, String.raw`sue\s+(?:you|your|the)`, 'suing', String.raw`(?:to|in)\s+court`,
    String.raw`small\s+claims`, String.raw`report\s+you`, 'bbb', String.raw`better\s+business\s+bureau`, String.raw`consumer\s+protection`,
    String.raw`trading\s+standards`, 'ombudsman', String.raw`(?:bad|negative|terrible|1[-\s]?star|one[-\s]?star)\s+review`, 'trustpilot',
    String.raw`social\s+media`, String.raw`never\s+(?:order(?:ing)?|buy(?:ing)?|shop(?:ping)?|use|using)\s+(?:from\s+)?(?:you|here|this|again)`,
    String.raw`take\s+my\s+(?:business|money)\s+elsewhere`, String.raw`going\s+elsewhere`, String.raw`switch(?:ing)?\s+to\s+(?:a\s+)?(?:competitor|another)`,
  ], { first: 0.5, extra: 0.1, cap: 0.6 }),
];

// A cue word right after a negation does not count: "not angry", "no big joke".
const negatedBefore = /\b(?:not|never|no|isn'?t|wasn'?t|n't)\s+(?:\w+\s+)?$/iu;

// Letters-only words that are conventionally capitalised, so writing them is not shouting.
const acronyms = new Set(['ORD', 'USD', 'EUR', 'GBP', 'CHF', 'JPY', 'VAT', 'PDF', 'JPG', 'JPEG', 'PNG', 'RAW', 'TIFF', 'ZIP', 'URL', 'FAQ', 'ASAP', 'UPS', 'DHL', 'USPS', 'FEDEX', 'DPD', 'GLS', 'API', 'APP', 'IOS', 'SMS', 'OTP', 'PIN', 'CVV', 'IBAN', 'BIC', 'SWIFT', 'USA', 'UK', 'EU', 'HTML', 'CSV', 'CEO', 'CET', 'GMT', 'UTC', 'EST', 'PST', 'BST', 'RMA', 'SKU', 'USB', 'VPN', 'HTTP', 'HTTPS', 'WWW', 'GDPR', 'NFT', 'DVD', 'CMYK', 'RGB', 'DPI', 'AMEX', 'SEPA', 'ACH', 'THX']);

export function detectFrustration(text: string, history: readonly string[] = []): Frustration {
  const features = [...lexicons.map((lexicon) => lexiconScore(text, lexicon)), shouting(text), punctuation(text), repeatedHistory(text, history), earlierFrustration(history)];
  const score = Math.round(Math.min(1, features.reduce((sum, feature) => sum + feature.score, 0)) * 100) / 100;
  return { detected: score >= frustrationThreshold, score, cues: features.flatMap((feature) => feature.cues) };
}

function lexiconScore(text: string, lexicon: Lexicon): FeatureScore {
  const hits = new Set<string>();
  for (const match of text.matchAll(lexicon.pattern)) {
    if (!negatedBefore.test(text.slice(Math.max(0, match.index - 24), match.index))) hits.add(match[0].toLowerCase().replace(/\s+/g, ' '));
  }
  if (hits.size === 0) return { score: 0, cues: [] };
  return { score: Math.min(lexicon.cap, lexicon.first + lexicon.extra * (hits.size - 1)), cues: [...hits].map((hit) => `${lexicon.kind}:${hit}`) };
}

function shouting(text: string): FeatureScore {
  const shouted = (text.match(/\b[A-Z]{3,}\b/g) ?? []).filter((word) => !acronyms.has(word));
  if (shouted.length === 0) return { score: 0, cues: [] };
  return { score: shouted.length >= 2 ? 0.3 : 0.15, cues: [`shouting:${shouted.slice(0, 3).join(' ')}`] };
}

function punctuation(text: string): FeatureScore {
  const runs = text.match(/[!?]*(?:!{2}|\?{2}|\?!|!\?)[!?]*/g) ?? [];
  if (runs.length === 0) return { score: 0, cues: [] };
  const strong = runs.length >= 2 || runs.some((run) => run.length >= 3);
  return { score: strong ? 0.25 : 0.15, cues: [`punctuation:${runs[0] ?? ''}`] };
}

// The customer saying the same thing again is the clearest sign they feel unheard.
function repeatedHistory(text: string, history: readonly string[]): FeatureScore {
  const words = contentWords(text);
  const repeats = history.filter((earlier) => similar(words, contentWords(earlier))).length;
  if (repeats === 0) return { score: 0, cues: [] };
  return { score: Math.min(0.4, 0.2 * repeats), cues: [`history:repeated x${repeats}`] };
}

function earlierFrustration(history: readonly string[]): FeatureScore {
  const frustrated = history.some((earlier) => detectFrustration(earlier).detected);
  return frustrated ? { score: 0.15, cues: ['history:earlier frustration'] } : { score: 0, cues: [] };
}

const stopWords = new Set(['the', 'and', 'for', 'you', 'your', 'are', 'was', 'this', 'that', 'with', 'have', 'has', 'not', 'but', 'can', 'please', 'hello', 'thanks', 'thank', 'what', 'when', 'where', 'why', 'how', 'from', 'any', 'just', 'still', 'again', 'here', 'there', 'about', 'would', 'could', 'did', 'does', 'will', 'get', 'got']);

function contentWords(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\d-]{3,}/gu) ?? []).filter((word) => !stopWords.has(word)));
}

// Overlap relative to the shorter message, so a long rant repeating a short question still counts.
function similar(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  return shared >= 2 && shared / Math.min(a.size, b.size) >= 0.5;
}
