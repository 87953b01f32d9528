/**
 * `prune` with `type: registry`, run as a step against the local cache service (GitHub's REST
 * API: branches, pull requests, and the Packages API for ghcr.io) and a real distribution
 * registry (docker-registry): what it deletes, what it keeps, and each refusal.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  ManualClock,
  type RunningCacheService,
  startCacheService,
} from '../../dev/cache-service/index.js'
import {
  type LocalRegistry,
  pushCacheManifest,
  describeWithRegistry,
  startRegistry,
  tagsOf,
} from '../helpers/registry.js'
import { scratchDir } from '../helpers/scratch.js'
import { type StepOptions, runStepIn } from '../helpers/step-run.js'
import { HOUR } from '../helpers/constants.js'

const REPO = 'octo-org/app-cache'
const savedEnv = { ...process.env }
const dir = scratchDir('registry-prune-')
let svc: RunningCacheService
let clock: ManualClock

const sweep = { name: 'schedule', payload: { repository: { default_branch: 'main' } } }
const closed = (number: number) => ({
  name: 'pull_request',
  payload: { action: 'closed', pull_request: { number }, repository: { default_branch: 'main' } },
})
const prune = (o: Omit<StepOptions, 'ref'>) => {
  clock.set(Math.max(clock.now(), Date.now()))
  return runStepIn({ svc, dir, env: savedEnv }, '../../src/steps/prune-step.js', {
    ref: 'refs/heads/main',
    ...o,
  })
}
/** ghcr.io versions pushed two hours ago, past prune-grace. */
const pushedEarlier = (push: () => void) => {
  clock.set(Date.now() - 2 * HOUR)
  push()
  clock.set(Date.now())
}

beforeAll(async () => {
  clock = new ManualClock(Date.now())
  svc = await startCacheService({ clock, uploadsPerMinute: 0 })
  const now = Date.now()
  svc.setBranch('feature/live', true)
  svc.setPullRequest(1, { state: 'open', base: 'main', head: 'feature/live' })
  svc.setPullRequest(2, {
    state: 'closed',
    base: 'main',
    head: 'feature/gone',
    closedAt: now - 5 * HOUR,
  })
  svc.setPullRequest(3, {
    state: 'closed',
    base: 'main',
    head: 'feature/three',
    closedAt: now - 5 * HOUR,
  })
  svc.setPullRequest(4, {
    state: 'closed',
    base: 'main',
    head: 'feature/four',
    closedAt: now - 10 * 60_000,
  })
  svc.setPullRequest(5, { state: 'open', base: 'main', head: 'feature/live' })
})
afterAll(() => svc.stop())
afterEach(() => {
  process.env = { ...savedEnv }
  jest.restoreAllMocks()
})

describeWithRegistry('a distribution registry', () => {
  let registry: LocalRegistry
  let locked: LocalRegistry
  let noDeletes: LocalRegistry
  const user = { username: 'ci', password: 'hunter2-registry' }
  const dockerConfig = scratchDir('docker-config-')
  beforeAll(async () => {
    ;[registry, locked, noDeletes] = await Promise.all([
      startRegistry(),
      startRegistry({ users: [user] }),
      startRegistry({ deletes: false }),
    ])
    writeFileSync(
      join(dockerConfig, 'config.json'),
      JSON.stringify({
        auths: {
          [locked.host]: {
            auth: Buffer.from(`${user.username}:${user.password}`).toString('base64'),
          },
        },
      }),
    )
  })
  afterAll(() => Promise.all([registry, locked, noDeletes].map((r) => r?.stop())))

  it("a sweep deletes closed pull requests' and deleted branches' tags, and nothing another tag needs", async () => {
    const main = await pushCacheManifest(registry, REPO, 'build-main', 'main')
    await pushCacheManifest(registry, REPO, 'build-pr-2', 'main') // identical to main's
    await pushCacheManifest(registry, REPO, 'build-pr-3', 'pr 3')
    await pushCacheManifest(registry, REPO, 'build-pr-4', 'pr 4') // closed 10 minutes ago
    await pushCacheManifest(registry, REPO, 'build-pr-1', 'pr 1') // open
    await pushCacheManifest(registry, REPO, 'build-feature-gone', 'gone branch')
    await pushCacheManifest(registry, REPO, 'build-feature-live', 'live branch')
    await pushCacheManifest(registry, REPO, 'build-latest', 'foreign') // not derived: no branch "latest"
    await pushCacheManifest(registry, REPO, 'web-pr-3', 'other scope')
    await pushCacheManifest(registry, REPO, 'v1.0', 'pr 3') // a release tag on pr 3's manifest

    const step = await prune({
      event: sweep,
      inputs: { type: 'registry', ref: `${registry.host}/${REPO}`, scope: 'build' },
    })
    expect(step.failed).toBe(false)
    expect(step.warnings).toEqual([])
    expect(await tagsOf(registry, REPO)).toEqual(
      [
        'build-feature-live',
        'build-latest',
        'build-main',
        'build-pr-1',
        'build-pr-2',
        'build-pr-3',
        'build-pr-4',
        'v1.0',
        'web-pr-3',
      ].filter((t) => t !== 'build-feature-gone'),
    )
    expect(step.outputs['deleted-count']).toBe('1')
    expect(step.summary).toContain('<code>build-feature-gone</code>')
    expect(step.summary).toContain('branch feature/gone deleted (head of pull request #2)')
    expect(step.summary).toMatch(
      /build-pr-2<\/code> \| <code>refs\/pull\/2\/merge<\/code> \| its manifest is also the manifest of a tag that stays \(build-main\)/,
    )
    expect(step.summary).toMatch(/build-pr-3<\/code>.*\(v1\.0\)/)
    expect(step.summary).toMatch(/build-pr-4<\/code>.*ended within prune-grace/)
    expect(step.summary).toContain(
      "3 other tags left alone: another scope's or ref's, or not this action's",
    )
    const head = await fetch(`${registry.url}/v2/${REPO}/manifests/build-main`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
    })
    expect(head.headers.get('docker-content-digest')).toBe(main)
  })

  it('registry pruning lists every pull request the repository ever had no more: a sweep asks about what its tags name', async () => {
    // 300 more closed pull requests, none with a tag: a sweep must not page through them.
    for (let n = 100; n < 400; n++) {
      svc.setPullRequest(n, {
        state: 'closed',
        base: 'main',
        head: `old-${n}`,
        closedAt: Date.now() - 100 * HOUR,
      })
    }
    await pushCacheManifest(registry, 'octo-org/sweep-cache', 'build-pr-3', 'pr 3 again')
    await pushCacheManifest(registry, 'octo-org/sweep-cache', 'build-old-150', 'old branch')
    await pushCacheManifest(registry, 'octo-org/sweep-cache', 'build-main', 'main again')
    svc.resetRequestCounts()
    const step = await prune({
      event: sweep,
      inputs: { type: 'registry', ref: `${registry.host}/octo-org/sweep-cache`, scope: 'build' },
    })
    expect(step.warnings).toEqual([])
    const counts = svc.requestCounts()
    // One look-up of pull request 3, one question about the deleted branch old-150: no listing
    // of every pull request (that would be 4 pages here, 500 at 50,000 pull requests).
    expect(counts['rest.pulls.get']).toBe(1)
    expect(counts['rest.pulls.list']).toBe(1)
    expect(await tagsOf(registry, 'octo-org/sweep-cache')).toEqual(['build-main'])
    expect(step.summary).toContain('branch old-150 deleted (head of pull request #150)')
  })

  it("pull_request closed deletes that pull request's tags in every scope, and no other", async () => {
    await pushCacheManifest(registry, 'o/closed', 'build-pr-4', 'four')
    await pushCacheManifest(registry, 'o/closed', 'web-pr-4', 'four web')
    await pushCacheManifest(registry, 'o/closed', 'build-pr-3', 'three')
    const step = await prune({
      event: closed(4),
      inputs: { type: 'registry', ref: `${registry.host}/o/closed`, scope: 'build\nweb' },
    })
    expect(step.warnings).toEqual([])
    expect(await tagsOf(registry, 'o/closed')).toEqual(['build-pr-3'])
    expect(step.outputs['deleted-count']).toBe('2')
  })

  it('a dry run reports what it would delete and deletes nothing', async () => {
    await pushCacheManifest(registry, 'o/dry', 'build-pr-3', 'three')
    const step = await prune({
      event: sweep,
      inputs: {
        type: 'registry',
        ref: `${registry.host}/o/dry`,
        scope: 'build',
        'dry-run': 'true',
      },
    })
    expect(step.log).toContain(`would delete ${registry.host}/o/dry:build-pr-3`)
    expect(step.summary).toContain('Would delete 1 cache tag (1 manifest)')
    expect(await tagsOf(registry, 'o/dry')).toEqual(['build-pr-3'])
  })

  it('credentials come from the Docker config (DOCKER_CONFIG), and the password never reaches the log', async () => {
    await pushCacheManifest(locked, REPO, 'build-pr-3', 'three', user)
    const step = await prune({
      event: sweep,
      inputs: { type: 'registry', ref: `${locked.host}/${REPO}`, scope: 'build' },
      env: { DOCKER_CONFIG: dockerConfig },
    })
    expect(step.warnings).toEqual([])
    expect(await tagsOf(locked, REPO, user)).toEqual([])
    expect(step.log).toContain(`::add-mask::${user.password}`)
    expect(step.log.replace(`::add-mask::${user.password}`, '')).not.toContain(user.password)
  })

  it('no credentials (401): one warning that says to log in; nothing deleted', async () => {
    const step = await prune({
      event: sweep,
      inputs: { type: 'registry', ref: `${locked.host}/o/other`, scope: 'build' },
      env: { DOCKER_CONFIG: scratchDir('no-docker-config-') },
    })
    expect(step.failed).toBe(false)
    expect(step.warnings).toHaveLength(1)
    expect(step.warnings[0]).toContain('needs credentials')
  })

  it('deletes disabled (405): one warning naming the setting, nothing half-done', async () => {
    await pushCacheManifest(noDeletes, REPO, 'build-pr-2', 'two')
    await pushCacheManifest(noDeletes, REPO, 'build-pr-3', 'three')
    const step = await prune({
      event: sweep,
      inputs: { type: 'registry', ref: `${noDeletes.host}/${REPO}`, scope: 'build' },
    })
    expect(step.failed).toBe(false)
    expect(step.warnings).toHaveLength(1)
    expect(step.warnings[0]).toContain('does not allow deleting manifests')
    expect(await tagsOf(noDeletes, REPO)).toEqual(['build-pr-2', 'build-pr-3'])
    expect(step.outputs['deleted-count']).toBe('0')
  })
})

describe('ghcr.io, through the Packages REST API', () => {
  const digest = (c: string) => `sha256:${c.repeat(64)}`
  it("deletes the package versions of ended refs' tags; keeps shared, recent and live ones", async () => {
    pushedEarlier(() => {
      svc.pushPackageVersion('app-cache', digest('a'), ['build-main', 'build-pr-2'])
      svc.pushPackageVersion('app-cache', digest('b'), ['build-pr-3'])
      svc.pushPackageVersion('app-cache', digest('c'), ['build-pr-1'])
      svc.pushPackageVersion('app-cache', digest('d'), ['build-feature-gone', 'sha-123'])
    })
    const step = await prune({
      event: sweep,
      inputs: { type: 'registry', ref: 'ghcr.io/Octo-Org/app-cache', scope: 'build' },
    })
    expect(step.warnings).toEqual([])
    const left = svc
      .packageVersions('app-cache')
      .map((v) => `${v.digest.slice(7, 8)}:${v.tags.join(',')}`)
    expect(left).toEqual([
      'a:build-main,build-pr-2',
      'c:build-pr-1',
      'd:build-feature-gone,sha-123',
    ])
    expect(step.outputs['deleted-count']).toBe('1')
    expect(step.summary).toMatch(/build-feature-gone<\/code>.*\(sha-123\)/)
  })

  it('on pull_request closed a version written within prune-grace stays for a later run', async () => {
    svc.pushPackageVersion('recent', digest('e'), ['build-pr-4'])
    const step = await prune({
      event: closed(4),
      inputs: { type: 'registry', ref: 'ghcr.io/octo-org/recent', scope: 'build' },
    })
    expect(svc.packageVersions('recent')).toHaveLength(1)
    expect(step.summary).toContain('written within prune-grace')
    const now = await prune({
      event: closed(4),
      inputs: {
        type: 'registry',
        ref: 'ghcr.io/octo-org/recent',
        scope: 'build',
        'prune-grace': '0s',
      },
    })
    expect(now.outputs['deleted-count']).toBe('1')
    expect(svc.packageVersions('recent')).toHaveLength(0)
  })

  it('a token without packages: write gets one warning that names the permission', async () => {
    pushedEarlier(() => svc.pushPackageVersion('readonly', digest('f'), ['build-pr-3']))
    const step = await prune({
      event: sweep,
      inputs: { type: 'registry', ref: 'ghcr.io/octo-org/readonly', scope: 'build' },
      githubToken: svc.readOnlyGithubToken,
    })
    expect(step.failed).toBe(false)
    expect(step.warnings).toHaveLength(1)
    expect(step.warnings[0]).toContain('packages: write')
    expect(svc.packageVersions('readonly')).toHaveLength(1)
  })
})

describe('inputs', () => {
  it.each([
    [
      { type: 'registry', scope: 'build' },
      "Invalid input 'ref': type registry needs the cache repository",
    ],
    [
      { type: 'registry', ref: 'ghcr.io/o/a' },
      "Invalid input 'scope': type registry needs the scopes",
    ],
    [{ type: 'gha', ref: 'ghcr.io/o/a' }, "Invalid input 'ref': it is for type registry"],
    [{ type: 'oci' }, 'Invalid input \'type\': "oci" is not supported'],
    [{ type: 'registy' }, 'Invalid input \'type\': "registy" is not supported'],
    [{ 'prune-target': 'lots' }, "Invalid input 'prune-target'"],
  ])(
    'a scheduled prune that is misconfigured is red: %j fails the step, naming the input',
    async (inputs, message) => {
      const step = await prune({ event: sweep, inputs })
      expect(step.failed).toBe(true)
      expect(step.errors).toEqual([expect.stringContaining(message)])
      expect(step.warnings).toEqual([])
    },
  )
})
