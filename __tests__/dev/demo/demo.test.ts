/**
 * `npm run demo` end to end, on bundles built from this source (ncc, as `npm run package` builds
 * them): the built main step renders the specs, the exporter builds with them against the local
 * cache service, the built post and prune steps run, and nothing is left listening.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { refHash } from '../../../src/buildkit/keys.js'
import { ghaScopes, runDemo, type DemoResult } from '../../../dev/demo/demo.js'
import { registryBinary } from '../../helpers/registry.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const dist = mkdtempSync(join(tmpdir(), 'demo-dist-'))
const lines: string[] = []
let result: DemoResult

beforeAll(async () => {
  // The three bundles at once, as `npm run package` builds them (without maps and licenses).
  execFileSync(process.execPath, [join(root, 'scripts/package.mjs'), '--out', dist, '--bare'], {
    cwd: root,
  })
  result = await runDemo({
    root,
    distDir: dist,
    exporterOnly: true,
    log: (line) => lines.push(line),
  })
}, 240_000)

afterAll(() => rmSync(dist, { recursive: true, force: true }))

describe('npm run demo', () => {
  it(
    registryBinary()
      ? "registry leg: prune deletes the closed pull request's tag and keeps the one identical to the default branch's"
      : 'registry leg: says it skipped without docker-registry',
    () => {
      const leg = result.registry!
      if (!registryBinary()) {
        expect(leg.skipped).toContain('docker-registry is not installed')
        expect(lines).toContain(`━━ Registry leg skipped: ${leg.skipped} ━━`)
        return
      }
      expect(leg.before).toEqual(['web-main', 'web-pr-21', 'web-pr-22'])
      expect(leg.after).toEqual(['web-main', 'web-pr-21'])
      expect(leg.summaries![0]).toContain(
        'its manifest is also the manifest of a tag that stays (web-main)',
      )
      expect(leg.summaries![1]).toContain('Deleted 1 cache tag (1 manifest)')
      expect(leg.summaries![1]).toContain('<code>web-pr-22</code>')
    },
  )

  it('cache-mount leg: the second job’s build finds what the first one’s wrote, restored and injected by the built steps', () => {
    const leg = result.mounts!
    expect(leg.builder).toBe('fake')
    expect(leg.seen).toEqual(['', 'built by job-1'])
    expect(leg.posts[0]!.summary).toMatch(/\| <code>gomod<\/code> \| .* \| no \| saved \|/)
    expect(leg.posts[1]!.summary).toMatch(
      /\| <code>gomod<\/code> \| .* \| yes, injected \| saved \|/,
    )
    expect(lines).toContain('  build | the mount held: built by job-1')
  })

  it('runs main, a build and post for every job, and prune when the PR closes', () => {
    expect(result.builder).toBe('exporter')
    expect(result.jobs).toHaveLength(5)
    expect(result.prune).toBeDefined()
    expect(lines.filter((l) => l.startsWith('▶ main step'))).toHaveLength(5)
    expect(lines.filter((l) => l.startsWith('▶ post step'))).toHaveLength(5)
  })

  it('builds with the specs the main step rendered: import everywhere, export to the job’s own ref', () => {
    for (const { job, main } of result.jobs) {
      expect(ghaScopes(main.outputs['cache-from'])).toEqual(['web'])
      expect(ghaScopes(main.outputs['cache-to'])).toEqual(['web'])
      expect(main.outputs['export-enabled']).toBe('true')
      expect(main.exportedEnv.ACTIONS_RUNTIME_TOKEN).toBeTruthy()
      expect(job.ref).toMatch(/^refs\/(heads\/main|pull\/7\/merge)$/)
    }
  })

  it('reuses the cache as BuildKit would: cold, then app layer only, PR from main, deps change', () => {
    const reuse = result.jobs.map(({ build }) =>
      build === 'buildctl' ? 'buildctl' : `${build.cached}/${build.steps} ${build.indexKey}`,
    )
    const main = `index-web-1-${refHash('refs/heads/main')}`
    const pr = `index-web-1-${refHash('refs/pull/7/merge')}`
    expect(reuse).toEqual([
      `0/3 ${main}#1`,
      `2/3 ${main}#2`,
      `2/3 ${pr}#1`,
      `1/3 ${main}#3`,
      `2/3 ${main}#4`,
    ])
  })

  it('prunes as it goes: superseded generations in post steps, the pull request’s caches when it closes', () => {
    for (const { post } of result.jobs) expect(post.summary).toContain('BuildKit cache: post step')
    // The pull request's index, its blob, and the marker its post step saved for main's pruner.
    expect(result.prune?.summary).toContain('Deleted 3 entries')
    expect(result.prune?.summary).toMatch(/<code>buildkit-cache-action-uses-1-\d+-/)
    // Main's #3 stays: its last post step ran minutes after #4 superseded it (by GitHub's clock,
    // the service's), within prune-grace, when an import may still be reading it.
    const indexes = result.entries.filter((e) => e.key.startsWith('index-')).map((e) => e.key)
    const main = `index-web-1-${refHash('refs/heads/main')}`
    expect(indexes).toEqual([`${main}#3`, `${main}#4`])
    expect(result.entries.filter((e) => e.ref !== 'refs/heads/main')).toEqual([])
    // every blob main's newest index uses is still there: base, both deps versions' newest, app d4
    expect(
      result.entries.filter((e) => e.key.startsWith('buildkit-blob-1-')).length,
    ).toBeGreaterThanOrEqual(3)
  })

  it('ends with the service stopped: its port refuses connections', async () => {
    const url = new URL(result.jobs[0].main.exportedEnv.ACTIONS_RESULTS_URL)
    const refused = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: url.hostname, port: Number(url.port) })
      socket.on('connect', () => (socket.destroy(), resolve(false)))
      socket.on('error', () => resolve(true))
    })
    expect(refused).toBe(true)
  })

  it.each([
    ['type=gha,scope=web', ['web']],
    ['type=gha,scope=web\ntype=gha,scope=main-web', ['web', 'main-web']],
    ['type=gha', ['buildkit']],
    ['type=gha,"scope=a,b"', ['a,b']],
    ['type=registry,ref=ghcr.io/o/r:cache', []],
    ['', []],
  ])('ghaScopes(%j) is %j', (text, scopes) => {
    expect(ghaScopes(text)).toEqual(scopes)
  })
})
