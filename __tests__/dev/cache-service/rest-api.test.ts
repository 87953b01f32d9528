import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import {
  ManualClock,
  type RunningCacheService,
  startCacheService,
} from '../../../dev/cache-service/index.js'
import { lookupV2 } from './http-helpers.js'
import { MAIN } from '../../helpers/constants.js'

const T0 = Date.UTC(2026, 2, 1)
const VERSION = 'c'.repeat(64)
const PR = 'refs/pull/12/merge'

let svc: RunningCacheService
let octokit: ReturnType<typeof getOctokit>
let owner: string
let repo: string

/** key, ref, size, created (minutes after T0), accessed (minutes after T0) */
const SEED: Array<[string, string, number, number, number]> = [
  ['npm-a', MAIN, 300, 0, 50],
  ['npm-b', MAIN, 100, 10, 10],
  ['npm-a', PR, 200, 20, 40],
  ['pip-a', MAIN, 400, 30, 30],
  ['pip-b', 'refs/heads/dev', 500, 40, 45],
]

beforeAll(async () => {
  svc = await startCacheService({
    clock: new ManualClock(T0 + 60 * 60_000),
    repository: 'Octo-Org/Octo-Repo',
  })
  ;[owner, repo] = svc.repository.split('/') as [string, string]
  octokit = getOctokit(svc.githubToken, { baseUrl: svc.apiUrl })
  await svc.seedEntries(
    SEED.map(([key, ref, size, created, accessed]) => ({
      key,
      ref,
      version: VERSION,
      content: Buffer.alloc(size, 7),
      createdAt: T0 + created * 60_000,
      lastAccessedAt: T0 + accessed * 60_000,
    })),
  )
})
afterAll(() => svc.stop())

const label = (c: { key?: string; ref?: string }) =>
  `${c.ref!.split('/').slice(2).join('/')}:${c.key}`

describe('listing caches through Octokit', () => {
  it.each<[string, Record<string, string | number>, string[]]>([
    [
      'default order: last accessed, newest first',
      {},
      ['main:npm-a', 'dev:pip-b', '12/merge:npm-a', 'main:pip-a', 'main:npm-b'],
    ],
    [
      'created_at ascending',
      { sort: 'created_at', direction: 'asc' },
      ['main:npm-a', 'main:npm-b', '12/merge:npm-a', 'main:pip-a', 'dev:pip-b'],
    ],
    [
      'size descending',
      { sort: 'size_in_bytes' },
      ['dev:pip-b', 'main:pip-a', 'main:npm-a', '12/merge:npm-a', 'main:npm-b'],
    ],
    [
      'key is a prefix',
      { key: 'npm-', sort: 'created_at', direction: 'asc' },
      ['main:npm-a', 'main:npm-b', '12/merge:npm-a'],
    ],
    ['ref is exact', { ref: PR }, ['12/merge:npm-a']],
    ['key and ref', { key: 'pip', ref: MAIN }, ['main:pip-a']],
  ])('%s, paged two at a time', async (_n, params, expected) => {
    const all = await octokit.paginate(octokit.rest.actions.getActionsCacheList, {
      owner,
      repo,
      per_page: 2,
      ...params,
    })
    expect(all.map(label)).toEqual(expected)
  })

  it('one page carries total_count, GitHub’s fields with ISO times, and a Link to the next', async () => {
    const page = await octokit.rest.actions.getActionsCacheList({
      owner,
      repo,
      per_page: 2,
      sort: 'created_at',
      direction: 'asc',
    })
    expect(page.data.total_count).toBe(5)
    expect(page.data.actions_caches[0]).toEqual({
      id: 1,
      ref: MAIN,
      key: 'npm-a',
      version: VERSION,
      last_accessed_at: new Date(T0 + 50 * 60_000).toISOString(),
      created_at: new Date(T0).toISOString(),
      size_in_bytes: 300,
    })
    expect(page.headers.link).toContain('rel="next"')
    const beyond = await octokit.rest.actions.getActionsCacheList({
      owner,
      repo,
      per_page: 2,
      page: 9,
    })
    expect([beyond.data.total_count, beyond.data.actions_caches]).toEqual([5, []])
  })

  it('per_page is capped at 100', async () => {
    const s = await startCacheService()
    try {
      await s.seedEntries(
        Array.from({ length: 130 }, (_, i) => ({ key: `k${i}`, ref: MAIN, version: VERSION })),
      )
      const o = getOctokit(s.githubToken, { baseUrl: s.apiUrl })
      const [ow, re] = s.repository.split('/') as [string, string]
      const page = await o.rest.actions.getActionsCacheList({ owner: ow, repo: re, per_page: 500 })
      expect([page.data.total_count, page.data.actions_caches.length]).toEqual([130, 100])
      expect(
        (
          await o.paginate(o.rest.actions.getActionsCacheList, {
            owner: ow,
            repo: re,
            per_page: 100,
          })
        ).length,
      ).toBe(130)
    } finally {
      await s.stop()
    }
  })

  it('usage sums every committed entry, in every ref', async () => {
    const usage = await octokit.rest.actions.getActionsCacheUsage({ owner, repo })
    const expected = svc.entries().filter((e) => e.committed)
    expect(usage.data).toEqual({
      full_name: svc.repository,
      active_caches_size_in_bytes: expected.reduce((n, e) => n + e.sizeBytes, 0),
      active_caches_count: expected.length,
    })
  })
})

describe('errors as GitHub gives them', () => {
  it.each<[string, () => Promise<unknown>, number, string]>([
    [
      'a bad token',
      () =>
        getOctokit('ghs_nope', { baseUrl: svc.apiUrl }).rest.actions.getActionsCacheList({
          owner,
          repo,
        }),
      401,
      'Bad credentials',
    ],
    [
      'another repository',
      () => octokit.rest.actions.getActionsCacheList({ owner, repo: 'elsewhere' }),
      404,
      'Not Found',
    ],
    [
      'an unknown sort',
      () => octokit.rest.actions.getActionsCacheList({ owner, repo, sort: 'key' as 'created_at' }),
      422,
      'is not a valid value for "sort"',
    ],
    [
      'a delete by key without a key',
      () => octokit.request('DELETE /repos/{owner}/{repo}/actions/caches', { owner, repo }),
      422,
      '"key" wasn\'t supplied',
    ],
    [
      'a delete by key that matches nothing',
      () => octokit.rest.actions.deleteActionsCacheByKey({ owner, repo, key: 'npm-' }),
      404,
      'Not Found',
    ],
    [
      'a delete of an unknown id',
      () => octokit.rest.actions.deleteActionsCacheById({ owner, repo, cache_id: 424242 }),
      404,
      'Not Found',
    ],
    [
      'a delete without actions: write',
      () =>
        getOctokit(svc.readOnlyGithubToken, {
          baseUrl: svc.apiUrl,
        }).rest.actions.deleteActionsCacheById({ owner, repo, cache_id: 1 }),
      403,
      'Resource not accessible by integration',
    ],
  ])('%s', async (_n, send, status, message) => {
    await expect(send()).rejects.toMatchObject({
      status,
      message: expect.stringContaining(message),
    })
  })

  it('a read-only token still lists', async () => {
    const ro = getOctokit(svc.readOnlyGithubToken, { baseUrl: svc.apiUrl })
    expect(
      (await ro.rest.actions.getActionsCacheList({ owner, repo })).data.total_count,
    ).toBeGreaterThan(0)
  })
})

describe('deleting', () => {
  it('by id: 204, the entry and its blob are gone, and a second delete is 404', async () => {
    const token = svc.runtimeToken({ ref: MAIN })
    const url = (await lookupV2(svc, token, 'pip-a', VERSION)).signed_download_url!
    expect((await fetch(url)).status).toBe(200)
    const id = svc.entries().find((e) => e.key === 'pip-a')!.id
    const deleted = await octokit.rest.actions.deleteActionsCacheById({ owner, repo, cache_id: id })
    expect(deleted.status).toBe(204)
    expect(svc.entries().some((e) => e.id === id)).toBe(false)
    expect((await lookupV2(svc, token, 'pip-a', VERSION)).ok).toBe(false)
    await expect(
      octokit.rest.actions.deleteActionsCacheById({ owner, repo, cache_id: id }),
    ).rejects.toMatchObject({ status: 404 })
    let status = 200
    for (let i = 0; i < 50 && status === 200; i++) status = (await fetch(url)).status
    expect(status).toBe(404)
  })

  it('by key and ref: only that ref; by key alone: every ref', async () => {
    const inPr = await octokit.rest.actions.deleteActionsCacheByKey({
      owner,
      repo,
      key: 'npm-a',
      ref: PR,
    })
    expect(inPr.status).toBe(200)
    expect([inPr.data.total_count, inPr.data.actions_caches.map(label)]).toEqual([
      1,
      ['12/merge:npm-a'],
    ])
    await svc.seedEntries([{ key: 'npm-a', ref: 'refs/heads/dev', version: VERSION }])
    const everywhere = await octokit.rest.actions.deleteActionsCacheByKey({
      owner,
      repo,
      key: 'npm-a',
    })
    expect(everywhere.data.actions_caches.map(label).sort()).toEqual(['dev:npm-a', 'main:npm-a'])
    expect(svc.entries().some((e) => e.key === 'npm-a')).toBe(false)
  })
})

describe('pull requests and branches', () => {
  it('the repository names its default branch', async () => {
    expect((await octokit.rest.repos.get({ owner, repo })).data.default_branch).toBe('main')
  })

  it('reports the state of a pull request, and 404 for an unknown one', async () => {
    svc.setPullRequest(12, { state: 'closed', merged: true, base: 'main', head: 'feature/x' })
    svc.setPullRequest(13, { state: 'open', base: 'dev', head: 'y' })
    const pr = await octokit.rest.pulls.get({ owner, repo, pull_number: 12 })
    expect(pr.data).toMatchObject({
      number: 12,
      state: 'closed',
      merged: true,
      base: { ref: 'main' },
      head: { ref: 'feature/x' },
    })
    const open = await octokit.paginate(octokit.rest.pulls.list, { owner, repo, state: 'open' })
    expect(open.map((p) => p.number)).toEqual([13])
    const all = await octokit.paginate(octokit.rest.pulls.list, {
      owner,
      repo,
      state: 'all',
      per_page: 1,
    })
    expect(all.map((p) => p.number)).toEqual([13, 12])
    await expect(octokit.rest.pulls.get({ owner, repo, pull_number: 99 })).rejects.toMatchObject({
      status: 404,
    })
  })

  it('says whether a branch exists, slashes and all', async () => {
    svc.setBranch('feature/x', true)
    svc.setBranch('gone', false)
    expect(
      (await octokit.rest.repos.getBranch({ owner, repo, branch: 'feature/x' })).data.name,
    ).toBe('feature/x')
    await expect(
      octokit.rest.repos.getBranch({ owner, repo, branch: 'gone' }),
    ).rejects.toMatchObject({ status: 404, message: expect.stringContaining('Branch not found') })
    const names = (await octokit.paginate(octokit.rest.repos.listBranches, { owner, repo })).map(
      (b) => b.name,
    )
    expect(names).toEqual(['feature/x', 'main'])
  })

  it.each([
    [
      'a PR number of 0',
      () => svc.setPullRequest(0, { state: 'open', base: 'main', head: 'x' }),
      'n must be a PR number >= 1, got 0',
    ],
    [
      'a PR state of merged',
      () => svc.setPullRequest(1, { state: 'merged' as 'open', base: 'main', head: 'x' }),
      "state must be 'open' or 'closed', got \"merged\"",
    ],
    [
      'a branch given as a ref',
      () => svc.setBranch('refs/heads/x', true),
      'give the branch name without refs/heads/',
    ],
  ])('refuses %s', (_n, act, message) => {
    expect(act).toThrow(message)
  })
})
