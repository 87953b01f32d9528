import { describe, expect, it } from '@jest/globals'
import {
  checkCoverage,
  parseContentRange,
  routeArtifactCache,
} from '../../../dev/cache-service/artifactcache.js'
import { blobOperation } from '../../../dev/cache-service/blob-proxy.js'
import { linkHeader, paging } from '../../../dev/cache-service/rest-api.js'

describe('v1 helpers', () => {
  it.each([
    ['bytes 0-199/*', { start: 0, end: 199 }],
    ['bytes 33554432-67108863/*', { start: 33554432, end: 67108863 }],
    ['bytes 5-5/6', { start: 5, end: 5 }],
  ])('parses Content-Range %s', (header, expected) => {
    expect(parseContentRange(header)).toEqual(expected)
  })

  it.each([[undefined], ['bytes 10-5/*'], ['bytes=0-10'], ['bytes 0-/*'], ['items 0-1/*']])(
    'rejects Content-Range %p',
    (header) => {
      expect(() => parseContentRange(header)).toThrow(
        'Content-Range must be "bytes <start>-<end>/*"',
      )
    },
  )

  it.each([
    ['one chunk', [[0, 9]], 10, undefined],
    [
      'out-of-order arrivals, sorted',
      [
        [0, 4],
        [5, 9],
      ],
      10,
      undefined,
    ],
    ['empty upload of size 0', [], 0, undefined],
    [
      'a hole',
      [
        [0, 4],
        [6, 9],
      ],
      10,
      'expected a chunk at offset 5, found 6',
    ],
    ['missing start', [[5, 9]], 10, 'expected a chunk at offset 0, found 5'],
    ['short of the size', [[0, 4]], 10, 'size 10 does not match the 5 bytes uploaded'],
    ['past the size', [[0, 14]], 10, 'size 10 does not match the 15 bytes uploaded'],
  ] as Array<[string, Array<[number, number]>, number, string | undefined]>)(
    'coverage: %s',
    (_n, chunks, size, error) => {
      const check = () => checkCoverage(chunks, size)
      if (error) expect(check).toThrow(error)
      else expect(check).not.toThrow()
    },
  )

  it.each([
    ['GET', 'cache', { endpoint: 'v1.getCacheEntry' }],
    ['GET', 'caches', { endpoint: 'v1.listCaches' }],
    ['POST', 'caches', { endpoint: 'v1.reserveCache' }],
    ['PATCH', 'caches/14', { endpoint: 'v1.uploadChunk', cacheId: 14 }],
    ['POST', 'caches/14', { endpoint: 'v1.commitCache', cacheId: 14 }],
    ['DELETE', 'caches/14', undefined],
    ['PATCH', 'caches/abc', undefined],
    ['GET', 'artifacts/1', undefined],
  ])('routes %s %s', (method, rest, expected) => {
    expect(routeArtifactCache(method, rest)).toEqual(expected)
  })
})

describe('blob operations', () => {
  it.each([
    ['PUT', '', 'blob.PutBlob'],
    ['PUT', '?comp=block&blockid=AA%3D%3D', 'blob.PutBlock'],
    ['PUT', '?comp=blocklist', 'blob.PutBlockList'],
    ['GET', '', 'blob.GetBlob'],
    ['HEAD', '', 'blob.GetBlobProperties'],
    ['GET', '?comp=blocklist', 'blob.other'],
    ['DELETE', '', 'blob.other'],
  ])('%s %s is %s', (method, query, expected) => {
    expect(blobOperation(method, new URL(`http://h/devstoreaccount1/cache/e1${query}`))).toBe(
      expected,
    )
  })
})

describe('REST paging', () => {
  it.each([
    ['', { page: 1, perPage: 30 }],
    ['per_page=100&page=3', { page: 3, perPage: 100 }],
    ['per_page=500', { page: 1, perPage: 100 }],
    ['per_page=0&page=-2', { page: 1, perPage: 30 }],
    ['per_page=abc&page=1.5', { page: 1, perPage: 30 }],
  ])('paging(%p)', (query, expected) => {
    expect(paging(new URLSearchParams(query))).toEqual(expected)
  })

  const url = new URL('http://h/api/v3/repos/o/r/actions/caches?key=k&per_page=2')
  it.each([
    ['first of three', 1, 5, ['next', 'last'], 2],
    ['middle', 2, 5, ['prev', 'first', 'next', 'last'], 3],
    ['last', 3, 5, ['prev', 'first'], undefined],
    ['only page', 1, 2, [], undefined],
    ['empty listing', 1, 0, [], undefined],
  ])('Link header: %s', (_n, page, total, rels, nextPage) => {
    const link = linkHeader(url, page, 2, total).link ?? ''
    expect([...link.matchAll(/rel="(\w+)"/g)].map((m) => m[1])).toEqual(rels)
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1]
    expect(next && new URL(next).searchParams.get('page')).toBe(nextPage && String(nextPage))
    if (next) expect(new URL(next).searchParams.get('key')).toBe('k')
  })
})
