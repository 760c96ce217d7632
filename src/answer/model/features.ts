/**
 * The named features the reader's model scores, in one place: one set describes a candidate
 * sentence (does it answer the question?), the other a composed answer (is it right, or should the
 * assistant refuse?). Every feature is a number, most in 0–1; `npm run train` fits their weights.
 */
import type { Intent } from '../../types.js';

/** What describes a candidate sentence, computed in candidates/evidence.ts. */
export const SENTENCE_FEATURES = [
  /** IDF-weighted share of the question's terms the sentence holds. */
  'coverage',
  /** The same with the sentence before it (the scene a short statement relies on). */
  'contextCoverage',
  /** The same over the sentence's whole passage and its headings. */
  'passageCoverage',
  /** Share of the question's character bigrams in the sentence (catches what segmentation splits). */
  'bigramOverlap',
  /** 1 / (1 + the passage's retrieval rank). */
  'reciprocalRank',
  /** The passage's retrieval score over the best passage's. */
  'retrievalScore',
  /** A statement (punctuated, or long), not a heading or headline. */
  'statement',
  /** Share of the question's critical terms (a named year, the most specific words) in the sentence. */
  'criticalShare',
  /** The document lacks a critical term of the question (1 − the pinning factor). */
  'criticalMissing',
  /** The sentence names the thing the question asks for, right after its question word. */
  'focused',
  /** The sentence holds a term the question quotes (“…”). */
  'quotesTerm',
  /** …and defines it (是指, 所称). */
  'definesTerm',
  /** The question asks what is excluded and the sentence excludes (不予, 除外). */
  'statesExclusion',
  /** The sentence holds a span of the answer type the question expects (a number, a name, a date). */
  'typeMatch',
  /**
   * The sentence names another year, half, quarter or month than the question asks, a half for a
   * quarter or a quarter for a half, or counts a measure per another span of time (每月 asked, 年 printed):
   * question/periods.ts.
   */
  'periodConflict',
  /** The question names a place; the sentence names another place and not it. */
  'placeConflict',
  /** Share of the question's terms in the document's title. */
  'titleCoverage',
  /** Share of the retrieved passages that come from the sentence's document. */
  'documentShare',
  /** Sentence length, in 200 characters, at most 1. */
  'length',
  /** Near the start of its document (a report's lede): 1 / (1 + offset / 500). */
  'leading',
  /**
   * The question states a quantity ("签了三年的合同") and the sentence's condition range holds it (1)
   * or the sentence states ranges of that kind and none holds it (−1): candidates/ranges.ts.
   */
  'conditionRange',
  /** Coverage over the best coverage among the candidates: the question's own scale. */
  'relativeCoverage',
  /**
   * The hand-weighted combination the reader used before it was fitted (coverage first, scaled for
   * statements, critical terms, focus, quoted terms): a strong prior the fitted weights correct.
   */
  'handScore',
] as const;

export type SentenceFeature = (typeof SENTENCE_FEATURES)[number];
export type SentenceFeatures = Record<SentenceFeature, number>;

/** The best sentence's features the answer model also reads, as the sentence model has them. */
export const BEST_SENTENCE_FEATURES = ['typeMatch', 'criticalMissing', 'criticalShare', 'periodConflict', 'coverage', 'passageCoverage'] as const satisfies readonly SentenceFeature[];

/** What describes a composed answer, computed in answerer.ts. */
export const ANSWER_FEATURES = [
  /** How well the quoted evidence covers the question, as each answer kind measures it (0–1). */
  'support',
  /** The sentence model's score for the best sentence. */
  'topScore',
  /** How far the best sentence leads the best sentence of any other document. */
  'margin',
  ...BEST_SENTENCE_FEATURES,
  /** The answer kind (a general answer is the base), and its support as each kind measures it. */
  'figure',
  'conditions',
  'drafting',
  'lookup',
  'figureSupport',
  'conditionsSupport',
  'draftingSupport',
  'lookupSupport',
  /** The answer's parts could not all be answered. */
  'partial',
] as const;

export type AnswerFeature = (typeof ANSWER_FEATURES)[number];
export type AnswerFeatures = Record<AnswerFeature, number>;

type IntentFeature = 'figure' | 'conditions' | 'drafting' | 'lookup';

/** The answer kind, one-hot, and the support under each kind (support means something else in each). */
export function intentFeatures(intent: Intent, support: number): Pick<AnswerFeatures, IntentFeature | `${IntentFeature}Support`> {
  const is = (kind: IntentFeature) => (intent === kind ? 1 : 0);
  return {
    figure: is('figure'),
    conditions: is('conditions'),
    drafting: is('drafting'),
    lookup: is('lookup'),
    figureSupport: is('figure') * support,
    conditionsSupport: is('conditions') * support,
    draftingSupport: is('drafting') * support,
    lookupSupport: is('lookup') * support,
  };
}

/** A clause for the quantity the question states ranks above its neighbours for other ranges. */
const RANGE_FACTOR: Record<number, number> = { 1: 1.3, 0: 1, [-1]: 0.5 };

export function handScore(f: Omit<SentenceFeatures, 'handScore'>): number {
  const linear = 0.45 * f.coverage + 0.15 * f.contextCoverage + 0.2 * f.passageCoverage + 0.1 * f.bigramOverlap + 0.1 * f.reciprocalRank;
  const scale = (f.statement ? 1 : 0.6) * (1 + 0.3 * f.criticalShare) * (f.focused ? 1.3 : 1) * (f.quotesTerm ? 1.2 : 1) * (f.definesTerm ? 1.5 : 1) * (f.statesExclusion ? 1.25 : 1);
  return linear * scale * RANGE_FACTOR[f.conditionRange]!;
}

export function vectorOf<F extends string>(names: readonly F[], features: Record<F, number>): number[] {
  return names.map((name) => features[name]);
}
