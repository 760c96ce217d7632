/**
 * The naive baseline scored beside every eval run: fixed-size character chunks of the same cleaned
 * documents, the same hashed embeddings without jieba words, exact cosine search, no BM25, and the
 * top passage returned as the answer (what a plain vector-search chatbot without an LLM shows).
 */
import { HashEmbedder } from '../index/embed/hash-embedder.js';
import type { PolicyIndex } from '../index/store.js';

export const BASELINE_CHUNK_CHARS = 300;
/** The baseline's hashed vectors, whatever the index was built with. */
export const BASELINE_DIMENSIONS = 256;

export interface BaselinePassage {
  docId: string;
  title: string;
  start: number;
  end: number;
  text: string;
}

export class NaiveBaseline {
  private readonly vectors: Float32Array;

  private constructor(
    private readonly passages: BaselinePassage[],
    private readonly embedder: HashEmbedder,
  ) {
    const dimensions = embedder.dimensions;
    this.vectors = new Float32Array(passages.length * dimensions);
    passages.forEach((passage, i) => this.vectors.set(embedder.embedOne(passage.text), i * dimensions));
  }

  static build(index: PolicyIndex, dimensions: number, chunkChars = BASELINE_CHUNK_CHARS): NaiveBaseline {
    const passages: BaselinePassage[] = [];
    for (const document of index.documents.values()) {
      for (let start = 0; start < document.text.length; start += chunkChars) {
        const end = Math.min(document.text.length, start + chunkChars);
        passages.push({ docId: document.id, title: document.title, start, end, text: document.text.slice(start, end) });
      }
    }
    return new NaiveBaseline(passages, new HashEmbedder({ dimensions }));
  }

  search(question: string, limit: number): BaselinePassage[] {
    const query = this.embedder.embedOne(question);
    const dimensions = query.length;
    const scores = new Float32Array(this.passages.length);
    for (let i = 0; i < this.passages.length; i++) {
      let dot = 0;
      const offset = i * dimensions;
      for (let d = 0; d < dimensions; d++) dot += query[d]! * this.vectors[offset + d]!;
      scores[i] = dot;
    }
    return [...scores.keys()]
      .sort((a, b) => scores[b]! - scores[a]!)
      .slice(0, limit)
      .map((i) => this.passages[i]!);
  }
}
