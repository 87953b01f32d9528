/** Unit tests for src/runtime.ts: protocol, token scopes, cache mode, exposure to later steps. */
import { describe, expect, it } from '@jest/globals'
import {
  cacheServiceProtocol,
  decodeTokenScopes,
  describeRuntime,
  discoverRuntime,
  exposeRuntime,
  isGhes,
  missingForGha,
  runtimeCredentials,
  tokenRefs,
} from '../src/runtime.js'
import { useActionProcess } from './helpers/in-process.js'
import { readCommandFile, runnerFiles, runtimeToken } from './helpers/runner.js'

const PR_TOKEN = runtimeToken([
  { Scope: 'refs/pull/7/merge', Permission: 3 },
  { Scope: 'refs/heads/main', Permission: 1 },
])

describe('isGhes and the protocol', () => {
  it.each([
    [undefined, false],
    ['https://github.com', false],
    ['https://GITHUB.COM/', false],
    ['https://acme.ghe.com', false],
    ['http://cache.localhost:8080', false],
    ['https://github.acme.internal', true],
    ['https://ghes.example.com', true],
  ])('%s is GHES: %s', (url, ghes) => {
    expect(isGhes(url)).toBe(ghes)
  })

  it.each([
    [{}, 'v1'],
    [{ ACTIONS_CACHE_SERVICE_V2: 'True' }, 'v2'],
    [{ ACTIONS_CACHE_SERVICE_V2: 'on' }, 'v2'],
    [{ ACTIONS_CACHE_SERVICE_V2: '' }, 'v1'],
    [{ ACTIONS_CACHE_SERVICE_V2: 'True', GITHUB_SERVER_URL: 'https://ghes.example.com' }, 'v1'],
  ])('%j → %s', (env, protocol) => {
    expect(cacheServiceProtocol(env)).toBe(protocol)
  })
})

describe('decodeTokenScopes', () => {
  it('reads the ac claim into refs with read and write', () => {
    expect(decodeTokenScopes(PR_TOKEN)).toEqual([
      { ref: 'refs/pull/7/merge', read: true, write: true },
      { ref: 'refs/heads/main', read: true, write: false },
    ])
    expect(decodeTokenScopes(runtimeToken([{ Scope: 'refs/heads/x', Permission: 2 }]))).toEqual([
      { ref: 'refs/heads/x', read: false, write: true },
    ])
    expect(decodeTokenScopes(runtimeToken([]))).toEqual([])
  })

  const payload = (claims: unknown) =>
    `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`
  it.each([
    ['not-a-jwt', 'the runtime token is not a JWT'],
    ['a.b.c.d', 'the runtime token is not a JWT'],
    ['a.!!!.c', 'the runtime token payload is not JSON'],
    [payload({ sub: 'x' }), 'the runtime token has no "ac" claim'],
    [
      payload({ ac: [{ Scope: 'refs/heads/main', Permission: 3 }] }),
      'the runtime token has no "ac" claim',
    ],
    [payload({ ac: '[{' }), 'the runtime token\'s "ac" claim is not JSON'],
    [payload({ ac: '{}' }), 'the runtime token\'s "ac" claim is not a list'],
    [
      payload({ ac: '[{"Scope":"x"}]' }),
      'the runtime token\'s "ac" claim has an entry without Scope and Permission',
    ],
    [payload(null), 'the runtime token has no "ac" claim'],
  ])('%s is refused: %s', (token, message) => {
    expect(() => decodeTokenScopes(token)).toThrow(message)
  })

  it('never puts the token into an error', () => {
    const token = `${PR_TOKEN}.extra`
    expect(() => decodeTokenScopes(token)).toThrow(/^(?!.*extra)/)
  })
})

describe('discoverRuntime', () => {
  it('describes a v2 job with a pull request token', () => {
    const info = discoverRuntime({
      ACTIONS_RUNTIME_TOKEN: PR_TOKEN,
      ACTIONS_RESULTS_URL: 'https://results.example/',
      ACTIONS_CACHE_SERVICE_V2: 'True',
    })
    expect(info).toEqual({
      protocol: 'v2',
      ghes: false,
      serviceUrl: 'https://results.example/',
      hasToken: true,
      scopes: [
        { ref: 'refs/pull/7/merge', read: true, write: true },
        { ref: 'refs/heads/main', read: true, write: false },
      ],
      cacheMode: '',
      modeAllowsRead: true,
      modeAllowsWrite: true,
      warnings: [],
    })
    expect(tokenRefs(info)).toEqual({
      readable: ['refs/pull/7/merge', 'refs/heads/main'],
      writable: ['refs/pull/7/merge'],
      exportRef: 'refs/pull/7/merge',
    })
    expect(describeRuntime(info)).toEqual([
      'Cache service: v2 (Twirp, results service) at https://results.example/',
      'Readable refs: refs/pull/7/merge, refs/heads/main',
      'Writable refs: refs/pull/7/merge',
    ])
    expect(JSON.stringify(info)).not.toContain(PR_TOKEN)
  })

  it('describes GHES on v1', () => {
    const info = discoverRuntime({
      ACTIONS_RUNTIME_TOKEN: runtimeToken([{ Scope: 'refs/heads/main', Permission: 3 }]),
      ACTIONS_CACHE_URL: 'https://ghes.example.com/_services/artifactcache/abc/',
      ACTIONS_RESULTS_URL: 'https://ghes.example.com/results/',
      GITHUB_SERVER_URL: 'https://ghes.example.com',
      ACTIONS_CACHE_MODE: 'Write',
    })
    expect(info).toMatchObject({
      protocol: 'v1',
      ghes: true,
      serviceUrl: 'https://ghes.example.com/_services/artifactcache/abc/',
      cacheMode: 'write',
    })
    expect(describeRuntime(info)[0]).toBe(
      'Cache service: v1 (REST, GHES) at https://ghes.example.com/_services/artifactcache/abc/',
    )
    expect(describeRuntime(info)).toContain('ACTIONS_CACHE_MODE: write')
  })

  it.each([
    ['', true, true],
    ['read', true, false],
    ['write', true, true],
    ['write-only', false, true],
    ['none', false, false],
    ['  NONE ', false, false],
    ['something-new', true, true],
  ])(
    'ACTIONS_CACHE_MODE=%j: read %s, write %s (as @actions/cache 6.3.0 reads it)',
    (mode, read, write) => {
      const info = discoverRuntime({ ACTIONS_CACHE_MODE: mode })
      expect([info.modeAllowsRead, info.modeAllowsWrite]).toEqual([read, write])
    },
  )

  it.each([
    [{}, ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_CACHE_URL'], 'ACTIONS_RUNTIME_TOKEN is not set'],
    [
      { ACTIONS_CACHE_SERVICE_V2: 'true' },
      ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'],
      'ACTIONS_RUNTIME_TOKEN is not set',
    ],
    [
      { ACTIONS_RUNTIME_TOKEN: 'opaque', ACTIONS_CACHE_URL: 'http://c/' },
      [],
      'the runtime token is not a JWT',
    ],
    [{ ACTIONS_RUNTIME_TOKEN: PR_TOKEN, ACTIONS_RESULTS_URL: 'http://r/' }, [], undefined],
    // v1 falls back to the results URL, as @actions/cache does.
    [
      {
        ACTIONS_RUNTIME_TOKEN: PR_TOKEN,
        ACTIONS_RESULTS_URL: 'http://r/',
        ACTIONS_CACHE_SERVICE_V2: '',
      },
      [],
      undefined,
    ],
  ])('%j: missing for gha %j, scopes unknown because %s', (env, missing, unknown) => {
    const info = discoverRuntime(env)
    expect(missingForGha(info)).toEqual(missing)
    expect(info.scopesUnknown).toBe(unknown)
  })

  it.each([
    [
      { ACTIONS_CACHE_SERVICE_V2: 'on' },
      'ACTIONS_CACHE_SERVICE_V2="on" is not a value buildx and buildctl read as true (they accept 1, t, T, TRUE, true, True); they will use the v1 cache service',
    ],
    [
      { ACTIONS_CACHE_SERVICE_V2: 'yes' },
      'ACTIONS_CACHE_SERVICE_V2="yes" is not a value buildx and buildctl read as true (they accept 1, t, T, TRUE, true, True); they will use the v1 cache service',
    ],
    [
      { ACTIONS_CACHE_SERVICE_V2: 'True', GITHUB_SERVER_URL: 'https://ghes.example.com' },
      'ACTIONS_CACHE_SERVICE_V2 is set on GHES, which only serves the v1 cache service; buildx and buildctl will try v2',
    ],
  ])('%j warns', (env, warning) => {
    expect(discoverRuntime(env).warnings).toEqual([warning])
  })

  it('gives the post step protocol, URL and token together, or nothing', () => {
    expect(
      runtimeCredentials({
        ACTIONS_RUNTIME_TOKEN: 't',
        ACTIONS_RESULTS_URL: 'http://r/',
        ACTIONS_CACHE_SERVICE_V2: '1',
      }),
    ).toEqual({ protocol: 'v2', url: 'http://r/', token: 't' })
    expect(runtimeCredentials({ ACTIONS_RESULTS_URL: 'http://r/' })).toBeUndefined()
    expect(
      runtimeCredentials({ ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_CACHE_SERVICE_V2: '1' }),
    ).toBeUndefined()
  })
})

describe('exposeRuntime', () => {
  const action = useActionProcess()

  it('exports the four variables that are present, masking the token before anything else', () => {
    const files = runnerFiles()
    process.env.GITHUB_ENV = files.env
    const env = {
      ACTIONS_RUNTIME_TOKEN: PR_TOKEN,
      ACTIONS_RESULTS_URL: 'https://results.example/',
      ACTIONS_CACHE_SERVICE_V2: 'True',
      ACTIONS_RUNTIME_URL: 'https://pipelines.example/',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-secret',
      ACTIONS_STEP_DEBUG: 'true',
    }
    expect(exposeRuntime(env)).toEqual([
      'ACTIONS_RUNTIME_TOKEN',
      'ACTIONS_RESULTS_URL',
      'ACTIONS_CACHE_SERVICE_V2',
    ])
    expect(readCommandFile(files.env)).toEqual({
      ACTIONS_RUNTIME_TOKEN: PR_TOKEN,
      ACTIONS_RESULTS_URL: 'https://results.example/',
      ACTIONS_CACHE_SERVICE_V2: 'True',
    })
    expect(action.stdout()).toBe(`::add-mask::${PR_TOKEN}\n`)
  })

  it('exports nothing when nothing is there', () => {
    const files = runnerFiles()
    process.env.GITHUB_ENV = files.env
    expect(exposeRuntime({})).toEqual([])
    expect(readCommandFile(files.env)).toEqual({})
  })
})
