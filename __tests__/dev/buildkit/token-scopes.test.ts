/** dev/buildkit/token-scopes.ts: the scopes BuildKit reads from a runtime token. */
import { describe, expect, it } from '@jest/globals'
import { tokenScopes, writableScope } from '../../../dev/buildkit/token-scopes.js'

const jwt = (claims: unknown) =>
  `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`
const ac = (scopes: unknown) => jwt({ ac: JSON.stringify(scopes), nbf: 1, exp: 2 })

describe('tokenScopes / writableScope', () => {
  it.each([
    [[{ Scope: 'refs/heads/main', Permission: 3 }], 'refs/heads/main'],
    [
      [
        { Scope: 'refs/heads/feature', Permission: 3 },
        { Scope: 'refs/heads/main', Permission: 1 },
      ],
      'refs/heads/feature',
    ],
    [
      [
        { Scope: 'refs/pull/7/merge', Permission: 2 },
        { Scope: 'refs/heads/a', Permission: 3 },
      ],
      'refs/heads/a',
    ],
    [[{ Scope: 'refs/heads/main', Permission: 1 }], ''],
    [[], ''],
  ])('%j writes to %j', (scopes, expected) => {
    const parsed = tokenScopes(ac(scopes))
    expect(parsed.map((s) => s.scope)).toEqual(scopes.map((s) => s.Scope))
    expect(writableScope(parsed)).toBe(expected)
  })

  it.each([
    ['abc', 'runtime token is not a JWT (expected three dot-separated parts)'],
    ['a.!!!.c', 'runtime token payload is not base64url JSON'],
    [
      jwt({ ac: [] }),
      'invalid token with access controls type: the "ac" claim must be a JSON string',
    ],
    [jwt({ nbf: 1 }), 'invalid token with access controls type'],
    [jwt({ ac: '{}' }), 'runtime token "ac" claim does not hold a list'],
  ])('rejects %s', (token, message) => {
    expect(() => tokenScopes(token)).toThrow(message)
  })
})
