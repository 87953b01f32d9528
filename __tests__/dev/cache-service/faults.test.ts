import { describe, expect, it } from '@jest/globals'
import { type Endpoint } from '../../../dev/cache-service/endpoints.js'
import { Faults, seededRandom } from '../../../dev/cache-service/faults.js'

/** A "random" source that replays given draws, so a table can say exactly what fires. */
function draws(...values: number[]): () => number {
  let i = 0
  return () => values[i++ % values.length]!
}

describe('Faults.decide', () => {
  it.each([
    ['no rules, no fault', [], 'v2.CreateCacheEntry', [0.5], { latencyMs: 0 }],
    [
      'status alone fails every time',
      [{ on: 'v2.CreateCacheEntry', rule: { status: 503 } }],
      'v2.CreateCacheEntry',
      [0.99],
      { latencyMs: 0, failure: { status: 503 } },
    ],
    [
      'other endpoints are untouched',
      [{ on: 'v2.CreateCacheEntry', rule: { status: 503 } }],
      'v1.reserveCache',
      [0],
      { latencyMs: 0 },
    ],
    [
      'a rate fires below the draw',
      [{ on: 'blob.PutBlock', rule: { errorRate: 0.3 } }],
      'blob.PutBlock',
      [0.29],
      { latencyMs: 0, failure: { status: 500 } },
    ],
    [
      'a rate does not fire at or above it',
      [{ on: 'blob.PutBlock', rule: { errorRate: 0.3 } }],
      'blob.PutBlock',
      [0.3],
      { latencyMs: 0 },
    ],
    [
      'latency alone never fails',
      [{ on: '*', rule: { latencyMs: 20 } }],
      'rest.getActionsCacheList',
      [0],
      { latencyMs: 20 },
    ],
    [
      'latencies add up, the first failure wins',
      [
        { on: '*', rule: { latencyMs: 5 } },
        { on: 'v1.commitCache', rule: { status: 429, retryAfterSeconds: 7, latencyMs: 3 } },
        { on: 'v1.commitCache', rule: { status: 500 } },
      ],
      'v1.commitCache',
      [0],
      { latencyMs: 8, failure: { status: 429, retryAfterSeconds: 7 } },
    ],
  ] as Array<[string, Array<{ on: Endpoint | '*'; rule: object }>, Endpoint, number[], object]>)(
    '%s',
    (_n, rules, endpoint, random, expected) => {
      const faults = new Faults(draws(...random))
      for (const { on, rule } of rules) faults.inject(on, rule)
      expect(faults.decide(endpoint)).toMatchObject(expected)
    },
  )

  it('a rule with times covers that many matching requests, then is gone', () => {
    const faults = new Faults(draws(0))
    faults.inject(['v2.FinalizeCacheEntryUpload'], { status: 500, times: 2 })
    const statuses = Array.from(
      { length: 4 },
      () => faults.decide('v2.FinalizeCacheEntryUpload').failure?.status,
    )
    expect(statuses).toEqual([500, 500, undefined, undefined])
  })

  it('a seeded rate is repeatable and near its target', () => {
    const run = () => {
      const faults = new Faults(seededRandom(42))
      faults.inject('blob.GetBlob', { errorRate: 0.25 })
      return Array.from({ length: 4000 }, () => faults.decide('blob.GetBlob').failure !== undefined)
    }
    const a = run()
    expect(run()).toEqual(a)
    const rate = a.filter(Boolean).length / a.length
    expect(rate).toBeGreaterThan(0.22)
    expect(rate).toBeLessThan(0.28)
  })

  it.each([
    [
      'unknown endpoint',
      (f: Faults) => f.inject('v3.Nope' as Endpoint, { status: 500 }),
      'unknown endpoint "v3.Nope"',
    ],
    [
      'rate above 1',
      (f: Faults) => f.inject('*', { errorRate: 2 }),
      'errorRate must be between 0 and 1, got 2',
    ],
    [
      'success status',
      (f: Faults) => f.inject('*', { status: 200 }),
      'status must be an HTTP error status 400-599, got 200',
    ],
    [
      'negative latency',
      (f: Faults) => f.inject('*', { latencyMs: -1 }),
      'latencyMs must be a number >= 0, got -1',
    ],
    [
      'zero times',
      (f: Faults) => f.inject('*', { status: 500, times: 0 }),
      'times must be a whole number >= 1, got 0',
    ],
    [
      'bad page mode',
      (f: Faults) => f.restPages({ mode: 'drop' as 'fail' }),
      'mode must be fail, truncate or short, got "drop"',
    ],
    [
      'page 0',
      (f: Faults) => f.restPages({ mode: 'fail', pages: [0] }),
      'pages must be page numbers >= 1, got [0]',
    ],
    [
      'expiry rate below 0',
      (f: Faults) => f.expireDownloadUrls({ rate: -0.1 }),
      'rate must be between 0 and 1, got -0.1',
    ],
  ])('rejects %s with a message naming it', (_n, act, message) => {
    expect(() => act(new Faults(draws(0)))).toThrow(message)
  })
})

describe('page faults and expired URLs', () => {
  it('affect only the chosen pages, for as many times as asked', () => {
    const faults = new Faults(draws(0))
    faults.restPages({ mode: 'short', pages: [2], times: 1 })
    expect([1, 2, 2].map((p) => faults.pageFault(p)?.mode)).toEqual([undefined, 'short', undefined])
  })

  it('expire the next URLs by count, then stop', () => {
    const faults = new Faults(draws(0))
    faults.expireDownloadUrls({ times: 2 })
    expect([1, 2, 3].map(() => faults.takeExpiredUrl())).toEqual([true, true, false])
  })

  it('clear removes every kind of fault', () => {
    const faults = new Faults(draws(0))
    faults.inject('*', { status: 500 })
    faults.restPages({ mode: 'fail' })
    faults.expireDownloadUrls()
    faults.clear()
    expect([
      faults.decide('unknown').failure,
      faults.pageFault(1),
      faults.takeExpiredUrl(),
    ]).toEqual([undefined, undefined, false])
  })
})
