import { describe, expect, it } from '@jest/globals'
import { CacheStore, type ListQuery } from '../../../dev/cache-service/store.js'
import { MAIN } from '../../helpers/constants.js'

const V = 'v1'
const FEATURE = 'refs/heads/feature'
const PR = 'refs/pull/7/merge'

function storeWith(
  rows: Array<[ref: string, key: string, createdAt: number, size?: number, version?: string]>,
  policy = { limitBytes: 1_000, unusedExpiryMs: 100, reservationTimeoutMs: 10 },
): CacheStore {
  const store = new CacheStore(policy)
  for (const [ref, key, createdAt, size = 1, version = V] of rows) {
    const e = store.reserve(ref, key, version, createdAt)!
    store.commit(e.id, size)
  }
  return store
}

describe('CacheStore lookup', () => {
  const store = () =>
    storeWith([
      [MAIN, 'npm-linux-aaa', 1],
      [MAIN, 'npm-linux-bbb', 3],
      [MAIN, 'npm-linux-ccc', 2],
      [MAIN, 'npm-mac-aaa', 4],
      [MAIN, 'index-app-1-f921bd05#9', 5],
      [MAIN, 'index-app-1-f921bd05#10', 6],
      [FEATURE, 'npm-linux-fff', 7],
      [MAIN, 'other-version', 8, 1, 'v2'],
    ])

  it.each([
    ['exact key wins over newer prefix matches', [MAIN], ['npm-linux-aaa'], V, 'npm-linux-aaa'],
    [
      'the primary key is also a prefix: newest created wins',
      [MAIN],
      ['npm-linux-'],
      V,
      'npm-linux-bbb',
    ],
    [
      'restore keys in order, each exact then prefix',
      [MAIN],
      ['nope', 'npm-mac-', 'npm-'],
      V,
      'npm-mac-aaa',
    ],
    [
      '#10 beats #9 because it was created later, not by sorting',
      [MAIN],
      ['index-app-1-f921bd05#'],
      V,
      'index-app-1-f921bd05#10',
    ],
    [
      'own ref first, even when the other ref has a newer match',
      [FEATURE, MAIN],
      ['npm-linux-'],
      V,
      'npm-linux-fff',
    ],
    ['falls back to the next readable ref', [FEATURE, MAIN], ['npm-mac-'], V, 'npm-mac-aaa'],
    ['a ref that is not readable is never searched', [FEATURE], ['npm-mac-'], V, undefined],
    ['version must be equal', [MAIN], ['other-version'], V, undefined],
    ['the other version is found under its own version', [MAIN], ['other-'], 'v2', 'other-version'],
    ['no readable refs, no hit', [], ['npm-'], V, undefined],
    ['a key is not a suffix or infix match', [MAIN], ['linux'], V, undefined],
  ])('%s', (_name, refs, keys, version, expected) => {
    expect(store().lookup(refs, keys, version, 100)?.key).toBe(expected)
  })

  it('updates last access on a hit only', () => {
    const s = store()
    const before = s.all()
    s.lookup([MAIN], ['npm-linux-bbb'], V, 50)
    s.lookup([MAIN], ['missing'], V, 60)
    const changed = s.all().filter((e, i) => e.lastAccessedAt !== before[i]!.lastAccessedAt)
    expect(changed.map((e) => [e.key, e.lastAccessedAt])).toEqual([['npm-linux-bbb', 50]])
  })

  it('never returns a reservation, but the reservation blocks a second reserve', () => {
    const s = new CacheStore({ limitBytes: 10, unusedExpiryMs: 10, reservationTimeoutMs: 10 })
    const r = s.reserve(MAIN, 'k#1', V, 1)!
    expect(s.lookup([MAIN], ['k#'], V, 2)).toBeUndefined()
    expect(s.lookup([MAIN], ['k#1'], V, 2)).toBeUndefined()
    expect(s.reserve(MAIN, 'k#1', V, 2)).toBeUndefined()
    s.commit(r.id, 5)
    expect(s.lookup([MAIN], ['k#'], V, 3)?.id).toBe(r.id)
    expect(s.reserve(MAIN, 'k#1', V, 4)).toBeUndefined()
  })

  it.each([
    ['same key in another ref', PR, 'k', V],
    ['same key with another version', MAIN, 'k', 'v9'],
  ])('identity is key + version + ref: %s is a new entry', (_n, ref, key, version) => {
    const s = storeWith([[MAIN, 'k', 1]])
    expect(s.reserve(ref, key, version, 2)).toMatchObject({ ref, key, version, committed: false })
  })

  it('refuses to commit twice or to commit what does not exist', () => {
    const s = storeWith([[MAIN, 'k', 1]])
    expect(() => s.commit(1, 3)).toThrow('already committed')
    expect(() => s.commit(99, 3)).toThrow('no cache entry with id 99')
  })
})

describe('CacheStore listing', () => {
  const s = storeWith([
    [MAIN, 'b', 10, 300],
    [MAIN, 'a', 20, 100],
    [PR, 'a', 30, 200],
    [FEATURE, 'c', 40, 100],
  ])
  s.lookup([MAIN], ['b'], V, 50)
  s.reserve(MAIN, 'hidden', V, 60)

  it.each<[string, Partial<ListQuery>, string[]]>([
    [
      'newest access first by default order of the REST API',
      { sort: 'last_accessed_at', direction: 'desc' },
      ['main:b', 'feature:c', '7:a', 'main:a'],
    ],
    [
      'created ascending',
      { sort: 'created_at', direction: 'asc' },
      ['main:b', 'main:a', '7:a', 'feature:c'],
    ],
    [
      'size descending, ties by id descending',
      { sort: 'size_in_bytes', direction: 'desc' },
      ['main:b', '7:a', 'feature:c', 'main:a'],
    ],
    [
      'size ascending, ties by id ascending',
      { sort: 'size_in_bytes', direction: 'asc' },
      ['main:a', 'feature:c', '7:a', 'main:b'],
    ],
    [
      'key is a prefix filter',
      { key: 'a', sort: 'created_at', direction: 'asc' },
      ['main:a', '7:a'],
    ],
    ['ref is exact', { ref: PR, sort: 'created_at', direction: 'asc' }, ['7:a']],
    ['both filters', { key: 'a', ref: MAIN, sort: 'created_at', direction: 'asc' }, ['main:a']],
    ['no match', { key: 'zzz', sort: 'created_at', direction: 'asc' }, []],
  ])('%s (reservations never listed)', (_n, q, expected) => {
    const rows = s.list({ sort: 'created_at', direction: 'asc', ...q })
    expect(rows.map((e) => `${e.ref.split('/')[2]}:${e.key}`)).toEqual(expected)
  })

  it('counts usage of committed entries only, and removes by key within a ref or everywhere', () => {
    const t = storeWith([
      [MAIN, 'k', 1, 10],
      [PR, 'k', 2, 20],
      [FEATURE, 'k', 3, 30],
    ])
    t.reserve(MAIN, 'r', V, 4)
    expect(t.usage()).toEqual({ count: 3, bytes: 60 })
    expect(t.removeByKey('k', PR).map((e) => e.ref)).toEqual([PR])
    expect(t.removeByKey('k').map((e) => e.ref)).toEqual([MAIN, FEATURE])
    expect(t.usage()).toEqual({ count: 0, bytes: 0 })
    expect(t.removeByKey('r')).toEqual([])
  })

  it('a hit reorders the last-access listing and shows in every other listing', () => {
    const t = storeWith([
      [MAIN, 'old', 1, 5],
      [MAIN, 'new', 2, 5],
    ])
    const byAccess = () => t.list({ sort: 'last_accessed_at', direction: 'desc' }).map((e) => e.key)
    const byCreation = () =>
      t.list({ sort: 'created_at', direction: 'asc' }).map((e) => [e.key, e.lastAccessedAt])
    expect([byAccess(), byCreation()]).toEqual([
      ['new', 'old'],
      [
        ['old', 1],
        ['new', 2],
      ],
    ])
    t.lookup([MAIN], ['old'], V, 9)
    expect([byAccess(), byCreation()]).toEqual([
      ['old', 'new'],
      [
        ['old', 9],
        ['new', 2],
      ],
    ])
  })

  it('a listing taken before a change is not served after it', () => {
    const t = storeWith([[MAIN, 'x', 1, 5]])
    expect(t.list({ sort: 'created_at', direction: 'asc' })).toHaveLength(1)
    t.remove(1)
    expect(t.list({ sort: 'created_at', direction: 'asc' })).toHaveLength(0)
  })

  it('after removals alone, a listing keeps its order without them; a commit or a hit re-sorts it', () => {
    const t = storeWith([
      [MAIN, 'a', 3],
      [MAIN, 'b', 1],
      [MAIN, 'c', 2],
      [MAIN, 'd', 4],
    ])
    const keys = () => t.list({ sort: 'last_accessed_at', direction: 'desc' }).map((e) => e.key)
    expect(keys()).toEqual(['d', 'a', 'c', 'b'])
    t.remove(4)
    t.remove(3)
    expect(keys()).toEqual(['a', 'b'])
    t.lookup([MAIN], ['b'], V, 10)
    expect(keys()).toEqual(['b', 'a'])
    const e = t.reserve(MAIN, 'e', V, 20)!
    t.commit(e.id, 1)
    expect(keys()).toEqual(['e', 'b', 'a'])
  })
})

describe('CacheStore eviction', () => {
  it.each([
    // [name, rows (ref,key,created,size), accessed overrides, now, limit, expected evicted, expected expired]
    [
      'under the limit nothing goes',
      [
        [MAIN, 'a', 0, 400],
        [MAIN, 'b', 1, 400],
      ],
      {},
      50,
      1_000,
      [],
      [],
    ],
    [
      'over the limit the least recently accessed go first',
      [
        [MAIN, 'a', 0, 400],
        [MAIN, 'b', 1, 400],
        [MAIN, 'c', 2, 400],
      ],
      { a: 30 },
      50,
      1_000,
      ['b'],
      [],
    ],
    [
      'evicts until at most the limit, not just one',
      [
        [MAIN, 'a', 0, 600],
        [MAIN, 'b', 1, 600],
        [MAIN, 'c', 2, 600],
      ],
      {},
      50,
      1_000,
      ['a', 'b'],
      [],
    ],
    [
      'ties on access go to the older creation',
      [
        [MAIN, 'b', 5, 600],
        [MAIN, 'a', 1, 600],
      ],
      { a: 9, b: 9 },
      50,
      1_000,
      ['a'],
      [],
    ],
    [
      'unused for the expiry period: expired even under the limit',
      [
        [MAIN, 'a', 0, 1],
        [MAIN, 'b', 60, 1],
      ],
      {},
      100,
      1_000,
      [],
      ['a'],
    ],
    [
      'expiry first, then the limit is checked on what is left',
      [
        [MAIN, 'a', 0, 900],
        [MAIN, 'b', 60, 600],
        [MAIN, 'c', 70, 600],
      ],
      {},
      100,
      1_000,
      ['b'],
      ['a'],
    ],
  ] as const)('%s', (_n, rows, accessed, now, limit, evicted, expired) => {
    const s = storeWith(
      rows.map(([r, k, c, z]) => [r, k, c, z] as [string, string, number, number]),
      { limitBytes: limit, unusedExpiryMs: 100, reservationTimeoutMs: 10 },
    )
    for (const [key, at] of Object.entries(accessed)) s.lookup([MAIN], [key], V, at)
    const report = s.evict(now)
    expect(report.evicted.map((e) => e.key)).toEqual(evicted)
    expect(report.expired.map((e) => e.key)).toEqual(expired)
    expect(report.bytesAfter).toBeLessThanOrEqual(limit)
    expect(report.bytesAfter).toBe(s.usage().bytes)
  })

  it('drops reservations left uncommitted past the timeout, and only those', () => {
    const s = new CacheStore({ limitBytes: 10, unusedExpiryMs: 1_000, reservationTimeoutMs: 10 })
    s.reserve(MAIN, 'old', V, 0)
    s.reserve(MAIN, 'young', V, 5)
    const report = s.evict(12)
    expect(report.abandoned.map((e) => e.key)).toEqual(['old'])
    expect(s.reserve(MAIN, 'old', V, 13)).toBeDefined()
    expect(s.reserve(MAIN, 'young', V, 13)).toBeUndefined()
  })

  it('seeded entries keep their given access time', () => {
    const s = new CacheStore({ limitBytes: 10, unusedExpiryMs: 100, reservationTimeoutMs: 10 })
    const e = s.insert({
      ref: MAIN,
      key: 'k',
      version: V,
      sizeBytes: 3,
      createdAt: 1,
      lastAccessedAt: 7,
    })!
    expect(e).toMatchObject({ committed: true, sizeBytes: 3, createdAt: 1, lastAccessedAt: 7 })
    expect(
      s.insert({ ref: MAIN, key: 'k', version: V, sizeBytes: 3, createdAt: 1, lastAccessedAt: 7 }),
    ).toBeUndefined()
  })
})
