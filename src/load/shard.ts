import path from 'node:path'
import {UsageError} from '../config/options.ts'
import type {Article} from '../types.ts'

/** One slice of a build split over several machines: shard `index` (1-based) of `count`. */
export interface Shard {
  index: number
  count: number
}

/** `2/4` → `{index: 2, count: 4}`; anything else is a usage error. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(String(text))
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UsageError(`Unexpected shard \`${String(text)}\`, expected I/N with 1 ≤ I ≤ N, such as \`2/4\``)
  }
  return {index, count}
}

/**
 * The articles this shard builds. The slugs must already be assigned over every article (a slug
 * depends on the others), so each machine agrees on them. Sorted by slug, then dealt round-robin:
 * every article lands in exactly one shard, and shard sizes differ by at most one. Slugs compare
 * by code unit, not by locale, so machines with different locales cut the same slices.
 */
export function selectShard(articles: readonly Article[], shard: string | undefined): Article[] {
  if (shard === undefined) return [...articles]
  const {index, count} = parseShard(shard)
  // Only articles that failed to load can share a slug; their paths keep the order total.
  const key = (a: Article) => [a.slug, path.relative(a.file.cwd, a.file.path)] as const
  const sorted = [...articles].sort((a, b) => compare(key(a), key(b)))
  const mine = new Set(sorted.filter((_, position) => position % count === index - 1))
  // The build goes on in input order, as it would unsharded.
  return articles.filter((a) => mine.has(a))
}

function compare(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]! ? -1 : 1
  }
  return 0
}
