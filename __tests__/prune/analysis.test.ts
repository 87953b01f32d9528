import { describe, expect, it } from '@jest/globals'
import { BUILDKIT_CACHE_VERSION } from '../../src/buildkit/keys.js'
import type { CacheEntry } from '../../src/github/caches.js'
import { classify } from '../../src/prune/analysis.js'

const entry = (key: string): CacheEntry => ({
  id: 1,
  ref: 'refs/heads/main',
  key,
  version: BUILDKIT_CACHE_VERSION,
  createdAt: 0,
  lastAccessedAt: 0,
  sizeInBytes: 1,
})

describe('classify', () => {
  it("classifies an entry once for a run's key prefixes: every phase gets the same answer", () => {
    const prefixes = ['buildkit-cache-action-local-']
    const index = entry(`index-web-1-${'0'.repeat(8)}#3`)
    const first = classify(index, prefixes)
    expect(first).toMatchObject({ kind: 'index', scope: 'web', generation: 3 })
    expect(classify(index, prefixes)).toBe(first)
    // Other prefixes are another question.
    const local = entry('buildkit-cache-action-local-x')
    expect(classify(local, prefixes).kind).toBe('local')
    expect(classify(local, []).kind).not.toBe('local')
  })
})
