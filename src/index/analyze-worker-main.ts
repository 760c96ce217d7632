/** A worker of the analysis pool: analyses batches of documents and posts them back in a compact form. */
import { parentPort, workerData } from 'node:worker_threads';
import type { ChunkingConfig } from '../config.js';
import type { PolicyDocument } from '../types.js';
import { analyzeDocument } from './analyze.js';
import { pack, type AnalyzeRequest } from './analyze-pool.js';

const { chunking } = workerData as { chunking: ChunkingConfig };
parentPort!.on('message', ({ id, documents }: AnalyzeRequest) => {
  try {
    parentPort!.postMessage({ id, analyses: documents.map((document: PolicyDocument) => pack(analyzeDocument(document, chunking))) });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error)?.message ?? String(error) });
  }
});
