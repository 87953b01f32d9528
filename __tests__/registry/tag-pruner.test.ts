import { describe, expect, it } from '@jest/globals'
import { parseImageRef } from '../../src/cache-options/image-ref.js'
import type { ListedTag } from '../../src/registry/tag-planner.js'
import { pruneRegistry } from '../../src/registry/tag-pruner.js'
import type { CacheRegistry } from '../../src/registry/registry.js'
import { HOUR } from '../helpers/constants.js'

const NOW = 100 * HOUR
const image = parseImageRef('registry.example/o/app-cache')
const ended = (n: number) => ({
  ref: `refs/pull/${n}/merge`,
  ended: { at: NOW - 5 * HOUR, why: `pull request #${n} closed` },
})
const request = (dryRun = false) => ({
  image,
  scopes: ['build'],
  refs: [{ ref: 'refs/heads/main' }, ended(1), ended(2), ended(3)],
  graceMs: HOUR,
  waitAfterEnd: true,
  dryRun,
  clock: () => NOW,
  log: { info: () => {}, debug: () => {} },
})

/** A registry whose listings come from `listings` in turn; deletes go through `onDelete`. */
function fakeRegistry(
  listings: ListedTag[][],
  onDelete: (target: string) => 'deleted' | 'missing' = () => 'deleted',
): CacheRegistry & { deletes: string[]; lists: number } {
  const r = {
    name: 'registry.example/o/app-cache',
    deletes: [] as string[],
    lists: 0,
    async listTags() {
      return listings[Math.min(r.lists++, listings.length - 1)]!
    },
    async deleteTarget(target: string) {
      r.deletes.push(target)
      return onDelete(target)
    },
    refusal: (error: unknown) =>
      (error as Error).message.startsWith('405')
        ? `refused: ${(error as Error).message}`
        : undefined,
    describeError: (error: unknown) => (error as Error).message,
  }
  return r
}

const base: ListedTag[] = [
  { tag: 'build-main', target: 'A' },
  { tag: 'build-pr-1', target: 'B' },
  { tag: 'build-pr-2', target: 'C' },
  { tag: 'build-pr-3', target: 'D' },
]

describe('pruneRegistry', () => {
  it('deletes what both listings agree on; a manifest a new tag points to since the first stays', async () => {
    // Between the listings, main exported the very manifest pull request 2 had.
    const second: ListedTag[] = [
      { tag: 'build-main', target: 'C' },
      { tag: 'build-pr-1', target: 'B' },
      { tag: 'build-pr-2', target: 'C' },
      { tag: 'build-pr-3', target: 'D' },
    ]
    const registry = fakeRegistry([base, second])
    const outcome = await pruneRegistry(registry, request())
    expect(registry.lists).toBe(2)
    expect(registry.deletes.sort()).toEqual(['B', 'D'])
    expect(outcome.changed.map((d) => d.target)).toEqual(['C'])
    expect(outcome.deleted.map((d) => d.target).sort()).toEqual(['B', 'D'])
  })

  it('a dry run lists once and deletes nothing', async () => {
    const registry = fakeRegistry([base])
    const outcome = await pruneRegistry(registry, request(true))
    expect(registry.lists).toBe(1)
    expect(registry.deletes).toEqual([])
    expect(outcome.plan.deletions.map((d) => d.target).sort()).toEqual(['B', 'C', 'D'])
  })

  it('the first refusal stops the run: no further delete is sent', async () => {
    const registry = fakeRegistry([base], () => {
      throw new Error('405 UNSUPPORTED')
    })
    const outcome = await pruneRegistry(registry, request())
    expect(registry.deletes).toHaveLength(1)
    expect(outcome.refused).toBe('refused: 405 UNSUPPORTED')
    expect(outcome.deleted).toEqual([])
  })

  it("one delete's failure is counted and the others go on; one already gone is said so", async () => {
    const registry = fakeRegistry([base], (target) => {
      if (target === 'B') throw new Error('500 boom')
      return target === 'C' ? 'missing' : 'deleted'
    })
    const outcome = await pruneRegistry(registry, request())
    expect(registry.deletes.sort()).toEqual(['B', 'C', 'D'])
    expect(outcome.failed).toEqual([
      { deletion: expect.objectContaining({ target: 'B' }), error: '500 boom' },
    ])
    expect(outcome.missing.map((d) => d.target)).toEqual(['C'])
    expect(outcome.deleted.map((d) => d.target)).toEqual(['D'])
    expect(outcome.refused).toBeUndefined()
  })
})
