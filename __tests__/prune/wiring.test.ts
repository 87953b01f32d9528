import { describe, expect, it } from '@jest/globals'
import { wirePrune, type PruneWiring } from '../../src/prune/wiring.js'

const credentials = { protocol: 'v2' as const, url: 'http://127.0.0.1:9/', token: 'rt' }
const quiet = { info: () => {}, debug: () => {}, warning: () => {} }

function wired(overrides: Partial<PruneWiring>) {
  return wirePrune({
    github: { token: 't', baseUrl: 'http://127.0.0.1:9', repository: 'octo/repo' },
    credentials,
    cacheMode: { name: '', read: true, write: true },
    clock: () => 0,
    log: quiet,
    ...overrides,
  }).deps
}

describe('wirePrune', () => {
  it.each([
    ['unset', { name: '', read: true, write: true }, true, true],
    ['write', { name: 'write', read: true, write: true }, true, true],
    ['read', { name: 'read', read: true, write: false }, true, false],
    ['write-only', { name: 'write-only', read: false, write: true }, false, true],
    ['none', { name: 'none', read: false, write: false }, false, false],
  ])(
    'cache-mode %s: indexes read and markers saved as it allows',
    (name, cacheMode, reads, saves) => {
      const deps = wired({ cacheMode })
      expect(deps.indexSource !== undefined).toBe(reads)
      expect(deps.saveMarker !== undefined).toBe(saves)
      if (reads) expect(deps.noIndexSource).toBeUndefined()
      else expect(deps.noIndexSource).toContain(`cache-mode is ${name} (ACTIONS_CACHE_MODE)`)
    },
  )

  it('without a runtime it reads no index and says why', () => {
    const deps = wirePrune({
      github: { token: 't', baseUrl: 'http://127.0.0.1:9', repository: 'octo/repo' },
      cacheMode: { name: '', read: true, write: true },
      clock: () => 0,
      log: quiet,
    }).deps
    expect(deps.indexSource).toBeUndefined()
    expect(deps.saveMarker).toBeUndefined()
    expect(deps.noIndexSource).toBe('the cache service runtime is not available')
  })

  it('names a repository that is not owner/name', () => {
    expect(() =>
      wired({ github: { token: 't', baseUrl: 'http://x', repository: 'repo' } }),
    ).toThrow('repo')
  })
})
