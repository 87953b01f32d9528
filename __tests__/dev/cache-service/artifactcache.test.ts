import { randomBytes } from 'node:crypto'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { type RunningCacheService, startCacheService } from '../../../dev/cache-service/index.js'
import { V1_ACCEPT, call } from './http-helpers.js'
import { MAIN } from '../../helpers/constants.js'

const API = '_apis/artifactcache/'
const VERSION = 'b'.repeat(64)

let svc: RunningCacheService
let main: string

beforeAll(async () => {
  svc = await startCacheService({ limitBytes: 50 * 1024 * 1024 })
  main = svc.runtimeToken({ ref: MAIN })
})
afterAll(() => svc.stop())

function v1(path: string, token: string | undefined, init: RequestInit = {}) {
  return call(svc, API + path, {
    ...init,
    headers: {
      accept: V1_ACCEPT,
      ...(init.body && typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.headers as Record<string, string>),
    },
  })
}

const reserve = (key: string, token = main, extra: object = {}) =>
  v1('caches', token, { method: 'POST', body: JSON.stringify({ key, version: VERSION, ...extra }) })

/** A PATCH sent chunked (no Content-Length), as BuildKit sends it. */
function patch(
  id: number,
  start: number,
  data: Buffer,
  token = main,
  range?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(`${API}caches/${id}`, svc.url), {
      method: 'PATCH',
      headers: {
        accept: V1_ACCEPT,
        authorization: `Bearer ${token}`,
        'content-type': 'application/octet-stream',
        'content-range': range ?? `bytes ${start}-${start + data.length - 1}/*`,
      },
    })
    req.on('response', (res) => {
      res.resume()
      resolve(res.statusCode!)
    })
    req.on('error', reject)
    req.write(data.subarray(0, Math.floor(data.length / 2)))
    req.end(data.subarray(Math.floor(data.length / 2)))
  })
}

const commit = (id: number, size: number, token = main) =>
  v1(`caches/${id}`, token, { method: 'POST', body: JSON.stringify({ size }) })

async function lookup(keys: string, token = main) {
  return v1(`cache?keys=${encodeURIComponent(keys)}&version=${VERSION}`, token)
}

describe('v1 save and restore', () => {
  it('reserve 201, chunks in any order, commit 204, then a hit with a ranged download', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17)
    const reserved = await reserve('v1-deps-1', main, { cacheSize: data.length })
    expect(reserved.status).toBe(201)
    const { cacheId } = reserved.json as { cacheId: number }
    expect(cacheId).toBeGreaterThan(0)
    const MiB = 1024 * 1024
    const chunks = [2, 0, 3, 1].map(
      (i) => [i * MiB, data.subarray(i * MiB, (i + 1) * MiB)] as const,
    )
    expect(await Promise.all(chunks.map(([start, part]) => patch(cacheId, start, part)))).toEqual([
      204, 204, 204, 204,
    ])
    expect(await lookup('v1-deps-1')).toMatchObject({ status: 204 })
    expect((await commit(cacheId, data.length)).status).toBe(204)

    const hit = await lookup('v1-deps-2,v1-deps-')
    expect(hit.status).toBe(200)
    expect(hit.json).toEqual({
      cacheKey: 'v1-deps-1',
      scope: MAIN,
      cacheVersion: VERSION,
      creationTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      archiveLocation: expect.stringContaining('sig='),
    })
    const location = (hit.json as { archiveLocation: string }).archiveLocation
    expect(Buffer.from(await (await fetch(location)).arrayBuffer()).equals(data)).toBe(true)
    const tail = await fetch(location, { headers: { range: `bytes=${data.length - 10}-` } })
    expect(tail.status).toBe(206)
    expect(tail.headers.get('content-range')).toBe(
      `bytes ${data.length - 10}-${data.length - 1}/${data.length}`,
    )
    expect(svc.entries().find((e) => e.id === cacheId)).toMatchObject({
      sizeBytes: data.length,
      committed: true,
    })
  })

  it('a miss is 204 with an empty body', async () => {
    const miss = await lookup('nothing-like-this')
    expect([miss.status, miss.text]).toEqual([204, ''])
  })

  it('a second reserve of the same identity is 409 with the already-exists typeKey, reserved or committed', async () => {
    const first = await reserve('v1-dup')
    const again = await reserve('v1-dup')
    expect(again.status).toBe(409)
    expect(again.json).toMatchObject({
      message: `Cache already exists. Scope: ${MAIN}, Key: v1-dup, Version: ${VERSION}`,
      typeKey: 'ArtifactCacheItemAlreadyExistsException',
    })
    const { cacheId } = first.json as { cacheId: number }
    await patch(cacheId, 0, Buffer.from('x'))
    await commit(cacheId, 1)
    expect((await reserve('v1-dup')).status).toBe(409)
  })

  it('lists caches of a key for diagnostics', async () => {
    const listed = await v1(`caches?key=v1-deps-1`, main)
    expect(listed.json).toMatchObject({
      totalCount: 1,
      artifactCaches: [{ cacheKey: 'v1-deps-1', scope: MAIN }],
    })
  })
})

describe('v1 commits never expose half an upload', () => {
  it('a hole is refused; once filled, the same commit succeeds', async () => {
    const { cacheId } = (await reserve('v1-hole')).json as { cacheId: number }
    await patch(cacheId, 0, Buffer.alloc(10, 1))
    await patch(cacheId, 20, Buffer.alloc(10, 3))
    const refused = await commit(cacheId, 30)
    expect(refused.status).toBe(400)
    expect(refused.json).toMatchObject({
      message: 'uploaded chunks do not cover the cache: expected a chunk at offset 10, found 20',
    })
    expect((await lookup('v1-hole')).status).toBe(204)
    await patch(cacheId, 10, Buffer.alloc(10, 2))
    expect((await commit(cacheId, 30)).status).toBe(204)
    const location = ((await lookup('v1-hole')).json as { archiveLocation: string }).archiveLocation
    const body = Buffer.from(await (await fetch(location)).arrayBuffer())
    expect([...body.subarray(8, 12), ...body.subarray(18, 22)]).toEqual([1, 1, 2, 2, 2, 2, 3, 3])
  })

  it.each([
    ['a body shorter than its Content-Range', 'bytes 0-99/*', Buffer.alloc(50), 400],
    ['a body longer than its Content-Range', 'bytes 0-9/*', Buffer.alloc(50), 400],
    ['a malformed Content-Range', 'bytes=0-9', Buffer.alloc(10), 400],
  ])('%s is refused', async (_n, range, data, status) => {
    const { cacheId } = (await reserve(`v1-bad-${range}`)).json as { cacheId: number }
    expect(await patch(cacheId, 0, data, main, range)).toBe(status)
    expect((await commit(cacheId, 100)).status).toBe(400)
    expect(svc.entries().find((e) => e.id === cacheId)?.committed).toBe(false)
  })

  it('a commit whose size disagrees with the chunks is refused', async () => {
    const { cacheId } = (await reserve('v1-size')).json as { cacheId: number }
    await patch(cacheId, 0, Buffer.alloc(10))
    expect((await commit(cacheId, 11)).json).toMatchObject({
      message: 'size 11 does not match the 10 bytes uploaded',
    })
  })

  it.each([
    ['an unknown cache id', () => 999_999, () => main],
    [
      'a reservation in another ref',
      async () =>
        (
          (await reserve('v1-other', svc.runtimeToken({ ref: 'refs/heads/other' }))).json as {
            cacheId: number
          }
        ).cacheId,
      () => main,
    ],
    [
      'a committed entry',
      async () => {
        const { cacheId } = (await reserve('v1-done')).json as { cacheId: number }
        await commit(cacheId, 0)
        return cacheId
      },
      () => main,
    ],
  ])('uploading to %s is 404', async (_n, idOf, tokenOf) => {
    const id = await idOf()
    expect(await patch(id, 0, Buffer.from('abc'), tokenOf())).toBe(404)
  })
})

describe('v1 bad input and permissions', () => {
  it.each<[string, () => Promise<{ status: number; json: unknown }>, number, object]>([
    [
      'no token',
      () => v1('cache?keys=a&version=v', undefined),
      401,
      { typeKey: 'VssUnauthorizedException' },
    ],
    [
      'a garbage token',
      () => v1('cache?keys=a&version=v', 'x.y.z'),
      401,
      { typeKey: 'VssUnauthorizedException' },
    ],
    [
      'no keys',
      () => v1('cache?version=v', main),
      400,
      { message: 'keys is required: a comma-separated list of cache keys' },
    ],
    ['no version', () => v1('cache?keys=a', main), 400, { message: 'version is required' }],
    [
      'an unsupported api-version',
      () =>
        v1('cache?keys=a&version=v', main, {
          headers: { accept: 'application/json;api-version=7.1' },
        }),
      400,
      { typeKey: 'VssVersionNotSupportedException' },
    ],
    [
      'malformed JSON on reserve',
      () => v1('caches', main, { method: 'POST', body: '{' }),
      400,
      { typeKey: 'ArgumentException' },
    ],
    [
      'a reserve without a key',
      () => v1('caches', main, { method: 'POST', body: JSON.stringify({ version: VERSION }) }),
      400,
      { message: 'key is required and must be a non-empty string' },
    ],
    [
      'a cache over the limit at reserve',
      () => reserve('v1-huge', main, { cacheSize: 60 * 1024 * 1024 }),
      400,
      {
        message: 'Cache size of ~60 MB (62914560 B) is over the data cap limit, not saving cache.',
      },
    ],
    [
      'a read-only token reserving',
      () => reserve('v1-ro', svc.runtimeToken({ ref: MAIN, write: false })),
      403,
      { message: 'cache write denied: token has no writable scopes' },
    ],
    [
      'a token that reads nothing',
      () => lookup('a', svc.runtimeToken({ ref: MAIN, scopes: [] })),
      403,
      { message: 'cache read denied: token has no readable scopes' },
    ],
    [
      'a commit without a size',
      async () =>
        v1(`caches/${((await reserve('v1-nosize')).json as { cacheId: number }).cacheId}`, main, {
          method: 'POST',
          body: '{}',
        }),
      400,
      { message: 'size is required' },
    ],
    [
      'DELETE on a cache',
      () => v1('caches/1', main, { method: 'DELETE' }),
      404,
      { typeKey: 'ApiResourceNotFoundException' },
    ],
  ])('%s', async (_n, send, status, body) => {
    const reply = await send()
    expect(reply.status).toBe(status)
    expect(reply.json).toMatchObject(body)
  })
})
