import { createHmac } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import {
  grantOf,
  mintRuntimeToken,
  scopesFor,
  signJwt,
  verifyRuntimeToken,
} from '../../../dev/cache-service/token.js'

const secret = Buffer.from('0123456789abcdef0123456789abcdef')
const T0 = Date.UTC(2026, 0, 1)

function signedRaw(head: string): string {
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())
}

describe('runtime tokens', () => {
  it('are shaped as BuildKit needs: registered alg, ac as a JSON string, numeric nbf/exp', () => {
    const token = mintRuntimeToken(secret, {
      scopes: scopesFor({ ref: 'refs/heads/feature', readRefs: ['refs/heads/main'], write: true }),
      nowMs: T0,
      ttlSeconds: 600,
    })
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())
    const claims = claimsOf(token)
    expect(header).toEqual({ typ: 'JWT', alg: 'HS256' })
    expect(typeof claims.ac).toBe('string')
    expect(JSON.parse(claims.ac as string)).toEqual([
      { Scope: 'refs/heads/feature', Permission: 3 },
      { Scope: 'refs/heads/main', Permission: 1 },
    ])
    expect(claims.nbf).toBe(T0 / 1000)
    expect(claims.exp).toBe(T0 / 1000 + 600)
  })

  it.each([
    [
      'write token',
      { ref: 'refs/heads/main', readRefs: [], write: true },
      ['refs/heads/main'],
      'refs/heads/main',
    ],
    [
      'read-only token',
      { ref: 'refs/heads/main', readRefs: [], write: false },
      ['refs/heads/main'],
      undefined,
    ],
    [
      'PR reads its base',
      { ref: 'refs/pull/3/merge', readRefs: ['refs/heads/dev', 'refs/heads/main'], write: true },
      ['refs/pull/3/merge', 'refs/heads/dev', 'refs/heads/main'],
      'refs/pull/3/merge',
    ],
    [
      'own ref is not repeated as a read ref',
      {
        ref: 'refs/heads/main',
        readRefs: ['refs/heads/main', 'refs/heads/x', 'refs/heads/x'],
        write: true,
      },
      ['refs/heads/main', 'refs/heads/x'],
      'refs/heads/main',
    ],
  ])('%s: readable refs in order and the writable ref', (_n, o, readable, writable) => {
    const check = verifyRuntimeToken(
      secret,
      mintRuntimeToken(secret, { scopes: scopesFor(o), nowMs: T0 }),
      T0,
    )
    expect(check).toMatchObject({ ok: true, readable, writable })
  })

  it('the writable ref is the last scope with write permission, as BuildKit picks it', () => {
    expect(
      grantOf([
        { Scope: 'a', Permission: 3 },
        { Scope: 'b', Permission: 2 },
        { Scope: 'c', Permission: 1 },
      ]),
    ).toMatchObject({ readable: ['a', 'c'], writable: 'b' })
  })

  const good = mintRuntimeToken(secret, {
    scopes: scopesFor({ ref: 'refs/heads/main', readRefs: [], write: true }),
    nowMs: T0,
    ttlSeconds: 60,
  })
  const [h, p, s] = good.split('.') as [string, string, string]
  const forged = (payload: object, header: object = { alg: 'HS256' }) =>
    signJwt(secret, header, payload)
  const now = T0 + 1000

  it.each([
    ['not a JWT', 'abc', 'expected three'],
    ['bad header', `!!.${p}.${s}`, 'header is not base64url JSON'],
    [
      'alg none',
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`,
      'algorithm "none" is not accepted',
    ],
    [
      'tampered payload',
      `${h}.${Buffer.from(JSON.stringify({ ...claimsOf(good), ac: '[{"Scope":"refs/heads/main","Permission":3},{"Scope":"refs/heads/x","Permission":3}]' })).toString('base64url')}.${s}`,
      'signature is invalid',
    ],
    [
      'signed with another secret',
      signJwt(Buffer.from('other'), { alg: 'HS256' }, claimsOf(good)),
      'signature is invalid',
    ],
    ['expired', good, 'expired at', T0 + 60_000],
    ['not yet valid', good, 'not valid before', T0 - 1000],
    ['nbf missing', forged({ exp: 2e9, ac: '[]' }), 'numeric nbf/exp'],
    [
      'ac as an array, not a string',
      forged({ nbf: 0, exp: 2e9, ac: [] }),
      'ac must be a JSON string',
    ],
    [
      'ac of the wrong shape',
      forged({ nbf: 0, exp: 2e9, ac: '[{"scope":"x"}]' }),
      'not a list of {Scope, Permission}',
    ],
    [
      'payload not JSON, though signed',
      signedRaw(`${h}.${Buffer.from('nope').toString('base64url')}`),
      'payload is not base64url JSON',
    ],
  ])('rejects %s', (_n, token, reason, at = now) => {
    const check = verifyRuntimeToken(secret, token, at)
    expect(check.ok).toBe(false)
    expect(check.ok ? '' : check.reason).toContain(reason)
  })

  it('rejects a non-positive lifetime when minting', () => {
    expect(() => mintRuntimeToken(secret, { scopes: [], nowMs: T0, ttlSeconds: 0 })).toThrow(
      'ttlSeconds must be a positive number, got 0',
    )
  })
})
