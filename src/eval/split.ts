/**
 * Every dev set is split once, by a hash of the item id, into a tuning part (about 70%) that
 * decisions may be fitted on and a validation part (about 30%) that only reports: the split never
 * changes when a set grows or is reordered.
 */
import { createHash } from 'node:crypto';

export type Part = 'tuning' | 'validation';

export const VALIDATION_SHARE = 0.3;

/** A number in [0, 1) fixed by the id. */
export function idHash(id: string): number {
  return createHash('sha1').update(id).digest().readUInt32BE(0) / 2 ** 32;
}

export function partOf(id: string): Part {
  return idHash(id) < VALIDATION_SHARE ? 'validation' : 'tuning';
}

/** At most `size` items, the same ones on every run (lowest id hash first), in their original order. */
export function sample<T extends { id: string }>(items: T[], size: number): T[] {
  if (items.length <= size) return items;
  const keep = new Set(
    [...items]
      .sort((a, b) => idHash(`sample:${a.id}`) - idHash(`sample:${b.id}`))
      .slice(0, size)
      .map((item) => item.id),
  );
  return items.filter((item) => keep.has(item.id));
}
