import { connect } from 'node:net'
import { request } from 'node:http'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { BlockBlobClient } from '@azure/storage-blob'
import {
  ManualClock,
  type RunningCacheService,
  startCacheService,
} from '../../../dev/cache-service/index.js'
import { TWIRP, call, finalizeV2, lookupV2, saveV2, twirp } from './http-helpers.js'
import { MAIN } from '../../helpers/constants.js'

const VERSION = 'a'.repeat(64)

let svc: RunningCacheService
let clock: ManualClock
let main: string

beforeAll(async () => {
  clock = new ManualClock(Date.UTC(2026, 5, 1))
  svc = await startCacheService({ clock })
  main = svc.runtimeToken({ ref: MAIN })
})
afterAll(() => svc.stop())

describe('v2 save and restore', () => {
  it('answers with GitHub field names, entry_id as a string, and serves the bytes back, ranges honoured', async () => {
    const data = randomBytes(300_000)
    const saved = await saveV2(svc, main, 'deps-linux-1', VERSION, data)
    expect(saved.status).toBe(200)
    expect(saved.json).toEqual({ ok: true, entry_id: expect.stringMatching(/^\d+$/) })

    const hit = await lookupV2(svc, main, 'deps-linux-2', VERSION, ['deps-linux-'])
    expect(hit).toEqual({
      ok: true,
      matched_key: 'deps-linux-1',
      signed_download_url: expect.stringContaining('sig='),
    })
    const url = hit.signed_download_url!
    expect(url.startsWith(svc.url)).toBe(true)

    const whole = Buffer.from(await (await fetch(url)).arrayBuffer())
    expect(whole.equals(data)).toBe(true)
    for (const header of ['x-ms-range', 'range']) {
      const part = await fetch(url, { headers: { [header]: 'bytes=1000-' } })
      expect(part.status).toBe(206)
      expect(part.headers.get('content-range')).toBe(`bytes 1000-${data.length - 1}/${data.length}`)
      expect(Buffer.from(await part.arrayBuffer()).equals(data.subarray(1000))).toBe(true)
    }
    const viaSdk = await new BlockBlobClient(url).downloadToBuffer(0, undefined, {
      blockSize: 64 * 1024,
      concurrency: 4,
    })
    expect(viaSdk.equals(data)).toBe(true)

    const entry = svc.entries().find((e) => e.key === 'deps-linux-1')!
    expect(entry).toMatchObject({ ref: MAIN, sizeBytes: data.length, committed: true })
    expect(String(entry.id)).toBe((saved.json as { entry_id: string }).entry_id)
  })

  it('keeps x-ms-request-id on every upload response, single-shot and block list alike', async () => {
    const created = await twirp(svc, 'CreateCacheEntry', { key: 'blocks', version: VERSION }, main)
    const client = new BlockBlobClient(
      (created.json as { signed_upload_url: string }).signed_upload_url,
    )
    const staged = await client.stageBlock(
      Buffer.from('0000').toString('base64'),
      Buffer.from('abc'),
      3,
    )
    const listed = await client.commitBlockList([Buffer.from('0000').toString('base64')])
    const created2 = await twirp(svc, 'CreateCacheEntry', { key: 'single', version: VERSION }, main)
    const single = await new BlockBlobClient(
      (created2.json as { signed_upload_url: string }).signed_upload_url,
    ).upload('xyz', 3)
    expect(
      [staged.requestId, listed.requestId, single.requestId].every(
        (id) => typeof id === 'string' && id.length > 0,
      ),
    ).toBe(true)
  })

  it('a lookup with another version misses, and so does a save under it not collide', async () => {
    await saveV2(svc, main, 'versioned', VERSION, Buffer.from('v-a'))
    const other = 'b'.repeat(64)
    expect(await lookupV2(svc, main, 'versioned', other)).toEqual({ ok: false })
    expect((await saveV2(svc, main, 'versioned', other, Buffer.from('v-b'))).json).toMatchObject({
      ok: true,
    })
    const hit = await lookupV2(svc, main, 'versioned', other)
    expect(await (await fetch(hit.signed_download_url!)).text()).toBe('v-b')
  })

  it('a miss is 200 {"ok":false}', async () => {
    const reply = await twirp(
      svc,
      'GetCacheEntryDownloadURL',
      { key: 'nothing-here', version: VERSION },
      main,
    )
    expect([reply.status, reply.json]).toEqual([200, { ok: false }])
  })

  it('a reserved entry is invisible to lookups yet blocks a second reserve with 409 already_exists', async () => {
    const first = await twirp(svc, 'CreateCacheEntry', { key: 'idx#1', version: VERSION }, main)
    expect(first.json).toMatchObject({ ok: true })
    expect(await lookupV2(svc, main, 'idx#', VERSION, ['idx#'])).toEqual({ ok: false })
    const second = await twirp(svc, 'CreateCacheEntry', { key: 'idx#1', version: VERSION }, main)
    expect([second.status, second.json]).toEqual([
      409,
      {
        code: 'already_exists',
        msg: 'cache entry with the same key, version, and scope already exists',
      },
    ])
  })

  it('a committed entry is immutable: saving the same key again is 409 and the content stays', async () => {
    await saveV2(svc, main, 'immutable', VERSION, Buffer.from('one'))
    const again = await saveV2(svc, main, 'immutable', VERSION, Buffer.from('two!'))
    expect(again.status).toBe(409)
    const hit = await lookupV2(svc, main, 'immutable', VERSION)
    expect(await (await fetch(hit.signed_download_url!)).text()).toBe('one')
  })

  it('writes to the token’s writable ref; a PR reads the default branch, the default branch cannot read the PR', async () => {
    const pr = svc.runtimeToken({ ref: 'refs/pull/5/merge' })
    await saveV2(svc, main, 'shared-base', VERSION, Buffer.from('base'))
    await saveV2(svc, pr, 'pr-only', VERSION, Buffer.from('pr'))
    expect(svc.entries().find((e) => e.key === 'pr-only')?.ref).toBe('refs/pull/5/merge')
    expect((await lookupV2(svc, pr, 'shared-base', VERSION)).ok).toBe(true)
    expect((await lookupV2(svc, main, 'pr-only', VERSION)).ok).toBe(false)
  })
})

describe('v2 tokens and permissions', () => {
  it('a read-only token reads but every write is refused with GitHub’s message', async () => {
    await saveV2(svc, main, 'ro-visible', VERSION, Buffer.from('x'))
    const ro = svc.runtimeToken({ ref: MAIN, write: false })
    expect((await lookupV2(svc, ro, 'ro-visible', VERSION)).ok).toBe(true)
    const denied = { ok: false, message: 'cache write denied: token has no writable scopes' }
    expect(
      (await twirp(svc, 'CreateCacheEntry', { key: 'ro-new', version: VERSION }, ro)).json,
    ).toEqual(denied)
    expect((await finalizeV2(svc, ro, 'ro-new', VERSION, 1)).json).toEqual(denied)
    expect(svc.entries().some((e) => e.key === 'ro-new')).toBe(false)
  })

  it('a token that can read nothing gets permission_denied with the read-denied prefix', async () => {
    const none = svc.runtimeToken({ ref: MAIN, scopes: [] })
    const reply = await twirp(svc, 'GetCacheEntryDownloadURL', { key: 'k', version: VERSION }, none)
    expect([reply.status, reply.json]).toEqual([
      403,
      { code: 'permission_denied', msg: 'cache read denied: token has no readable scopes' },
    ])
  })

  it('tokens expire and become valid on the service clock', async () => {
    const short = svc.runtimeToken({ ref: MAIN, ttlSeconds: 60 })
    expect(
      (await twirp(svc, 'GetCacheEntryDownloadURL', { key: 'k', version: VERSION }, short)).status,
    ).toBe(200)
    clock.advance(61_000)
    const expired = await twirp(
      svc,
      'GetCacheEntryDownloadURL',
      { key: 'k', version: VERSION },
      short,
    )
    expect(expired.status).toBe(401)
    expect(expired.json).toMatchObject({
      code: 'unauthenticated',
      msg: expect.stringContaining('token expired at'),
    })
    const future = svc.runtimeToken({ ref: MAIN })
    clock.set(clock.now() - 10_000)
    const early = await twirp(
      svc,
      'GetCacheEntryDownloadURL',
      { key: 'k', version: VERSION },
      future,
    )
    expect(early.json).toMatchObject({
      code: 'unauthenticated',
      msg: expect.stringContaining('not valid before'),
    })
    clock.advance(10_000)
  })
})

describe('v2 bad input', () => {
  const tampered = () => {
    const [h, p, s] = main.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString())
    claims.ac = JSON.stringify([{ Scope: 'refs/heads/other', Permission: 3 }])
    return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`
  }

  it.each<
    [
      string,
      () => { method?: string; body?: string; token?: string | null; type?: string; rpc?: string },
      number,
      object,
    ]
  >([
    [
      'no token',
      () => ({ token: null }),
      401,
      { code: 'unauthenticated', msg: expect.stringContaining('missing bearer token') },
    ],
    [
      'a tampered token',
      () => ({ token: tampered() }),
      401,
      { code: 'unauthenticated', msg: 'token signature is invalid' },
    ],
    [
      'a token that is not a JWT',
      () => ({ token: 'abc' }),
      401,
      { code: 'unauthenticated', msg: expect.stringContaining('not a JWT') },
    ],
    [
      'malformed JSON',
      () => ({ body: '{"key":' }),
      400,
      { code: 'malformed', msg: expect.stringContaining('request body is not JSON') },
    ],
    [
      'a JSON array',
      () => ({ body: '[]' }),
      400,
      { code: 'malformed', msg: 'request body must be a JSON object' },
    ],
    [
      'no key',
      () => ({ body: JSON.stringify({ version: VERSION }) }),
      400,
      { code: 'invalid_argument', msg: 'key is required and must be a non-empty string' },
    ],
    [
      'no version',
      () => ({ body: JSON.stringify({ key: 'k' }) }),
      400,
      { code: 'invalid_argument', msg: 'version is required and must be a non-empty string' },
    ],
    [
      'a key over 512 characters',
      () => ({ body: JSON.stringify({ key: 'k'.repeat(513), version: VERSION }) }),
      400,
      { code: 'invalid_argument', msg: 'key is longer than 512 characters' },
    ],
    [
      'restore_keys not a list',
      () => ({
        rpc: 'GetCacheEntryDownloadURL',
        body: JSON.stringify({ key: 'k', version: VERSION, restore_keys: 'a' }),
      }),
      400,
      { code: 'invalid_argument', msg: 'restore_keys must be a list of non-empty strings' },
    ],
    [
      'eleven keys',
      () => ({
        rpc: 'GetCacheEntryDownloadURL',
        body: JSON.stringify({ key: 'k', version: VERSION, restore_keys: Array(10).fill('r') }),
      }),
      400,
      { code: 'invalid_argument', msg: 'at most 10 keys (key and restore_keys) per lookup' },
    ],
    [
      'a negative size',
      () => ({
        rpc: 'FinalizeCacheEntryUpload',
        body: JSON.stringify({ key: 'k', version: VERSION, size_bytes: '-1' }),
      }),
      400,
      {
        code: 'invalid_argument',
        msg: 'size_bytes must be a whole number of bytes >= 0, got "-1"',
      },
    ],
    [
      'GET instead of POST',
      () => ({ method: 'GET' }),
      404,
      { code: 'bad_route', msg: 'unsupported method GET (only POST is allowed)' },
    ],
    [
      'protobuf content type',
      () => ({ type: 'application/protobuf' }),
      404,
      { code: 'bad_route', msg: expect.stringContaining('unexpected Content-Type') },
    ],
    [
      'an unknown method',
      () => ({ rpc: 'DeleteCacheEntry' }),
      404,
      { code: 'bad_route', msg: expect.stringContaining('no handler for path') },
    ],
    [
      'a body over 1 MiB',
      () => ({ body: JSON.stringify({ key: 'k', version: VERSION, pad: 'x'.repeat(1_100_000) }) }),
      413,
      { code: 'invalid_argument' },
    ],
  ])('%s', async (_n, make, status, body) => {
    const o = make()
    const token = o.token === null ? undefined : (o.token ?? main)
    const reply = await call(svc, TWIRP + (o.rpc ?? 'CreateCacheEntry'), {
      method: o.method ?? 'POST',
      headers: {
        'content-type': o.type ?? 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body:
        (o.method ?? 'POST') === 'GET'
          ? undefined
          : (o.body ?? JSON.stringify({ key: 'bad-input', version: VERSION })),
    })
    expect(reply.status).toBe(status)
    expect(reply.json).toEqual(expect.objectContaining(body))
    expect(svc.entries().some((e) => e.key === 'bad-input')).toBe(false)
  })

  type Prep = (s: RunningCacheService, token: string) => Promise<unknown>
  it.each<[string, Prep, string]>([
    ['without a reservation', async () => undefined, 'no cache entry is reserved for key fin-1'],
    [
      'before anything was uploaded',
      (s, t) => twirp(s, 'CreateCacheEntry', { key: 'fin-1', version: VERSION }, t),
      'nothing was uploaded for cache entry fin-1',
    ],
    [
      'with a size other than what was uploaded',
      async (s, t) => {
        const c = await twirp(s, 'CreateCacheEntry', { key: 'fin-1', version: VERSION }, t)
        await new BlockBlobClient(
          (c.json as { signed_upload_url: string }).signed_upload_url,
        ).upload('abc', 3)
      },
      'size_bytes 5 does not match the 3 bytes uploaded for fin-1',
    ],
  ])('finalize %s is refused and nothing becomes visible', async (_n, prepare, message) => {
    const s = await startCacheService()
    const token = s.runtimeToken({ ref: MAIN })
    try {
      await prepare(s, token)
      const reply = await finalizeV2(s, token, 'fin-1', VERSION, 5)
      expect(reply.json).toEqual({ ok: false, message })
      expect(await lookupV2(s, token, 'fin-1', VERSION)).toEqual({ ok: false })
    } finally {
      await s.stop()
    }
  })

  it('an upload cut off mid-way leaves nothing visible', async () => {
    const created = await twirp(svc, 'CreateCacheEntry', { key: 'cut', version: VERSION }, main)
    const target = new URL((created.json as { signed_upload_url: string }).signed_upload_url)
    await new Promise<void>((done) => {
      const req = request(target, {
        method: 'PUT',
        headers: { 'x-ms-blob-type': 'BlockBlob', 'content-length': 1_000_000 },
      })
      req.on('error', () => done())
      req.write(Buffer.alloc(100_000), () => setTimeout(() => req.destroy(), 50))
      req.on('close', () => done())
    })
    const fin = await finalizeV2(svc, main, 'cut', VERSION, 1000000)
    expect(fin.json).toMatchObject({ ok: false })
    expect(await lookupV2(svc, main, 'cut', VERSION)).toEqual({ ok: false })
    expect(svc.entries().find((e) => e.key === 'cut')?.committed).toBe(false)
  })

  it('finalizing twice is refused the second time', async () => {
    const first = await saveV2(svc, main, 'twice', VERSION, Buffer.from('a'))
    expect(first.json).toMatchObject({ ok: true })
    const second = await finalizeV2(svc, main, 'twice', VERSION, 1)
    expect(second.json).toEqual({
      ok: false,
      message: 'cache entry for key twice is already finalized',
    })
  })

  it('garbage on the wire costs that connection only; the service keeps serving', async () => {
    const answer = await new Promise<string>((done) => {
      const socket = connect(Number(new URL(svc.url).port), '127.0.0.1', () =>
        socket.write('NOT HTTP AT ALL\r\n\r\n'),
      )
      let text = ''
      socket.on('data', (d) => (text += d))
      socket.on('close', () => done(text))
    })
    expect(answer).toContain('400 Bad Request')
    expect(
      (await twirp(svc, 'GetCacheEntryDownloadURL', { key: 'k', version: VERSION }, main)).status,
    ).toBe(200)
  })

  it.each([
    ['/nowhere', 404, { message: 'Not Found' }],
    ['/_apis/artifactcache/nowhere', 404, { typeKey: 'ApiResourceNotFoundException' }],
    [
      '/api/v3/nowhere',
      404,
      { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
    ],
  ])('an unknown path %s gets its protocol’s 404', async (path, status, body) => {
    const reply = await call(svc, path, { headers: { authorization: `Bearer ${main}` } })
    expect(reply.status).toBe(status)
    expect(reply.json).toMatchObject(body)
  })
})

describe('Azure-style blob URLs through the service as a proxy', () => {
  let azure: RunningCacheService
  beforeAll(async () => {
    azure = await startCacheService({ blobUrls: 'azure-host' })
  })
  afterAll(() => azure.stop())

  const viaProxy = (
    o: { method: string; path: string; headers?: Record<string, string | number> },
    body?: string,
  ) =>
    new Promise<number>((resolve, reject) => {
      const { port } = new URL(azure.url)
      const req = request({ host: '127.0.0.1', port, ...o })
      req.on('response', (res) => {
        res.resume()
        resolve(res.statusCode!)
      })
      req.on('connect', (res, socket) => {
        socket.destroy()
        resolve(res.statusCode!)
      })
      req.on('error', reject)
      req.end(body)
    })

  it('signs URLs for the account host, and jobEnv routes them through the service', async () => {
    const token = azure.runtimeToken({ ref: MAIN })
    const created = await twirp(azure, 'CreateCacheEntry', { key: 'az', version: VERSION }, token)
    const url = new URL((created.json as { signed_upload_url: string }).signed_upload_url)
    expect([url.protocol, url.host, url.pathname]).toEqual([
      'http:',
      'devstoreaccount1.blob.core.windows.net',
      '/cache/e1',
    ])
    expect(azure.jobEnv({ ref: MAIN })).toMatchObject({
      HTTP_PROXY: azure.url,
      NO_PROXY: '127.0.0.1,localhost,::1',
    })
    const put = {
      method: 'PUT',
      path: url.href,
      headers: { 'x-ms-blob-type': 'BlockBlob', 'content-length': 3 },
    }
    expect(await viaProxy(put, 'abc')).toBe(201)
    const fin = await finalizeV2(azure, token, 'az', VERSION, 3)
    expect(fin.json).toMatchObject({ ok: true })
    expect(azure.requestCounts()['blob.PutBlob']).toBe(1)
  })

  it.each([
    [
      'an absolute-form request for another host',
      { method: 'GET', path: 'http://example.com/' },
      403,
    ],
    ['a CONNECT to another host', { method: 'CONNECT', path: 'example.com:443' }, 403],
    [
      'a CONNECT to the account host',
      { method: 'CONNECT', path: 'devstoreaccount1.blob.core.windows.net:80' },
      200,
    ],
  ])('%s is answered %d', async (_n, o, status) => {
    expect(await viaProxy(o)).toBe(status)
  })
})

describe('request targets that do not parse', () => {
  it.each([
    ['api/v3/repos/%E0%A4%A/x/actions/caches'],
    ['api/v3/repos/octo-org/octo-repo/branches/%ZZ'],
  ])('%s is a 400 and the service keeps serving', async (path) => {
    const reply = await call(svc, path, { headers: { authorization: `token ${svc.githubToken}` } })
    expect(reply.status).toBe(400)
    expect(reply.json).toMatchObject({ message: expect.stringContaining('bad request target') })
    expect(
      (await twirp(svc, 'GetCacheEntryDownloadURL', { key: 'k', version: VERSION }, main)).status,
    ).toBe(200)
  })
})
