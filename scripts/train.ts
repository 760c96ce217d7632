/**
 * `npm run train -- [--suite eval/suites.json] [--only NAMES] [--sample N] [--precision P] [--ranker-l2 X]
 *                   [--answer-features NAMES] [--out FILE]`
 *
 * Fits the reader's model (src/answer/model/model.ts) on the dev sets of every corpus of the suite file
 * and writes src/answer/model/reader-weights.json:
 *  1. every item is asked (tuning and validation parts); the candidate sentences of each answer are
 *     labelled by whether they hold a gold answer string;
 *  2. the sentence ranker (linear, fitted listwise: each question's answering candidates against
 *     the rest, on the tuning parts) starts from the hand-weighted prior and is held near it by
 *     --ranker-l2 (the default keeps the prior: see README, "How answering works");
 *  3. with it in place every item is asked again, and the answer model (logistic: the probability
 *     that the answer given is right; unanswerable items are never right) is fitted on the features
 *     named by --answer-features on the tuning parts, each corpus weighing the same;
 *  4. the refusal threshold is the lowest, midway between two distinct predicted probabilities, at
 *     which the pooled validation parts (each corpus weighing the same, unanswerable items included)
 *     reach the stated precision.
 * It prints the data, the metrics per corpus before and after, and the reliability curve.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import type { Assistant } from '../src/answer/assistant.js';
import { ANSWER_FEATURES, SENTENCE_FEATURES, vectorOf } from '../src/answer/model/features.js';
import { ReaderModel, sigmoid, standardModel, type LogisticWeights, type ReaderWeights } from '../src/answer/model/model.js';
import { candidateThresholds } from '../src/answer/model/threshold.js';
import { openAssistant } from '../src/cli/open-index.js';
import { loadConfig } from '../src/config.js';
import { readDataset, type EvalItem } from '../src/eval/dataset.js';
import { isCorrect, normalizeForMatch } from '../src/eval/score.js';
import { partOf, sample, type Part } from '../src/eval/split.js';
import { askAndTrace } from '../src/eval/search.js';
import { corpusFolder, readSuites, type Suite } from '../src/eval/suite.js';

interface Asked {
  suite: string;
  part: Part;
  answerable: boolean;
  /** Candidate sentences: features and whether each holds a gold answer. */
  candidates: Array<{ x: number[]; positive: boolean }>;
  answer: { x: number[]; correct: boolean };
}

/**
 * The priors the fits start from and are held near (`--ranker-l2`, `--answer-l2`): the hand-weighted
 * sentence score, and refusal below a support of 0.35 (the rule before the model), which were
 * tuned on the seeds over many sessions. The data moves the weights away from them where it can.
 */
const HAND_SCALE = 10;
const SUPPORT_SCALE = 10;
const SUPPORT_BIAS = -3.5;

/** Candidates kept per question, best first: enough to hold the answer when retrieval found it. */
const CANDIDATES = 80;

async function askAll(assistant: Assistant, suite: string, items: EvalItem[]): Promise<Asked[]> {
  const asked: Asked[] = [];
  for (const [n, item] of items.entries()) {
    const { trace } = await askAndTrace(assistant, item, `train:${item.id}:${n}`);
    if (!trace) continue;
    const golds = item.answers.map(normalizeForMatch);
    asked.push({
      suite,
      part: partOf(item.id),
      answerable: item.answers.length > 0,
      candidates: trace.evidence.slice(0, CANDIDATES).map((e) => ({
        x: vectorOf(SENTENCE_FEATURES, e.features),
        positive: golds.some((gold) => normalizeForMatch(e.text).includes(gold)),
      })),
      answer: { x: vectorOf(ANSWER_FEATURES, trace.features), correct: isCorrect(item, trace.text, true) },
    });
    if (process.stderr.isTTY && n % 50 === 0) process.stderr.write(`\r${suite}: ${n}/${items.length} questions`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  return asked;
}

interface Row {
  x: number[];
  y: number;
  weight: number;
}

/** Weighted logistic regression by full-batch gradient descent (Adam), with a small L2 penalty. */
function fitLogistic(rows: Row[], dimensions: number, { l2 = 1e-3, steps = 1500, rate = 0.05, prior = new Array<number>(dimensions + 1).fill(0) } = {}): { bias: number; w: number[] } {
  const w = [...prior];
  const m = new Array<number>(dimensions + 1).fill(0);
  const v = new Array<number>(dimensions + 1).fill(0);
  const total = rows.reduce((sum, r) => sum + r.weight, 0);
  for (let step = 1; step <= steps; step++) {
    const grad = new Array<number>(dimensions + 1).fill(0);
    for (const { x, y, weight } of rows) {
      let z = w[dimensions]!;
      for (let i = 0; i < dimensions; i++) z += w[i]! * x[i]!;
      const error = (sigmoid(z) - y) * weight;
      for (let i = 0; i < dimensions; i++) grad[i]! += error * x[i]!;
      grad[dimensions]! += error;
    }
    for (let i = 0; i <= dimensions; i++) {
      const g = grad[i]! / total + (i < dimensions ? l2 * (w[i]! - prior[i]!) : 0);
      m[i] = 0.9 * m[i]! + 0.1 * g;
      v[i] = 0.999 * v[i]! + 0.001 * g * g;
      w[i]! -= (rate * (m[i]! / (1 - 0.9 ** step))) / (Math.sqrt(v[i]! / (1 - 0.999 ** step)) + 1e-8);
    }
  }
  return { bias: w[dimensions]!, w: w.slice(0, dimensions) };
}

/**
 * A ranking of each question's candidates (softmax over them, the answering ones the target), so
 * the weights are fitted for what the reader does: pick the best sentence.
 */
function fitRanker(questions: Array<Array<{ x: number[]; positive: boolean }>>, dimensions: number, { l2 = 1e-3, steps = 800, rate = 0.05, prior = new Array<number>(dimensions).fill(0) } = {}): { bias: number; w: number[] } {
  const w = [...prior];
  const m = new Array<number>(dimensions).fill(0);
  const v = new Array<number>(dimensions).fill(0);
  for (let step = 1; step <= steps; step++) {
    const grad = new Array<number>(dimensions).fill(0);
    for (const candidates of questions) {
      const scores = candidates.map((c) => c.x.reduce((z, xi, i) => z + w[i]! * xi, 0));
      const top = Math.max(...scores);
      const exp = scores.map((z) => Math.exp(z - top));
      const all = exp.reduce((a, b) => a + b, 0);
      const pos = exp.reduce((a, e, i) => a + (candidates[i]!.positive ? e : 0), 0);
      candidates.forEach((c, j) => {
        const g = exp[j]! / all - (c.positive ? exp[j]! / pos : 0);
        for (let i = 0; i < dimensions; i++) grad[i]! += g * c.x[i]!;
      });
    }
    for (let i = 0; i < dimensions; i++) {
      const g = grad[i]! / questions.length + l2 * (w[i]! - prior[i]!);
      m[i] = 0.9 * m[i]! + 0.1 * g;
      v[i] = 0.999 * v[i]! + 0.001 * g * g;
      w[i]! -= (rate * (m[i]! / (1 - 0.9 ** step))) / (Math.sqrt(v[i]! / (1 - 0.999 ** step)) + 1e-8);
    }
  }
  // Back on the hand-weighted score's scale: the prior itself gives exactly that score.
  return { bias: 0, w: w.map((wi) => wi / HAND_SCALE) };
}

function asWeights(names: readonly string[], fit: { bias: number; w: number[] }): LogisticWeights {
  const round = (x: number) => Number(x.toFixed(4));
  return { bias: round(fit.bias), weights: Object.fromEntries(names.map((name, i) => [name, round(fit.w[i]!)])) };
}

const score = (model: LogisticWeights, names: readonly string[], x: number[]) => names.reduce((z, name, i) => z + (model.weights[name] ?? 0) * x[i]!, model.bias);

/** Share of questions (with an answering candidate) whose best-scored candidate answers. */
function topSentenceAccuracy(asked: Asked[], model: LogisticWeights): number {
  const usable = asked.filter((a) => a.candidates.some((c) => c.positive));
  const right = usable.filter((a) => {
    const best = a.candidates.reduce((x, y) => (score(model, SENTENCE_FEATURES, y.x) > score(model, SENTENCE_FEATURES, x.x) ? y : x));
    return best.positive;
  });
  return usable.length === 0 ? 0 : right.length / usable.length;
}

/** Each corpus weighing the same: an item's weight is 1 / (items of its corpus in the set). */
function perCorpusWeights(asked: Asked[]): Map<Asked, number> {
  const counts = new Map<string, number>();
  for (const a of asked) counts.set(a.suite, (counts.get(a.suite) ?? 0) + 1);
  return new Map(asked.map((a) => [a, 1 / counts.get(a.suite)!]));
}

interface Operating {
  threshold: number;
  precision: number;
  bySuite: Record<string, { answeredRight: number; refused: number }>;
}

function operatingPoint(asked: Asked[], probability: (a: Asked) => number, threshold: number): Operating {
  const weights = perCorpusWeights(asked);
  let answeredWeight = 0;
  let rightWeight = 0;
  const bySuite: Operating['bySuite'] = {};
  for (const suite of new Set(asked.map((a) => a.suite))) {
    const of = asked.filter((a) => a.suite === suite);
    const answerable = of.filter((a) => a.answerable);
    const traps = of.filter((a) => !a.answerable);
    bySuite[suite] = {
      answeredRight: answerable.filter((a) => probability(a) >= threshold && a.answer.correct).length / Math.max(1, answerable.length),
      refused: traps.filter((a) => probability(a) < threshold).length / Math.max(1, traps.length),
    };
  }
  for (const a of asked) {
    if (probability(a) < threshold) continue;
    answeredWeight += weights.get(a)!;
    if (a.answerable && a.answer.correct) rightWeight += weights.get(a)!;
  }
  return { threshold, precision: answeredWeight === 0 ? 1 : rightWeight / answeredWeight, bySuite };
}

function formatOperating(point: Operating): string {
  const suites = Object.entries(point.bySuite).map(([suite, s]) => `${suite} ${s.answeredRight.toFixed(3)}/${s.refused.toFixed(3)}`);
  return `threshold ${point.threshold.toFixed(4)}  precision ${point.precision.toFixed(3)}  ${suites.join('  ')}`;
}

function reliability(asked: Asked[], probability: (a: Asked) => number): string {
  const lines = ['predicted   items  observed'];
  for (let bin = 0; bin < 10; bin++) {
    const inBin = asked.filter((a) => Math.min(9, Math.floor(probability(a) * 10)) === bin);
    if (inBin.length === 0) continue;
    const mean = inBin.reduce((s, a) => s + probability(a), 0) / inBin.length;
    const observed = inBin.filter((a) => a.answerable && a.answer.correct).length / inBin.length;
    lines.push(`${(bin / 10).toFixed(1)}–${((bin + 1) / 10).toFixed(1)} ${mean.toFixed(2).padStart(5)} ${String(inBin.length).padStart(6)}  ${observed.toFixed(3)}`);
  }
  return lines.join('\n');
}

async function askSuites(suites: Suite[], model: ReaderModel, sampleSize: number | undefined): Promise<Asked[]> {
  const asked: Asked[] = [];
  for (const suite of suites) {
    const corpus = await corpusFolder(suite, path.resolve('data/corpora'));
    const config = { ...loadConfig(), corpusDir: corpus, indexDir: suite.index };
    const assistant = await openAssistant(config, { corpusGiven: true, answerer: { model } });
    for (const dataset of suite.datasets) {
      const items = await readDataset(dataset);
      asked.push(...(await askAll(assistant, suite.name, sampleSize ? sample(items, sampleSize) : items)));
    }
  }
  return asked;
}

const program = new Command()
  .description('Fit the reader model (sentence scorer and calibrated refusal) on the dev sets and write its weights.')
  .option('--suite <file>', 'suite file of (corpus, index, datasets)', 'eval/suites.json')
  .option('--only <names>', 'only these suites (comma-separated)')
  .option('--sample <n>', 'at most n items per dataset, the same ones every run', '1500')
  // (The curve is flat here, so the target decides how far a gain in precision is spent on answering
  // more. The seed corpus's near-miss traps cluster at support 0.243–0.246, just below the threshold
  // the sessions have kept (support 0.247), and only 28 of them stand in the validation parts. A
  // change that answers more right at the same threshold raises precision, and at the old target the
  // threshold then falls among those traps: in the seventeenth session the neighbouring clauses moved
  // it at 0.697 to support 0.243, answering 5 more of all seed questions' traps and 4 laws validation
  // traps for one laws answer. So the target rises with the reader: 0.685, 0.688, 0.694, 0.697, 0.704,
  // 0.7045, 0.707, 0.708, and 0.709 now (support 0.2455, below). In the eighteenth session the gap between neighbouring operating points was
  // that narrow: midway, 0.704 would once have chosen support 0.2455 (0.000024 from an answer) and
  // 0.705 support 0.2487 (a laws validation answer refused). In the nineteenth, with the written news
  // set, 0.7045 chose support 0.2432 and 0.706 support 0.2455; in the twentieth, with the civil code's
  // articles headed, 0.707 chose support 0.2455 (0.000027 from an answer). In the twenty-second,
  // with the statutory terms of everyday words searched at 0.6, 0.708 chooses support 0.2451 (0.0003
  // from an answer), 0.709 support 0.2455, the same validation operating point as 0.2470 (tuning laws
  // +1 answer −1 trap, all seed questions unchanged), and 0.710 support 0.2487, refusing a laws
  // validation answer.)
  .option('--precision <p>', 'precision the refusal threshold is chosen for, on the pooled validation parts', '0.709')
  .option('--ranker-l2 <x>', 'how strongly the sentence weights are held near the hand-weighted prior', '1000')
  .option('--answer-l2 <x>', 'how strongly the answer weights are held near the support-threshold prior', '0.001')
  .option('--answer-features <names>', 'answer features to fit (comma-separated, or all)', 'support')
  .option('--out <file>', 'weights file to write', 'src/answer/model/reader-weights.json')
  .action(async (flags: { suite: string; only?: string; sample: string; precision: string; rankerL2: string; answerL2: string; answerFeatures: string; out: string }) => {
    const only = flags.only?.split(',');
    const suites = (await readSuites(flags.suite)).filter((s) => !only || only.includes(s.name));
    const sampleSize = Number(flags.sample);
    const targetPrecision = Number(flags.precision);
    const before = standardModel();

    // 1–2: the sentence model.
    const first = await askSuites(suites, before, sampleSize);
    const tuning = first.filter((a) => a.part === 'tuning');
    const ranked = tuning.map((a) => a.candidates).filter((candidates) => candidates.some((c) => c.positive) && candidates.some((c) => !c.positive));
    const sentence = asWeights(SENTENCE_FEATURES, fitRanker(ranked, SENTENCE_FEATURES.length, { l2: Number(flags.rankerL2), prior: SENTENCE_FEATURES.map((name) => (name === 'handScore' ? HAND_SCALE : 0)) }));
    console.log(`\nSentence model: ${ranked.reduce((n, c) => n + c.length, 0)} candidates of ${ranked.length} tuning questions with an answering one (of ${tuning.length})`);
    console.log('top sentence holds the answer (questions with an answering candidate), before → after:');
    for (const suite of suites) {
      for (const part of ['tuning', 'validation'] as const) {
        const of = first.filter((a) => a.suite === suite.name && a.part === part);
        console.log(`  ${suite.name.padEnd(8)} ${part.padEnd(10)} ${topSentenceAccuracy(of, before.weights.sentence).toFixed(3)} → ${topSentenceAccuracy(of, sentence).toFixed(3)}  (${of.filter((a) => a.candidates.some((c) => c.positive)).length} questions)`);
      }
    }

    // 3: the answer model, with the new sentence model in place.
    const withSentence = new ReaderModel({ ...before.weights, sentence });
    const second = await askSuites(suites, withSentence, sampleSize);
    const weights = perCorpusWeights(second.filter((a) => a.part === 'tuning'));
    const answerRows: Row[] = second
      .filter((a) => a.part === 'tuning')
      .map((a) => ({ x: a.answer.x, y: a.answerable && a.answer.correct ? 1 : 0, weight: weights.get(a)! }));
    // Only the features named by --answer-features are fitted; the others keep weight 0.
    const fitted = ANSWER_FEATURES.filter((name) => flags.answerFeatures === 'all' || flags.answerFeatures.split(',').includes(name));
    const pick = (x: number[]) => fitted.map((name) => x[ANSWER_FEATURES.indexOf(name)]!);
    const answerFit = fitLogistic(
      answerRows.map((row) => ({ ...row, x: pick(row.x) })),
      fitted.length,
      { l2: Number(flags.answerL2), prior: [...fitted.map((name) => (name === 'support' ? SUPPORT_SCALE : 0)), SUPPORT_BIAS] },
    );
    const answer = asWeights(fitted, answerFit);
    console.log(`answer model features: ${fitted.join(', ')}`);
    const probability = (a: Asked) => sigmoid(score(answer, ANSWER_FEATURES, a.answer.x));

    // 4: the threshold, on the pooled validation parts.
    const validation = second.filter((a) => a.part === 'validation');
    console.log(`\nAnswer model: ${answerRows.length} tuning answers; validation ${validation.length} (${validation.filter((a) => !a.answerable).length} unanswerable)`);
    console.log('\nReliability on the validation parts (probability the answer is right):');
    console.log(reliability(validation, probability));
    console.log('\nOperating points on the validation parts (answered right / traps refused per corpus):');
    // (Midway between the validation answers' distinct probabilities: model/threshold.ts.) The lowest
    // reaching the stated precision is chosen.
    const points = candidateThresholds(validation.map(probability)).map((t) => operatingPoint(validation, probability, t));
    // (The table shows the last point at or below each of a few round thresholds.)
    const round = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9];
    const shown = points.filter((p, i) => round.some((t) => p.threshold <= t && (points[i + 1]?.threshold ?? 1) > t));
    for (const point of shown) console.log(`  ${formatOperating(point)}`);
    const chosen = points.find((p) => p.precision >= targetPrecision) ?? points.at(-1)!;
    console.log(`\nChosen for precision ≥ ${targetPrecision}: ${formatOperating(chosen)}`);
    const nearest = Math.min(...validation.map((a) => Math.abs(probability(a) - chosen.threshold)));
    console.log(`The nearest validation answer lies ${nearest.toFixed(6)} from that threshold.`);
    const old = operatingPoint(validation, (a) => before.answerProbability(Object.fromEntries(ANSWER_FEATURES.map((n, i) => [n, a.answer.x[i]!])) as never), before.refusalThreshold);
    console.log(`The committed answer model, same sentences: ${formatOperating(old)}`);

    const weightsFile: ReaderWeights = {
      sentence,
      answer,
      refusalThreshold: chosen.threshold,
      trainedOn: {
        suites: suites.map((s) => s.name),
        sample: sampleSize,
        questions: { tuning: tuning.length, validation: validation.length },
        targetPrecision,
        validation: chosen,
      },
    };
    await writeFile(flags.out, `${JSON.stringify(weightsFile, null, 2)}\n`);
    console.log(`\nWrote ${flags.out}.`);
  });

await program.parseAsync();
