/** Unit tests for src/buildkit/keys.ts, checked against the keys real BuildKit v0.24.0 wrote. */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import {
  BUILDKIT_CACHE_VERSION,
  blobKey,
  indexKey,
  indexKeyBase,
  isBuildKitVersion,
  isDigest,
  parseKey,
  refHash,
} from '../../src/buildkit/keys.js'

const fixtureDir = new URL('../fixtures/buildkit-v0.24.0-gha/', import.meta.url).pathname

interface FixtureEntry {
  key: string
  version: string
  ref: string
}
const entries: FixtureEntry[] = JSON.parse(readFileSync(`${fixtureDir}entries.json`, 'utf8'))

describe('keys.ts', () => {
  it('uses the version go-actions-cache derives from "|go-actionscache-1.0"', () => {
    const expected = createHash('sha256').update('|go-actionscache-1.0').digest('hex')
    expect(BUILDKIT_CACHE_VERSION).toBe(expected)
    expect(entries.every((e) => isBuildKitVersion(e.version))).toBe(true)
    expect(
      isBuildKitVersion('1e7310525853f64b1558b638f4104f0511043131bf752eff47511848cd5d7c94'),
    ).toBe(false)
    expect(isBuildKitVersion(undefined)).toBe(false)
  })

  it.each([
    ['refs/heads/main', 'f921bd05'],
    ['refs/heads/feature', 'f04dcc3f'],
    ['refs/heads/master', '49c8f7d5'],
    ['', 'e3b0c442'],
  ])('refHash(%j) is %s', (ref, hash) => {
    expect(refHash(ref)).toBe(hash)
  })

  it('parses every key real BuildKit wrote and rebuilds it from its parts', () => {
    for (const entry of entries) {
      const parsed = parseKey(entry.key)
      if (parsed.kind === 'blob') {
        expect(blobKey(parsed.digest, parsed.signature)).toBe(entry.key)
      } else if (parsed.kind === 'index') {
        // The 8 hex digits name the ref that wrote the entry.
        expect(parsed.refHash).toBe(refHash(entry.ref))
        expect(
          indexKey(indexKeyBase(parsed.scope, entry.ref, parsed.signed), parsed.generation),
        ).toBe(entry.key)
      } else {
        throw new Error(`unclassified fixture key ${entry.key}`)
      }
    }
    const kinds = entries.map((e) => parseKey(e.key).kind)
    expect(kinds.filter((k) => k === 'index')).toHaveLength(8)
    expect(kinds.filter((k) => k === 'blob')).toHaveLength(9)
  })

  const digest = `sha256:${'ab'.repeat(32)}`
  it.each<[string, ReturnType<typeof parseKey>]>([
    [`buildkit-blob-1-${digest}`, { kind: 'blob', digest, signature: false }],
    [`buildkit-blob-1-${digest}-sig`, { kind: 'blob', digest, signature: true }],
    [
      'index-app-1-f921bd05#12',
      {
        kind: 'index',
        scope: 'app',
        refHash: 'f921bd05',
        signed: false,
        generation: 12,
        base: 'index-app-1-f921bd05',
      },
    ],
    [
      'index-buildkit-1-f921bd05-sig#3',
      {
        kind: 'index',
        scope: 'buildkit',
        refHash: 'f921bd05',
        signed: true,
        generation: 3,
        base: 'index-buildkit-1-f921bd05-sig',
      },
    ],
    // A scope that itself looks like a key tail: parsed from the right.
    [
      'index-web-1-deadbeef-linux-1-f921bd05#2',
      {
        kind: 'index',
        scope: 'web-1-deadbeef-linux',
        refHash: 'f921bd05',
        signed: false,
        generation: 2,
        base: 'index-web-1-deadbeef-linux-1-f921bd05',
      },
    ],
    ['index-app-1-f921bd05', { kind: 'other' }], // a lookup prefix, not an entry
    ['index-app-1-f921bd05#0', { kind: 'other' }],
    ['index-app-1-f921bd05#', { kind: 'other' }],
    ['index-app-1-F921BD05#1', { kind: 'other' }],
    ['index--1-f921bd05#1', { kind: 'other' }],
    ['buildkit-blob-1-sha256:xyz', { kind: 'other' }],
    ['buildkit-blob-2-' + digest, { kind: 'other' }],
    ['node-cache-Linux-x64-npm-abc', { kind: 'other' }],
    ['', { kind: 'other' }],
  ])('parseKey(%j)', (key, expected) => {
    expect(parseKey(key)).toEqual(expected)
  })
})

describe('isDigest', () => {
  it.each([
    [`sha256:${'0'.repeat(64)}`, true],
    [`sha512:${'f'.repeat(128)}`, true],
    [`sha256:${'A'.repeat(64)}`, false],
    ['sha256:', false],
    [`sha256${'0'.repeat(64)}`, false],
    [`sha256:${'0'.repeat(31)}`, false],
    [`Sha256:${'0'.repeat(64)}`, false],
    ['', false],
  ])('isDigest(%j) is %s', (value, expected) => {
    expect(isDigest(value)).toBe(expected)
  })
})
