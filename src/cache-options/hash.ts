import { createHash } from 'node:crypto'

/** The first `length` hex digits of sha256(text): a stable tag that tells names apart. */
export function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length)
}
