/** The benchmark's live set (bench/live-set.ts): its two sizes, from what builds exported. */
import { describe, expect, it } from '@jest/globals'
import type { BuildRecord } from '../../dev/buildkit/cache-config.js'
import { blobKey } from '../../src/buildkit/keys.js'
import { LiveSet, type StoredEntry } from '../../bench/live-set.js'
import { MAIN } from '../helpers/constants.js'

const PR = 'refs/pull/1/merge'
const PR2 = 'refs/pull/2/merge'
const digest = (name: string) => `sha256:${name.padEnd(64, '0')}`

/** One record whose result is a chain of these layers (100 bytes each). */
function exported(...layers: string[]): BuildRecord[] {
  return [
    {
      digest: digest('r'),
      inputs: [],
      result: {
        chain: layers.map((l) => ({
          blob: digest(l),
          diffID: digest(`d${l}`),
          size: 100,
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          createdAt: '2026-01-01T00:00:00Z',
        })),
        createdAt: '2026-01-01T00:00:00Z',
      },
    },
  ]
}

let nextId = 1
const stored = (ref: string, layer: string, sizeBytes = 100): StoredEntry => ({
  id: nextId++,
  ref,
  key: blobKey(digest(layer)),
  sizeBytes,
})

describe('LiveSet', () => {
  const indexBytes = (...layers: string[]) => {
    const only = new LiveSet(MAIN)
    only.record(MAIN, 'x', exported(...layers))
    return only.bytes() - 100 * layers.length
  }

  it.each<[string, [string, string[]][], StoredEntry[], number, number]>([
    // [name, (ref, layers) exported, stored entries, blob bytes counted once, resolved blob bytes]
    [
      'one index, its blobs in its ref',
      [[MAIN, ['a', 'b']]],
      [stored(MAIN, 'a'), stored(MAIN, 'b')],
      200,
      200,
    ],
    [
      "a pull request reusing main's copy",
      [
        [MAIN, ['a']],
        [PR, ['a', 'p']],
      ],
      [stored(MAIN, 'a'), stored(PR, 'p')],
      200,
      200,
    ],
    [
      'a pull request with its own copy of a blob main also holds: its import uses its own',
      [
        [MAIN, ['a']],
        [PR, ['a']],
      ],
      [stored(MAIN, 'a'), stored(PR, 'a')],
      100,
      200,
    ],
    [
      'two pull requests, each with its own copy of a blob main does not hold',
      [
        [PR, ['n']],
        [PR2, ['n']],
      ],
      [stored(PR, 'n'), stored(PR2, 'n')],
      100,
      200,
    ],
    [
      'a copy in another pull request is none of its business; a blob stored nowhere counts nothing',
      [[PR, ['a', 'gone']]],
      [stored(PR2, 'a'), stored(MAIN, 'a', 70)],
      200,
      70,
    ],
  ])('%s', (_, exports, entries, once, resolved) => {
    const live = new LiveSet(MAIN)
    let indexes = 0
    exports.forEach(([ref, layers], i) => {
      live.record(ref, `scope${i}`, exported(...layers))
      indexes += indexBytes(...layers)
    })
    expect(live.bytes()).toBe(indexes + once)
    expect(live.resolvedBytes(entries)).toBe(indexes + resolved)
  })

  it('forgets a closed ref, and a scope’s older export', () => {
    const live = new LiveSet(MAIN)
    live.record(PR, 'x', exported('a'))
    live.record(PR, 'x', exported('b'))
    expect([...live.blobsByRef().get(PR)!]).toEqual([digest('b')])
    live.dropRef(PR)
    expect(live.bytes()).toBe(0)
  })
})
