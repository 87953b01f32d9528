/**
 * The demo's cache-mount leg: two jobs of the default branch on fresh runners with fresh builders,
 * the built main and post steps with `cache-mounts: auto`, and a Dockerfile whose RUN appends to a
 * Go-style module cache mount. The first job's post step saves what its build wrote; the second
 * job's main step restores and injects it, so its build finds the first one's line; its post step
 * saves the mount again with both lines.
 *
 * With a BuildKit daemon (BUILDKIT_HOST and `buildctl` on PATH) the builds are real; the builder is
 * emptied between the jobs (`buildctl prune --all`), as a fresh runner's is. Without one, the
 * recording fake builder (dev/buildkit/fake-builder.mjs) stands in for it, and the demo writes
 * what the RUN would.
 */
import { spawnSync } from 'node:child_process'
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RunningCacheService } from '../cache-service/index.js'
import { fakeBuilderBin, fakeMountDir } from '../buildkit/fake-builder.js'
import { createStepFiles, readStepFiles, stepEnvironment, type StepResult } from './runner-env.js'

const DOCKERFILE = `FROM docker.io/library/busybox:1.37
ARG JOB
RUN --mount=type=cache,id=gomod,target=/go/pkg/mod \\
    echo "built by $JOB" >> /go/pkg/mod/builds.log && cat /go/pkg/mod/builds.log
`

export interface MountsLegResult {
  builder: 'buildctl' | 'fake'
  /** What each job's build found in the mount before it wrote (fake builder: read from it). */
  seen: string[]
  posts: StepResult[]
}

export interface MountsLegOptions {
  service: RunningCacheService
  dist: string
  work: string
  base: Record<string, string>
  /** Whether a real buildctl and BUILDKIT_HOST are there. */
  realBuildKit: boolean
  log: (line: string) => void
  runStep: (script: string, env: Record<string, string>, prefix: string) => Promise<void>
}

/** The cache-mounts section of a job summary. */
export function mountsSection(summary: string): string[] {
  const start = summary.indexOf('### Cache mounts')
  if (start < 0) return []
  const end = summary.indexOf('\n### ', start + 1)
  return summary
    .slice(start, end < 0 ? undefined : end)
    .trimEnd()
    .split('\n')
}

export async function runMountsLeg(o: MountsLegOptions): Promise<MountsLegResult> {
  const { service, log } = o
  const builder = o.realBuildKit ? 'buildctl' : 'fake'
  log('')
  log(
    `━━ Cache mounts: a RUN --mount=type=cache carried from one job to the next (${o.realBuildKit ? `BuildKit at ${process.env.BUILDKIT_HOST}` : 'no BuildKit here: the recording fake builder stands in, and the demo writes what the RUN would'}) ━━`,
  )
  const leg = join(o.work, 'mounts')
  const bin = o.realBuildKit ? undefined : fakeBuilderBin(join(leg, 'bin'))
  // One RUNNER_TEMP path for both jobs, as on hosted runners (the entries' versions depend on it).
  const temp = join(leg, 'runner-temp')
  const result: MountsLegResult = { builder, seen: [], posts: [] }
  for (const n of [1, 2]) {
    const dir = join(leg, `job-${n}`)
    const workspace = join(dir, 'workspace')
    const fakeBuilder = join(dir, 'builder')
    mkdirSync(workspace, { recursive: true })
    mkdirSync(fakeBuilder, { recursive: true })
    writeFileSync(join(workspace, 'Dockerfile'), DOCKERFILE)
    writeFileSync(
      join(dir, 'event.json'),
      JSON.stringify({ repository: { default_branch: 'main' } }),
    )
    if (o.realBuildKit) spawnSync('buildctl', ['prune', '--all'], { stdio: 'ignore' })
    const env = {
      ...o.base,
      ...service.jobEnv({ ref: 'refs/heads/main', ttlSeconds: 2 * 24 * 3600 }),
      ...(bin ? { PATH: `${bin}:${o.base.PATH}`, FAKE_BUILDER_DIR: fakeBuilder } : {}),
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: temp,
      GITHUB_SHA: `${n}`.padStart(40, '0'),
      GITHUB_RUN_ID: String(100 + n),
      GITHUB_REF: 'refs/heads/main',
    }
    const inputs = {
      type: 'gha',
      scope: 'mounts',
      'cache-mounts': 'auto',
      'github-token': service.githubToken,
      prune: 'false',
      summary: 'true',
    }
    log(`▶ job ${n}: main step (dist/main, cache-mounts: auto)`)
    const mainFiles = createStepFiles(join(dir, 'main'))
    await o.runStep(
      join(o.dist, 'main/index.js'),
      stepEnvironment(env, inputs, mainFiles),
      '  main | ',
    )
    const main = readStepFiles(mainFiles)

    log(`▶ job ${n}: build`)
    if (o.realBuildKit) {
      const build = spawnSync(
        'buildctl',
        [
          'build',
          '--frontend',
          'dockerfile.v0',
          '--local',
          `context=${workspace}`,
          '--local',
          `dockerfile=${workspace}`,
          '--opt',
          `build-arg:JOB=job-${n}`,
          '--progress',
          'plain',
        ],
        { encoding: 'utf8' },
      )
      const lines = `${build.stdout}${build.stderr}`
        .split('\n')
        .filter((l) => /built by/.test(l) && !/echo/.test(l))
      result.seen.push(lines.join(' / '))
      for (const line of lines) log(`  build | ${line}`)
    } else {
      const mount = fakeMountDir(fakeBuilder, { key: '/gomod' })
      const file = join(mount, 'builds.log')
      const before = existsSync(file) ? readFileSync(file, 'utf8').trim() : ''
      result.seen.push(before)
      log(`  build | the mount held: ${before ? before.split('\n').join(' / ') : '(nothing)'}`)
      mkdirSync(mount, { recursive: true })
      appendFileSync(file, `built by job-${n}\n`)
    }

    log(`▶ job ${n}: post step (dist/post)`)
    const postFiles = createStepFiles(join(dir, 'post'))
    await o.runStep(
      join(o.dist, 'post/index.js'),
      stepEnvironment({ ...env, ...main.exportedEnv }, inputs, postFiles, main.state),
      '  post | ',
    )
    const post = readStepFiles(postFiles)
    result.posts.push(post)
    for (const line of mountsSection(post.summary)) log(`  │ ${line}`)
  }
  return result
}
