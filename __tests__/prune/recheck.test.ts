/** Table tests for the re-check before deleting (src/prune/recheck.ts, rule 10). */
import { describe, expect, it } from '@jest/globals'
import type { CacheEntry } from '../../src/github/caches.js'
import { movedSincePlan } from '../../src/prune/recheck.js'
import { DAY, HOUR, MAIN, MINUTE, NOW, PR7, World } from './world.js'

const policy = { graceMs: HOUR, defaultRef: MAIN, exportsLookUpLayers: true }

/** The planned deletions: a blob and a superseded index of main, a blob of the pull request. */
function planned() {
  const w = new World()
  w.blob('b', MAIN, 'b', { age: 5 * DAY, idle: 3 * DAY })
  w.index('old#1', MAIN, 'app', 1, [], { age: 4 * DAY })
  w.blob('p', PR7, 'p', { age: 5 * DAY, idle: 3 * DAY })
  return w
}

const moved = (
  w: World,
  fresh: CacheEntry[],
  options: Partial<typeof policy> = {},
  own = new Map<number, number>(),
) =>
  [
    ...movedSincePlan(
      new Map(w.entries.map((e) => [e.id, e])),
      fresh,
      NOW,
      { ...policy, ...options },
      own,
    ),
  ]
    .map((id) => w.label(id))
    .sort()

describe('movedSincePlan', () => {
  it('keeps nothing when nothing planned moved and no index was written since', () => {
    const w = planned()
    const other: CacheEntry = {
      ...w.entries[0],
      id: 99,
      key: 'unrelated',
      lastAccessedAt: NOW + MINUTE,
    }
    expect(moved(w, [other])).toEqual([])
  })

  it.each<[string, Partial<CacheEntry>]>([
    ['used since (an export looked it up, or an import read it)', { lastAccessedAt: NOW + MINUTE }],
    ['written again under the same id', { createdAt: NOW + MINUTE, lastAccessedAt: NOW + MINUTE }],
  ])('keeps a planned entry %s', (_, change) => {
    const w = planned()
    const b = w.labels.get('b')!
    expect(moved(w, [{ ...b, ...change }])).toEqual(['b'])
  })

  it("ignores the run's own touch (reading an index), but not one after it", () => {
    const w = planned()
    const old = w.labels.get('old#1')!
    const own = new Map([[old.id, NOW + 2 * MINUTE]])
    expect(moved(w, [{ ...old, lastAccessedAt: NOW + MINUTE }], {}, own)).toEqual([])
    expect(moved(w, [{ ...old, lastAccessedAt: NOW + 3 * MINUTE }], {}, own)).toEqual(['old#1'])
  })

  it('keeps a blob that an index written since may use, by times, in a ref that sees it', () => {
    const w = planned()
    const b = w.labels.get('b')!
    const index = (ref: string, createdAt: number): CacheEntry => ({
      ...w.labels.get('old#1')!,
      id: 100,
      ref,
      key: 'index-app-1-01234567#9',
      createdAt,
      lastAccessedAt: createdAt,
    })
    // Its export looked b up (b's last use is within prune-grace of the index): already a move.
    expect(
      moved(w, [{ ...b, lastAccessedAt: NOW + MINUTE }, index(PR7, NOW + 2 * MINUTE)]),
    ).toEqual(['b'])
    // Without lookups to tell (ghtoken), a new index may use every blob that existed before it,
    // in refs it reads: the pull request reads main's and its own.
    expect(moved(w, [index(PR7, NOW + MINUTE)], { exportsLookUpLayers: false })).toEqual(['b', 'p'])
    // Main's new index cannot read the pull request's blob.
    expect(moved(w, [index(MAIN, NOW + MINUTE)], { exportsLookUpLayers: false })).toEqual(['b'])
    // By times, an index written now could not use a blob last used days ago.
    expect(moved(w, [index(PR7, NOW + MINUTE)])).toEqual([])
    // An index older than the plan was known to it.
    expect(moved(w, [index(PR7, NOW - MINUTE)], { exportsLookUpLayers: false })).toEqual([])
  })
})
