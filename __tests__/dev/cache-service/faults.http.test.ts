import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { BlockBlobClient } from '@azure/storage-blob'
import * as cache from '@actions/cache'
import { getOctokit } from '@actions/github'
import { type RunningCacheService, startCacheService } from '../../../dev/cache-service/index.js'
import { V1_ACCEPT, call, finalizeV2, lookupV2, saveV2, twirp } from './http-helpers.js'
import { MAIN } from '../../helpers/constants.js'

const VERSION = 'e'.repeat(64)

let svc: RunningCacheService
let token: string
let owner: string
let repo: string

beforeAll(async () => {
  svc = await startCacheService({ faultSeed: 7 })
  token = svc.runtimeToken({ ref: MAIN })
  ;[owner, repo] = svc.repository.split('/') as [string, string]
})
afterEach(() => svc.faults.clear())
afterAll(() => svc.stop())

describe('injected errors, in each protocol’s own shape', () => {
  it.each<
    [
      string,
      Parameters<RunningCacheService['faults']['inject']>[0],
      () => Promise<{ status: number; headers: Headers; text: string }>,
      number,
      RegExp,
    ]
  >([
    [
      'Twirp',
      'v2.CreateCacheEntry',
      () => twirp(svc, 'CreateCacheEntry', { key: 'f', version: VERSION }, token),
      503,
      /^\{"code":"unavailable","msg":"injected fault on v2.CreateCacheEntry"\}$/,
    ],
    [
      'v1',
      'v1.getCacheEntry',
      () =>
        call(svc, `_apis/artifactcache/cache?keys=f&version=${VERSION}`, {
          headers: { accept: V1_ACCEPT, authorization: `Bearer ${token}` },
        }),
      500,
      /"typeKey":"InternalServerErrorException"/,
    ],
    [
      'REST',
      'rest.getActionsCacheUsage',
      () =>
        call(svc, `api/v3/repos/${owner}/${repo}/actions/cache/usage`, {
          headers: { authorization: `token ${svc.githubToken}` },
        }),
      503,
      /^\{"message":"injected fault on rest.getActionsCacheUsage","documentation_url":"https:\/\/docs.github.com\/rest","status":"503"\}$/,
    ],
    [
      'a gateway in front of anything',
      'v2.GetCacheEntryDownloadURL',
      () => twirp(svc, 'GetCacheEntryDownloadURL', { key: 'f', version: VERSION }, token),
      502,
      /^<html>.*502 Bad Gateway/,
    ],
  ])('%s', async (_n, endpoint, send, status, body) => {
    svc.faults.inject(endpoint, { status, times: 1 })
    const failed = await send()
    expect(failed.status).toBe(status)
    expect(failed.text).toMatch(body)
    expect((await send()).status).not.toBe(status)
  })

  it('Azure blob requests fail with Azure’s XML, x-ms-request-id, and Retry-After', async () => {
    const created = await twirp(
      svc,
      'CreateCacheEntry',
      { key: 'blob-fault', version: VERSION },
      token,
    )
    const url = (created.json as { signed_upload_url: string }).signed_upload_url
    svc.faults.inject('blob.PutBlob', { status: 503, retryAfterSeconds: 2, times: 1 })
    const res = await fetch(url, {
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob' },
      body: 'abc',
    })
    expect([
      res.status,
      res.headers.get('retry-after'),
      res.headers.get('x-ms-error-code'),
    ]).toEqual([503, '2', 'ServerBusy'])
    expect(res.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(await res.text()).toMatch(
      /<Error><Code>ServerBusy<\/Code><Message>injected fault on blob.PutBlob/,
    )
    // The Azure SDK retries a 503 and gets through.
    await new BlockBlobClient(url).upload('abc', 3, { abortSignal: AbortSignal.timeout(20_000) })
    const fin = await finalizeV2(svc, token, 'blob-fault', VERSION, 3)
    expect(fin.json).toMatchObject({ ok: true })
  }, 30_000)

  it('an error rate is random but repeatable from the seed', async () => {
    const run = async (s: RunningCacheService) => {
      s.faults.inject('v2.GetCacheEntryDownloadURL', { errorRate: 0.3, status: 500 })
      const t = s.runtimeToken({ ref: MAIN })
      const statuses: number[] = []
      for (let i = 0; i < 120; i++)
        statuses.push(
          (await twirp(s, 'GetCacheEntryDownloadURL', { key: 'x', version: VERSION }, t)).status,
        )
      return statuses
    }
    const other = await startCacheService({ faultSeed: 99 })
    const again = await startCacheService({ faultSeed: 99 })
    try {
      const a = await run(other)
      expect(await run(again)).toEqual(a)
      const failures = a.filter((s) => s === 500).length
      expect(failures).toBeGreaterThan(20)
      expect(failures).toBeLessThan(60)
    } finally {
      await Promise.all([other.stop(), again.stop()])
    }
  })

  it('latency delays each matching request, failed or not', async () => {
    svc.faults.inject(['v2.GetCacheEntryDownloadURL'], { latencyMs: 250 })
    const started = performance.now()
    const reply = await twirp(
      svc,
      'GetCacheEntryDownloadURL',
      { key: 'slow', version: VERSION },
      token,
    )
    expect(reply.status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(245)
  })

  it('the real client retries a 5xx on Twirp and saves anyway', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'faults-'))
    const saved = { ...process.env }
    const quiet = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      mkdirSync(join(workspace, 'tmp'))
      writeFileSync(join(workspace, 'data'), 'retry me')
      Object.assign(process.env, svc.jobEnv({ ref: MAIN }), {
        GITHUB_WORKSPACE: workspace,
        RUNNER_TEMP: join(workspace, 'tmp'),
      })
      svc.faults.inject('v2.CreateCacheEntry', { status: 503, times: 1 })
      svc.resetRequestCounts()
      expect(await cache.saveCache([join(workspace, 'data')], 'retried')).toBeGreaterThan(0)
      expect(svc.requestCounts()['v2.CreateCacheEntry']).toBe(2)
    } finally {
      quiet.mockRestore()
      process.env = saved
      rmSync(workspace, { recursive: true, force: true })
    }
  }, 30_000)
})

describe('REST listing pages that fail or come back incomplete', () => {
  beforeAll(async () => {
    await svc.seedEntries(
      Array.from({ length: 7 }, (_, i) => ({ key: `page-${i}`, ref: MAIN, version: VERSION })),
    )
  })
  const list = () => getOctokit(svc.githubToken, { baseUrl: svc.apiUrl })
  const all = (o = list()) =>
    o.paginate(o.rest.actions.getActionsCacheList, { owner, repo, key: 'page-', per_page: 3 })

  it('a failing page fails the whole listing', async () => {
    svc.faults.restPages({ mode: 'fail', pages: [2], status: 502 })
    await expect(all()).rejects.toMatchObject({ status: 502 })
  })

  it('a truncated page breaks the body off mid-way, and Octokit silently drops that page', async () => {
    svc.faults.restPages({ mode: 'truncate', pages: [3], times: 1 })
    const raw = await fetch(
      `${svc.apiUrl}/repos/${owner}/${repo}/actions/caches?key=page-&per_page=3&page=3`,
      {
        headers: { authorization: `token ${svc.githubToken}` },
      },
    )
    expect(raw.status).toBe(200)
    await expect(raw.text()).rejects.toThrow()
    // @octokit/request falls back to "" when the JSON body cannot be read, so paginate returns
    // what it got: a client must compare what it collected with total_count.
    svc.faults.restPages({ mode: 'truncate', pages: [3], times: 1 })
    expect((await all()).length).toBe(6)
  })

  it('a short page comes back fewer than total_count promised', async () => {
    svc.faults.restPages({ mode: 'short', pages: [1], times: 1 })
    const o = list()
    const first = await o.rest.actions.getActionsCacheList({
      owner,
      repo,
      key: 'page-',
      per_page: 3,
    })
    expect([first.data.total_count, first.data.actions_caches.length]).toEqual([7, 1])
    expect((await all(o)).length).toBe(7)
  })
})

describe('download URLs that have expired, and blobs that are gone', () => {
  it('an expired URL is refused by blob storage; the next one works', async () => {
    await saveV2(svc, token, 'exp', VERSION, Buffer.from('fresh'))
    svc.faults.expireDownloadUrls({ times: 1 })
    const stale = (await lookupV2(svc, token, 'exp', VERSION)).signed_download_url!
    const refused = await fetch(stale)
    expect(refused.status).toBe(403)
    expect(refused.headers.get('x-ms-error-code')).toMatch(/^Authentication|Authorization/)
    const fresh = (await lookupV2(svc, token, 'exp', VERSION)).signed_download_url!
    expect(await (await fetch(fresh)).text()).toBe('fresh')
  })

  it('a lost blob: the lookup still hits, the download is Azure’s 404', async () => {
    await saveV2(svc, token, 'lost', VERSION, Buffer.from('soon gone'))
    const id = svc.entries().find((e) => e.key === 'lost')!.id
    await svc.faults.loseBlob(id)
    const hit = await lookupV2(svc, token, 'lost', VERSION)
    expect(hit.ok).toBe(true)
    const res = await fetch(hit.signed_download_url!)
    expect([res.status, res.headers.get('x-ms-error-code')]).toEqual([404, 'BlobNotFound'])
  })
})

describe('request counts', () => {
  it('count every endpoint by name, including unknown paths, until reset', async () => {
    svc.resetRequestCounts()
    await saveV2(svc, token, 'counted', VERSION, Buffer.from('c'))
    await lookupV2(svc, token, 'counted', VERSION)
    await call(svc, 'nope')
    expect(svc.requestCounts()).toEqual({
      'v2.CreateCacheEntry': 1,
      'blob.PutBlob': 1,
      'v2.FinalizeCacheEntryUpload': 1,
      'v2.GetCacheEntryDownloadURL': 1,
      unknown: 1,
    })
    svc.resetRequestCounts()
    expect(svc.requestCounts()).toEqual({})
  })
})
