/** dev/buildkit/cache-config.ts against the index documents real BuildKit v0.24.0 wrote. */
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import {
  marshalCacheConfig,
  parseCacheConfig,
  toBuildRecords,
  toCacheConfig,
  type BuildRecord,
  type Layer,
} from '../../../dev/buildkit/cache-config.js'

const dir = new URL('../../fixtures/buildkit-v0.24.0-gha/indexes/', import.meta.url)
const recorded = readdirSync(dir).map(
  (name) => [name, readFileSync(new URL(name, dir), 'utf8')] as const,
)

const layer = (blob: string, size = 10): Layer => ({
  blob: `sha256:${blob.repeat(64).slice(0, 64)}`,
  diffID: `sha256:${'d'.repeat(63)}${blob}`,
  size,
  mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
  createdAt: '2026-01-01T00:00:00.5Z',
})

describe('marshalCacheConfig(toCacheConfig(records))', () => {
  it.each(recorded)(
    'rebuilds %s byte for byte from its records, whatever their order',
    (_name, text) => {
      const records = toBuildRecords(parseCacheConfig(text))
      expect(marshalCacheConfig(toCacheConfig(records))).toBe(text)
      expect(marshalCacheConfig(toCacheConfig([...records].reverse()))).toBe(text)
    },
  )

  it('sorts layers by blob and rewrites parents; omits parent 0, keeps -1', () => {
    const [a, b, c] = [layer('c'), layer('a'), layer('b')] // chain c → a → b
    const records: BuildRecord[] = [
      {
        digest: 'sha256:2',
        inputs: [[{ digest: 'sha256:1' }]],
        result: { chain: [a, b, c], createdAt: 't2' },
      },
      { digest: 'sha256:1', inputs: [], result: { chain: [a], createdAt: 't1' } },
    ]
    const config = toCacheConfig(records)
    expect(config.layers.map((l) => [l.blob[7], l.parent])).toEqual([
      ['a', 2], // a's parent is c, now at index 2
      ['b', 0],
      ['c', -1],
    ])
    expect(config.records).toEqual([
      { digest: 'sha256:1', layers: [{ layer: 2, createdAt: 't1' }] },
      { digest: 'sha256:2', layers: [{ layer: 1, createdAt: 't2' }], inputs: [[{ link: 0 }]] },
    ])
    const json = JSON.parse(marshalCacheConfig(config))
    expect(json.layers[1]).not.toHaveProperty('parent')
    expect(json.layers[2].parent).toBe(-1)
    expect(Object.keys(json.layers[0].annotations)).toEqual([
      'mediaType',
      'diffID',
      'size',
      'createdAt',
    ])
    expect(Object.keys(json.records[1])).toEqual(['layers', 'digest', 'inputs'])
  })

  it('shares one layer entry between chains with the same prefix', () => {
    const base = layer('1')
    const records: BuildRecord[] = [
      { digest: 'sha256:a', inputs: [], result: { chain: [base, layer('2')], createdAt: 't' } },
      { digest: 'sha256:b', inputs: [], result: { chain: [base, layer('3')], createdAt: 't' } },
    ]
    expect(toCacheConfig(records).layers.map((l) => l.blob[7])).toEqual(['1', '2', '3'])
  })

  it('writes an empty export as {} (both lists carry omitempty)', () => {
    expect(marshalCacheConfig(toCacheConfig([]))).toBe('{}')
  })

  it.each([
    [
      [
        { digest: 'x', inputs: [] },
        { digest: 'x', inputs: [] },
      ],
      'cache config: two records share one digest',
    ],
    [
      [{ digest: 'x', inputs: [[{ digest: 'y' }]] }],
      'cache config: record x links to unknown record y',
    ],
  ])('rejects a bad graph: %s', (records, message) => {
    expect(() => toCacheConfig(records as BuildRecord[])).toThrow(message)
  })
})

describe('parseCacheConfig', () => {
  it.each([
    ['not json', 'cache config: not JSON'],
    ['[]', 'cache config: not a JSON object'],
    ['{"layers":{}}', 'cache config: "layers" and "records" must be arrays'],
    ['{"layers":[{"blob":"sha256:a"}]}', 'cache config: layers[0] has no annotations'],
    ['{"layers":[{"annotations":{"diffID":"x"}}]}', 'cache config: layers[0].blob is missing'],
    ['{"layers":[{"blob":"b","annotations":{}}]}', 'cache config: layers[0] has no diffID'],
    [
      '{"layers":[{"blob":"b","parent":3,"annotations":{"diffID":"d"}}]}',
      'cache config: layers[0].parent 3 is out of range',
    ],
    ['{"records":[{"inputs":[]}]}', 'cache config: records[0].digest is missing'],
  ])('%s → %s', (text, message) => {
    expect(() => parseCacheConfig(text)).toThrow(message)
  })

  it('reads an absent parent as 0 and an absent list as empty', () => {
    const config = parseCacheConfig(
      '{"layers":[{"blob":"a","parent":-1,"annotations":{"diffID":"d"}},{"blob":"b","annotations":{"diffID":"e"}}]}',
    )
    expect(config.layers.map((l) => l.parent)).toEqual([-1, 0])
    expect(config.records).toEqual([])
  })

  it.each([
    [
      '{"layers":[{"blob":"a","parent":0,"annotations":{"diffID":"d"}}],"records":[{"digest":"r","layers":[{"layer":0,"createdAt":"t"}]}]}',
      'cache config: layer 0 is its own ancestor',
    ],
    [
      '{"records":[{"digest":"r","inputs":[[{"link":5}]]}]}',
      'cache config: record r links to index 5, out of range',
    ],
  ])('toBuildRecords rejects %s', (text, message) => {
    expect(() => toBuildRecords(parseCacheConfig(text))).toThrow(message)
  })
})
