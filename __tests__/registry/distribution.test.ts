import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import {
  RegistryError,
  createDistributionRegistry,
  parseChallenge,
  registryBaseUrl,
} from '../../src/registry/distribution.js'
import {
  type LocalRegistry,
  pushCacheManifest,
  describeWithRegistry,
  startRegistry,
  tagsOf,
} from '../helpers/registry.js'

describe('parseChallenge', () => {
  it.each([
    [
      'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:o/app:pull,push"',
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.example/token',
          service: 'registry.example',
          scope: 'repository:o/app:pull,push',
        },
      },
    ],
    ['Basic realm="Registry Realm"', { scheme: 'basic', params: { realm: 'Registry Realm' } }],
    [
      'Bearer realm=https://x/token, error=insufficient_scope',
      { scheme: 'bearer', params: { realm: 'https://x/token', error: 'insufficient_scope' } },
    ],
  ])('%s', (header, challenge) => {
    expect(parseChallenge(header)).toEqual(challenge)
  })
  it('is undefined without a header', () => expect(parseChallenge(null)).toBeUndefined())
})

describe('registryBaseUrl', () => {
  it.each([
    ['ghcr.io', 'https://ghcr.io'],
    ['registry.example:5000', 'https://registry.example:5000'],
    ['127.0.0.1:5000', 'http://127.0.0.1:5000'],
    ['localhost:5000', 'http://localhost:5000'],
    ['[::1]:5000', 'http://[::1]:5000'],
    ['docker.io', 'https://registry-1.docker.io'],
  ])('%s → %s', (host, url) => expect(registryBaseUrl(host)).toBe(url))
})

const REPO = 'octo-org/app-cache'

describeWithRegistry('against a real distribution registry (docker-registry)', () => {
  let open: LocalRegistry
  let closed: LocalRegistry
  let locked: LocalRegistry
  const user = { username: 'ci', password: 's3cret' }
  beforeAll(async () => {
    ;[open, closed, locked] = await Promise.all([
      startRegistry(),
      startRegistry({ deletes: false }),
      startRegistry({ users: [user] }),
    ])
  })
  afterAll(() => Promise.all([open, closed, locked].map((r) => r?.stop())))

  it('lists every tag with its digest; the same manifest under two tags has one digest', async () => {
    const a = await pushCacheManifest(open, REPO, 'build-main', 'layers of main')
    const same = await pushCacheManifest(open, REPO, 'build-pr-1', 'layers of main')
    const b = await pushCacheManifest(open, REPO, 'build-pr-2', 'layers of pr 2')
    expect(same).toBe(a)
    const registry = createDistributionRegistry({ host: open.host, repository: REPO })
    await expect(registry.listTags()).resolves.toEqual([
      { tag: 'build-main', target: a },
      { tag: 'build-pr-1', target: a },
      { tag: 'build-pr-2', target: b },
    ])
  })

  it('deletes a manifest by digest, with its tags; a second delete finds it gone', async () => {
    const keep = await pushCacheManifest(open, 'o/del', 'keep', 'one')
    const gone = await pushCacheManifest(open, 'o/del', 'gone', 'two')
    const registry = createDistributionRegistry({ host: open.host, repository: 'o/del' })
    await expect(registry.deleteTarget(gone)).resolves.toBe('deleted')
    expect(await tagsOf(open, 'o/del')).toEqual(['keep'])
    await expect(registry.deleteTarget(gone)).resolves.toBe('missing')
    await expect(registry.listTags()).resolves.toEqual([{ tag: 'keep', target: keep }])
  })

  it('a repository nobody pushed to has no tags', async () => {
    const registry = createDistributionRegistry({ host: open.host, repository: 'o/never' })
    await expect(registry.listTags()).resolves.toEqual([])
  })

  it('a registry with deletes disabled answers 405, which is a refusal naming the setting', async () => {
    const digest = await pushCacheManifest(closed, REPO, 'build-pr-1', 'x')
    const registry = createDistributionRegistry({ host: closed.host, repository: REPO })
    const error = await registry.deleteTarget(digest).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RegistryError)
    expect((error as RegistryError).status).toBe(405)
    expect(registry.refusal(error)).toContain('storage.delete.enabled: true')
    expect(await tagsOf(closed, REPO)).toEqual(['build-pr-1'])
  })

  it('basic auth: the credentials are sent after the challenge; without them, a 401 that says to log in', async () => {
    const digest = await pushCacheManifest(locked, REPO, 'build-pr-1', 'x', user)
    const withCredentials = createDistributionRegistry({
      host: locked.host,
      repository: REPO,
      credentials: user,
    })
    await expect(withCredentials.listTags()).resolves.toEqual([
      { tag: 'build-pr-1', target: digest },
    ])
    const anonymous = createDistributionRegistry({ host: locked.host, repository: REPO })
    const error = await anonymous.listTags().catch((e: unknown) => e)
    expect((error as RegistryError).status).toBe(401)
    expect((error as Error).message).toContain('log in first')
    const wrong = createDistributionRegistry({
      host: locked.host,
      repository: REPO,
      credentials: { username: 'ci', password: 'wrong' },
    })
    const refused = await wrong.deleteTarget(digest).catch((e: unknown) => e)
    expect(wrong.refusal(refused)).toContain('refused to delete')
    await expect(withCredentials.deleteTarget(digest)).resolves.toBe('deleted')
  })
})

describe('token auth (a Bearer challenge)', () => {
  let server: Server
  let host: string
  const asked: string[] = []
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x')
      if (url.pathname === '/token') {
        asked.push(
          `${url.searchParams.get('service')} ${url.searchParams.get('scope')} ${req.headers.authorization ?? 'anonymous'}`,
        )
        const ok = req.headers.authorization === `Basic ${Buffer.from('u:p').toString('base64')}`
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify(
            ok ? { token: `t-${url.searchParams.get('scope')!.split(':').pop()}` } : {},
          ),
        )
        return
      }
      const action = req.method === 'DELETE' ? 'delete' : 'pull'
      if (req.headers.authorization !== `Bearer t-${action}`) {
        res.writeHead(401, {
          'www-authenticate': `Bearer realm="http://${host}/token",service="test",scope="repository:o/app:${action}"`,
        })
        res.end()
        return
      }
      if (url.pathname === '/v2/o/app/tags/list') {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ name: 'o/app', tags: ['t'] }))
      } else if (req.method === 'HEAD') {
        res.writeHead(200, { 'docker-content-digest': `sha256:${'a'.repeat(64)}` })
        res.end()
      } else {
        res.writeHead(202)
        res.end()
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    host = `127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('gets a token per access from the realm, with the credentials, and reuses it', async () => {
    const masked: string[] = []
    const registry = createDistributionRegistry({
      host,
      repository: 'o/app',
      credentials: { username: 'u', password: 'p' },
      maskSecret: (value) => masked.push(value),
    })
    await expect(registry.listTags()).resolves.toEqual([
      { tag: 't', target: `sha256:${'a'.repeat(64)}` },
    ])
    await expect(registry.deleteTarget(`sha256:${'a'.repeat(64)}`)).resolves.toBe('deleted')
    await registry.listTags()
    const basic = `Basic ${Buffer.from('u:p').toString('base64')}`
    expect(asked).toEqual([
      `test repository:o/app:pull ${basic}`,
      `test repository:o/app:delete ${basic}`,
    ])
    // Each token is masked before it is used.
    expect(masked).toEqual(['t-pull', 't-delete'])
  })

  it('a token service that refuses the credentials is an error naming it', async () => {
    const registry = createDistributionRegistry({
      host,
      repository: 'o/app',
      credentials: { username: 'u', password: 'bad' },
    })
    await expect(registry.listTags()).rejects.toThrow(
      /token service .*\/token refused the credentials of u \(HTTP 401\)/,
    )
  })
})

describe('credentials go only to the registry they belong to', () => {
  let registry: Server
  let elsewhere: Server
  const seen: string[] = []
  const listen = (server: Server) =>
    new Promise<string>((resolve) =>
      server.listen(0, '127.0.0.1', () =>
        resolve(`127.0.0.1:${(server.address() as { port: number }).port}`),
      ),
    )
  let host: string
  let other: string
  beforeAll(async () => {
    elsewhere = createServer((req, res) => {
      seen.push(req.headers.authorization ?? 'none')
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ tags: ['stolen'] }))
    })
    registry = createServer((req, res) => {
      if (!req.headers.authorization) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' })
        res.end()
        return
      }
      res.writeHead(200, {
        'content-type': 'application/json',
        link: `<http://${other}/v2/o/app/tags/list?n=1000&last=t>; rel="next"`,
      })
      res.end(JSON.stringify({ tags: ['t'] }))
    })
    ;[host, other] = await Promise.all([listen(registry), listen(elsewhere)])
  })
  afterAll(() =>
    Promise.all(
      [registry, elsewhere].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
    ),
  )

  it('a Link rel="next" to another host is not followed, and the credentials never reach it', async () => {
    const client = createDistributionRegistry({
      host,
      repository: 'o/app',
      credentials: { username: 'u', password: 'p' },
    })
    await expect(client.listTags()).rejects.toThrow(
      `the registry's next page is on another host (http://${other}); its credentials are not sent there`,
    )
    expect(seen).toEqual([])
  })
})
