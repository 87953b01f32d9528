/**
 * The demo's registry leg, when Debian's `docker-registry` is installed: a real distribution
 * registry on loopback; the built main step with `type: registry` on the default branch and on two
 * pull requests (one that changed nothing, so its cache manifest is byte-identical to the default
 * branch's, and one that changed the app); each "build" pushes a small cache manifest to the tag
 * the rendered cache-to names; then both pull requests close and the built `prune` entry point
 * (`type: registry`, on `pull_request: closed`) deletes the changed one's tag and keeps the
 * identical one's, because deleting that digest would drop the default branch's tag too.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { RunningCacheService } from '../cache-service/index.js'
import {
  pushCacheManifest,
  registryBinary,
  startRegistry,
  tagsOf,
} from '../registry/local-registry.js'
import { closePullRequest, createStepFiles, readStepFiles, stepEnvironment } from './runner-env.js'

const REPOSITORY = 'octo-org/demo-cache'
const SCOPE = 'web'

interface Leg {
  title: string
  ref: string
  pullRequest?: number
  /** What the build's cache holds: the same text gives the same manifest digest. */
  cache: string
}

const LEGS: Leg[] = [
  { title: 'default branch', ref: 'refs/heads/main', cache: 'app v1' },
  {
    title: 'pull request #21 (docs only: the same cache)',
    ref: 'refs/pull/21/merge',
    pullRequest: 21,
    cache: 'app v1',
  },
  {
    title: 'pull request #22 (changes the app)',
    ref: 'refs/pull/22/merge',
    pullRequest: 22,
    cache: 'app v2',
  },
]

export interface RegistryLegResult {
  /** Why the leg did not run. */
  skipped?: string
  /** The repository's tags before the pull requests closed, and at the end. */
  before?: string[]
  after?: string[]
  /** The prune step's summaries, one per closed pull request. */
  summaries?: string[]
}

export interface RegistryLegOptions {
  service: RunningCacheService
  dist: string
  work: string
  /** The job environment every step starts from. */
  base: Record<string, string>
  log: (line: string) => void
  runStep: (script: string, env: Record<string, string>, prefix: string) => Promise<void>
}

export async function runRegistryLeg(o: RegistryLegOptions): Promise<RegistryLegResult> {
  const { service, log } = o
  if (!registryBinary()) {
    const skipped = 'docker-registry is not installed (apt-get install docker-registry)'
    log('')
    log(`━━ Registry leg skipped: ${skipped} ━━`)
    return { skipped }
  }
  const registry = await startRegistry()
  try {
    const ref = `${registry.host}/${REPOSITORY}`
    log('')
    log(`━━ Registry leg: type registry, cache repository ${ref} (docker-registry on loopback) ━━`)
    for (const leg of LEGS) {
      if (leg.pullRequest)
        service.setPullRequest(leg.pullRequest, {
          state: 'open',
          base: 'main',
          head: `topic-${leg.pullRequest}`,
        })
      const dir = join(o.work, `registry-${leg.pullRequest ?? 'main'}`)
      mkdirSync(dir, { recursive: true })
      const files = createStepFiles(join(dir, 'main'))
      const env = {
        ...o.base,
        ...service.jobEnv({ ref: leg.ref }),
        RUNNER_TEMP: dir,
        GITHUB_WORKSPACE: dir,
      }
      log(`▶ ${leg.title}: main step (dist/main)`)
      await o.runStep(
        join(o.dist, 'main/index.js'),
        stepEnvironment(env, { type: 'registry', ref, scope: SCOPE }, files),
        '  main | ',
      )
      const cacheTo = readStepFiles(files).outputs['cache-to'] ?? ''
      const target = /(?:^|,)ref=([^,\n]+)/.exec(cacheTo)?.[1]
      if (!target)
        throw new Error(`the main step rendered no registry export: ${JSON.stringify(cacheTo)}`)
      const tag = target.slice(target.lastIndexOf(':') + 1)
      const digest = await pushCacheManifest(registry, REPOSITORY, tag, leg.cache)
      log(`▶ build: exported the cache to ${target} (${digest.slice(0, 19)}…)`)
    }
    const before = await tagsOf(registry, REPOSITORY)
    log(`  tags now: ${before.join(', ')}`)

    const summaries: string[] = []
    for (const leg of LEGS.filter((l) => l.pullRequest)) {
      const number = leg.pullRequest!
      log(`▶ pull request #${number} closed: prune (dist/prune, type registry)`)
      const dir = join(o.work, `registry-prune-${number}`)
      const event = closePullRequest(service, number, `topic-${number}`, dir)
      const files = createStepFiles(dir)
      const env = {
        ...o.base,
        ...service.jobEnv({ ref: leg.ref }),
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        RUNNER_TEMP: dir,
      }
      await o.runStep(
        join(o.dist, 'prune/index.js'),
        stepEnvironment(
          env,
          { type: 'registry', ref, scope: SCOPE, 'github-token': service.githubToken },
          files,
        ),
        '  prune | ',
      )
      const summary = readStepFiles(files).summary
      summaries.push(summary)
      for (const line of (summary || '(no summary written)').trimEnd().split('\n'))
        log(`  │ ${line}`)
    }
    const after = await tagsOf(registry, REPOSITORY)
    log(`  tags left: ${after.join(', ')}`)
    return { before, after, summaries }
  } finally {
    await registry.stop()
  }
}
