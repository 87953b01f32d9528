/** Key naming for type=local entries: prefix matching per scope, @actions/cache's key rules, bad input. */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { parseKey } from '../../src/buildkit/keys.js'
import {
  LOCAL_KEY_PREFIX,
  commitKeyPrefix,
  encodeScope,
  isScopeKey,
  localCacheKey,
  scopeKeyPrefix,
} from '../../src/local/keys.js'
import { MAX_KEY_LENGTH } from '../../src/cache-service/limits.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'
const base = {
  scope: 'web',
  commit: SHA,
  runId: '16012345678',
  runAttempt: '1',
  savedAt: 1_790_000_000_000,
}

describe('encodeScope', () => {
  it.each([
    ['web', 'web'],
    ['web-api_v2.1', 'web-api_v2.1'],
    ['ghcr.io/acme/app', 'ghcr.io/acme/app'],
    ['a#b', 'a%23b'],
    ['a,b', 'a%2Cb'],
    ['a b', 'a%20b'],
    ['50%', '50%25'],
    ['é', '%C3%A9'],
    ['a*b[c]', 'a%2Ab%5Bc%5D'],
  ])('%j → %j', (scope, encoded) => {
    expect(encodeScope(scope)).toBe(encoded)
  })
})

describe('keys', () => {
  it('names a save after scope, commit, run, attempt and save time', () => {
    expect(localCacheKey(base)).toBe(
      `buildkit-cache-action-local-web#${SHA}-16012345678-1-${(1_790_000_000_000).toString(36)}`,
    )
    expect(scopeKeyPrefix('web')).toBe('buildkit-cache-action-local-web#')
    expect(commitKeyPrefix('web', SHA)).toBe(`buildkit-cache-action-local-web#${SHA}-`)
  })

  it('is never mistaken for a BuildKit key by the pruner', () => {
    expect(parseKey(localCacheKey(base))).toEqual({ kind: 'other' })
    expect(localCacheKey(base).startsWith(LOCAL_KEY_PREFIX)).toBe(true)
  })

  it.each([
    // [scope of the key, scope asked about, belongs?]
    ['web', 'web', true],
    ['web-api', 'web', false],
    ['web#2', 'web', false],
    ['web', 'web#2', false],
    ['web', 'we', false],
    ['a,b', 'a,b', true],
  ])('a key of scope %j belongs to scope %j: %s', (keyScope, scope, belongs) => {
    expect(isScopeKey(localCacheKey({ ...base, scope: keyScope }), scope)).toBe(belongs)
  })

  it('keeps every key within @actions/cache rules (≤ 512 characters, no commas) and its scope prefix unambiguous', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 120, unit: 'grapheme' }),
        fc.string({ minLength: 1, maxLength: 120, unit: 'grapheme' }),
        (a, b) => {
          const key = localCacheKey({ ...base, scope: a })
          expect(key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH)
          expect(key).not.toContain(',')
          expect(isScopeKey(key, a)).toBe(true)
          expect(isScopeKey(key, b)).toBe(a === b)
        },
      ),
    )
  })

  it('accepts the longest scope its message promises', () => {
    const longest = 'x'.repeat(MAX_KEY_LENGTH - 120 - LOCAL_KEY_PREFIX.length - 1)
    const key = localCacheKey({
      ...base,
      commit: 'f'.repeat(64),
      runId: '9'.repeat(20),
      runAttempt: '9'.repeat(20),
      scope: longest,
      savedAt: Number.MAX_SAFE_INTEGER,
    })
    expect(key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH)
    expect(() => scopeKeyPrefix(`${longest}x`)).toThrow('Input "scope" is too long')
  })

  it.each([
    [{ scope: '' }, 'Input "scope" is empty: type=local needs a scope to name its cache entries.'],
    [
      { scope: 'x'.repeat(400) },
      /^Input "scope" is too long for a cache key \(429 characters once encoded\): keys are limited to 512 characters, so use a scope of at most 363 plain characters\.$/,
    ],
    [
      { scope: ','.repeat(150) },
      /^Input "scope" is too long for a cache key \(479 characters once encoded\)/,
    ],
    [{ commit: 'main' }, 'GITHUB_SHA is "main": expected a lower-case hexadecimal commit id.'],
    [{ commit: SHA.toUpperCase() }, /^GITHUB_SHA is "0123456789ABCDEF/],
    [{ runId: '' }, 'GITHUB_RUN_ID is "": expected the decimal number the runner sets.'],
    [
      { runAttempt: '1,2' },
      'GITHUB_RUN_ATTEMPT is "1,2": expected the decimal number the runner sets.',
    ],
    [{ savedAt: -1 }, 'The save time -1 is not a non-negative whole number of milliseconds.'],
    [{ savedAt: 1.5 }, 'The save time 1.5 is not a non-negative whole number of milliseconds.'],
  ])('rejects %j', (change, message) => {
    expect(() => localCacheKey({ ...base, ...change })).toThrow(message)
  })
})
