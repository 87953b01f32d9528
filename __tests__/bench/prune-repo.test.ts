/** The pruning benchmark's repository generator (bench/prune-repo.ts). */
import { describe, expect, it } from '@jest/globals'
import { referencedBlobKeys } from '../../src/buildkit/index-document.js'
import { parseKey } from '../../src/buildkit/keys.js'
import { generateRepo } from '../../bench/prune-repo.js'

describe('generateRepo', () => {
  it.each([300, 1000, 5000])('writes %d entries the way BuildKit names and links them', (size) => {
    const repo = generateRepo(size, 3)
    expect(repo.entries.length).toBe(size)
    const total = repo.entries.reduce((s, e) => s + e.sizeBytes, 0)
    expect(Math.abs(total - 25e9) / 25e9).toBeLessThan(0.01)
    const byRefKey = new Set(repo.entries.map((e) => `${e.ref} ${e.key}`))
    let indexes = 0
    for (const e of repo.entries) {
      const key = parseKey(e.key)
      if (key.kind !== 'index') continue
      indexes++
      // Every blob an index references was stored in its ref or the default branch's.
      for (const blob of referencedBlobKeys(e.content!, key.signed)) {
        expect(byRefKey.has(`${e.ref} ${blob}`) || byRefKey.has(`${repo.defaultRef} ${blob}`)).toBe(
          true,
        )
      }
    }
    expect(indexes).toBeGreaterThan(size / 5)
    expect(repo.entries.filter((e) => parseKey(e.key).kind === 'other').length).toBeGreaterThan(0)
  })

  it('gives the same repository for the same seed, another for another seed', () => {
    const key = (seed: number) =>
      generateRepo(500, seed).entries.map((e) => `${e.ref} ${e.key} ${e.sizeBytes} ${e.createdAt}`)
    expect(key(1)).toEqual(key(1))
    expect(key(1)).not.toEqual(key(2))
  })
})
