/**
 * What the analysis reads from a listing before anything is decided: each entry's kind, which
 * index generations are live, and which live, readable indexes use which blob entries.
 */
import { describe, expect, it } from '@jest/globals'
import { BUILDKIT_CACHE_VERSION } from '../../src/buildkit/keys.js'
import type { CacheEntry } from '../../src/github/caches.js'
import {
  analyze,
  classify,
  declarations,
  generations,
  staleOutOfReachRefs,
} from '../../src/prune/analysis.js'
import { noteKey } from '../../src/prune/budget-note.js'
import { MARKER_VERSION, markerKey } from '../../src/prune/marker.js'
import { DAY, FEATURE, HOUR, LOCAL_PREFIX, MAIN, MINUTE, NOW, PR7, World, policy } from './world.js'

const entry = (key: string, version = BUILDKIT_CACHE_VERSION): CacheEntry => ({
  id: 1,
  ref: MAIN,
  key,
  version,
  createdAt: 0,
  lastAccessedAt: 0,
  sizeInBytes: 1,
})

describe('classify', () => {
  const hash = '0'.repeat(8)
  it.each([
    ['a layer', `buildkit-blob-1-sha256:${'a'.repeat(64)}`, undefined, { kind: 'blob' }],
    [
      'an index generation',
      `index-web-1-${hash}#3`,
      undefined,
      { kind: 'index', scope: 'web', generation: 3, series: `${MAIN}\nindex-web-1-${hash}` },
    ],
    ['a signed index', `index-web-1-${hash}-sig#1`, undefined, { kind: 'index', signed: true }],
    [
      'our type=local generation: its series is the key up to #',
      `${LOCAL_PREFIX}web#17#1#1#5`,
      undefined,
      { kind: 'local', scope: `${LOCAL_PREFIX}web#` },
    ],
    ['a budget note', noteKey(NOW), MARKER_VERSION, { kind: 'note', until: NOW }],
    ['a budget note of another version', noteKey(NOW), 'v0', { kind: 'foreign' }],
    [
      'a marker key this code cannot parse',
      'buildkit-cache-action-uses-???',
      MARKER_VERSION,
      { kind: 'foreign', unknownLayout: true },
    ],
    ['another tool’s entry', 'node-modules-abc', 'other-version', { kind: 'foreign' }],
    [
      "BuildKit's version on a key no BuildKit this code knows writes (a newer layout)",
      `index-web-2-${hash}#1`,
      undefined,
      { kind: 'foreign', unknownLayout: true },
    ],
  ])('%s', (_, key, version, expected) => {
    expect(classify(entry(key, version), [LOCAL_PREFIX])).toMatchObject(expected)
  })

  it('a key with our prefix is ours only for a run that names that prefix', () => {
    const local = entry(`${LOCAL_PREFIX}x`)
    expect(classify(local, [LOCAL_PREFIX]).kind).toBe('local')
    expect(classify(local, []).kind).not.toBe('local')
  })
})

describe('generations', () => {
  const standing = (w: World, now = NOW) => {
    const classified = w.entries.map((e) => classify(e, [LOCAL_PREFIX]))
    const g = generations(classified, now, HOUR)
    return Object.fromEntries([...g].map(([id, s]) => [w.label(id), s]))
  }

  it('the newest created is newest; its predecessor is live only within prune-grace', () => {
    const w = new World()
    w.index('old', MAIN, 'app', 1, [], { age: 3 * DAY })
    w.index('mid', MAIN, 'app', 2, [], { age: 2 * HOUR })
    w.index('new', MAIN, 'app', 3, [], { age: 30 * MINUTE })
    expect(standing(w)).toEqual({ old: 'superseded', mid: 'recently-superseded', new: 'newest' })
    // An hour later the middle one is superseded too.
    expect(standing(w, NOW + HOUR)).toMatchObject({ mid: 'superseded' })
  })

  it('orders by creation before the number after # (a restarted series starts at #1)', () => {
    const w = new World()
    w.index('high-number', MAIN, 'app', 9, [], { age: 2 * DAY })
    w.index('restarted', MAIN, 'app', 1, [], { age: DAY })
    expect(standing(w)).toEqual({ 'high-number': 'superseded', restarted: 'newest' })
  })

  it('keeps each ref and each scope a series of its own', () => {
    const w = new World()
    w.index('main-app', MAIN, 'app', 1, [], { age: 2 * DAY })
    w.index('feature-app', FEATURE, 'app', 2, [], { age: DAY })
    w.index('main-tools', MAIN, 'tools', 2, [], { age: DAY })
    expect(standing(w)).toEqual({
      'main-app': 'newest',
      'feature-app': 'newest',
      'main-tools': 'newest',
    })
  })
})

describe('analyze', () => {
  const run = (w: World, overrides = {}, indexListing?: CacheEntry[]) => {
    const a = analyze(w.entries, w.reads, policy(overrides), NOW, indexListing)
    const users = (label: string) =>
      (a.referencers.get(w.id(label)) ?? []).map((id) => w.label(id)).sort()
    return {
      a,
      users,
      labels: (list: readonly { entry: CacheEntry }[]) =>
        list.map((c) => w.label(c.entry.id)).sort(),
    }
  }

  it('a blob is used by the live, read indexes that name it, not by a superseded one', () => {
    const w = new World()
    w.blob('x', MAIN, 'x')
    w.blob('y', MAIN, 'y')
    w.index('old', MAIN, 'app', 1, ['x', 'y'], { age: 3 * DAY })
    w.index('new', MAIN, 'app', 2, ['x'], { age: DAY })
    const { a, users } = run(w)
    expect(users('x')).toEqual(['new'])
    expect(users('y')).toEqual([])
    expect(a.reads.has(w.id('old'))).toBe(false)
  })

  it("an index uses a blob of another ref only where its own ref's jobs can read that ref", () => {
    const w = new World()
    w.blob('main-x', MAIN, 'x')
    w.blob('pr-x', PR7, 'x')
    w.index('main-index', MAIN, 'app', 1, ['x'])
    w.index('pr-index', PR7, 'app', 1, ['x'])
    const { users } = run(w, { readableRefs: [MAIN, PR7] })
    // The default branch's index cannot see the pull request's copy; the pull request sees both.
    expect(users('main-x')).toEqual(['main-index', 'pr-index'])
    expect(users('pr-x')).toEqual(['pr-index'])
  })

  it('a live index that could not be read, or was not read, is a failed read (rule 4)', () => {
    const w = new World()
    w.index('failed', MAIN, 'app', 1, 'failed-read')
    w.index('unread', MAIN, 'tools', 1, undefined)
    const { a, labels } = run(w)
    expect(labels(a.failedReads)).toEqual(['failed', 'unread'])
  })

  it("an unknown layout is a failed read in a readable ref, and another ref's live index where the job cannot read", () => {
    const w = new World()
    const hash = '0'.repeat(8)
    w.other('newer-here', MAIN, `index-web-2-${hash}#1`, BUILDKIT_CACHE_VERSION)
    w.other('newer-there', FEATURE, `index-web-2-${hash}#1`, BUILDKIT_CACHE_VERSION)
    const listing = [...w.entries]
    w.index('feature-live', FEATURE, 'app', 1, undefined)
    const { a, labels } = run(w, {}, [...listing, w.labels.get('feature-live')!])
    expect(labels(a.failedReads)).toEqual(['newer-here'])
    expect(labels(a.outOfReach!)).toEqual(['feature-live', 'newer-there'])
    // Without an index listing, what lives out of reach is unknown, not empty.
    expect(run(w).a.outOfReach).toBeUndefined()
  })
})

describe('staleOutOfReachRefs', () => {
  it('names the refs a job cannot read whose export superseded a generation longer than prune-grace ago', () => {
    const w = new World()
    w.index('f1', FEATURE, 'app', 1, undefined, { age: 2 * DAY })
    w.index('f2', FEATURE, 'app', 2, undefined, { age: DAY })
    w.index('p1', PR7, 'app', 1, undefined, { age: 2 * DAY })
    w.index('p2', PR7, 'app', 2, undefined, { age: 10 * MINUTE })
    w.index('m1', MAIN, 'app', 1, undefined, { age: 2 * DAY })
    w.index('m2', MAIN, 'app', 2, undefined, { age: DAY })
    const stale = (dropRefs: string[]) =>
      staleOutOfReachRefs(w.entries, { ...policy(), dropRefs }, NOW)
    // The default branch is readable; the pull request's successor is within grace.
    expect(stale([])).toEqual([FEATURE])
    expect(stale([FEATURE])).toEqual([])
  })
})

describe('declarations', () => {
  it("counts a marker only in its index's own ref, and two markers of one index as their union", () => {
    const w = new World()
    const index = w.index('i', MAIN, 'app', 1, undefined)
    const marker = (ref: string, keys: string[]) =>
      ({ ...entry(markerKey(index.id, keys), MARKER_VERSION), ref }) as CacheEntry
    const declared = declarations(
      [marker(MAIN, ['a']), marker(MAIN, ['b']), marker(FEATURE, ['c'])],
      w.entries,
    ).get(index.id)!
    expect(declared('a')).toBe(true)
    expect(declared('b')).toBe(true)
    // The marker in another ref is anybody's to write: it declares nothing of this index.
    expect(declarations([marker(FEATURE, ['c'])], w.entries).get(index.id)).toBeUndefined()
  })
})
