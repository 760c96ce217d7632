/**
 * The reader's fitted model over the named features of features.ts: a linear ranker scoring
 * candidate sentences, and a logistic regression giving the probability that a composed answer is right
 * (the assistant refuses below the threshold). Weights live in reader-weights.json, written by
 * `npm run train` (scripts/train.ts) from the tuning parts of the dev sets.
 */
import { readFileSync } from 'node:fs';
import { ANSWER_FEATURES, SENTENCE_FEATURES, type AnswerFeatures, type SentenceFeatures } from './features.js';

export interface LogisticWeights {
  bias: number;
  weights: Record<string, number>;
}

export interface ReaderWeights {
  sentence: LogisticWeights;
  answer: LogisticWeights;
  /** Answers whose probability of being right is below this are refused. */
  refusalThreshold: number;
  /** How the weights were fitted: data, metrics, the precision the threshold was chosen for. */
  trainedOn?: unknown;
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function logit(model: LogisticWeights, names: readonly string[], features: Record<string, number>): number {
  let sum = model.bias;
  for (const name of names) sum += (model.weights[name] ?? 0) * (features[name] ?? 0);
  return sum;
}

export class ReaderModel {
  constructor(readonly weights: ReaderWeights) {}

  /**
   * How well the sentence answers, on the scale of the hand-weighted score (features.ts `handScore`):
   * a linear ranker, so the composing rules that compare sentences by ratios of their scores keep
   * their meaning. Weights of 1 on handScore and 0 elsewhere give the reader as it was before fitting.
   */
  sentenceScore(features: SentenceFeatures): number {
    return logit(this.weights.sentence, SENTENCE_FEATURES, features);
  }

  /** Probability that the composed answer is right. */
  answerProbability(features: AnswerFeatures): number {
    return sigmoid(logit(this.weights.answer, ANSWER_FEATURES, features));
  }

  get refusalThreshold(): number {
    return this.weights.refusalThreshold;
  }

  static load(file = new URL('./reader-weights.json', import.meta.url)): ReaderModel {
    return new ReaderModel(JSON.parse(readFileSync(file, 'utf8')) as ReaderWeights);
  }
}

let standard: ReaderModel | undefined;

/** The committed model, read once. */
export function standardModel(): ReaderModel {
  standard ??= ReaderModel.load();
  return standard;
}
