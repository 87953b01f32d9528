/** Marker keys (src/prune/marker.ts): what a job declares its live index references. */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { blobKey } from '../../src/buildkit/keys.js'
import { MARKER_KEY_PREFIX, markerKey, parseMarker } from '../../src/prune/marker.js'
import { digest } from './world.js'

const keys = (n: number, tag = 'layer') =>
  Array.from({ length: n }, (_, i) => blobKey(digest(`${tag}-${i}`)))

describe('markerKey / parseMarker (rule 13)', () => {
  it.each([0, 1, 6, 40, 200, 2000])(
    'round-trips an index of %d blob keys within the key limit, rejecting none of them',
    (n) => {
      const referenced = keys(n)
      const key = markerKey(123456789, referenced)
      expect(key.startsWith(`${MARKER_KEY_PREFIX}1-123456789-`)).toBe(true)
      expect(key.length).toBeLessThanOrEqual(512)
      expect(key).not.toMatch(/[,\s]/)
      const marker = parseMarker(key)!
      expect(marker.indexId).toBe(123456789)
      for (const k of referenced) expect(marker.mayReference(k)).toBe(true)
    },
  )

  it.each<[number, number]>([
    [6, 0.005],
    [200, 0.005],
    // Past what 512 characters hold at 16 bits a key: more false positives, never a false negative.
    [2000, 0.5],
  ])('an index of %d blob keys admits few others (under %d of them)', (n, rate) => {
    const marker = parseMarker(markerKey(1, keys(n)))!
    const others = keys(5000, 'other')
    const admitted = others.filter((k) => marker.mayReference(k)).length
    expect(admitted / others.length).toBeLessThan(rate)
  })

  it('an empty index references nothing', () => {
    const marker = parseMarker(markerKey(7, []))!
    expect(keys(100).some((k) => marker.mayReference(k))).toBe(false)
  })

  it('never rejects a key the index references (random indexes)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.array(fc.string({ minLength: 1, maxLength: 80 }), { maxLength: 300 }),
        (id, referenced) => {
          const marker = parseMarker(markerKey(id, referenced))!
          expect(marker.indexId).toBe(id)
          for (const k of referenced) expect(marker.mayReference(k)).toBe(true)
        },
      ),
      { numRuns: 300, seed: 11 },
    )
  })

  it.each([
    ['a BuildKit blob key', blobKey(digest('x'))],
    ['a type=local key', 'buildkit-cache-action-local-app#abc-1-1-x'],
    ['another format', 'buildkit-cache-action-uses-2-5-3-AAAA'],
    ['an id of 0', 'buildkit-cache-action-uses-1-0-3-AAAA'],
    ['a filter with bits dropped in decoding', 'buildkit-cache-action-uses-1-5-3-AAAAA'],
    ['no filter', 'buildkit-cache-action-uses-1-5-3-'],
    ['too many hashes', 'buildkit-cache-action-uses-1-5-40-AAAA'],
  ])('parses %s as no marker', (_, key) => {
    expect(parseMarker(key)).toBeUndefined()
  })

  it('names the id it needs when given a bad one', () => {
    expect(() => markerKey(0, [])).toThrow(/positive integer; got 0/)
    expect(() => markerKey(1.5, [])).toThrow(/positive integer/)
  })
})
