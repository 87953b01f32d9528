/**
 * Cache mounts through the real main and post steps (src/steps/main.ts, post.ts) in process: the
 * runner's files, the local cache service, and the recording fake buildctl / docker on PATH
 * (dev/buildkit/fake-builder.mjs). Two jobs on fresh runners and builders: the first saves what its
 * build wrote into the mount `auto` found in the Dockerfile, the second gets it back.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { type RunningCacheService, startCacheService } from '../../dev/cache-service/index.js'
import { cacheMountFlag } from '../../src/cache-mounts/commands.js'
import { MOUNT_KEY_PREFIX } from '../../src/cache-mounts/keys.js'
import { run as mainRun } from '../../src/steps/main.js'
import { run as postRun } from '../../src/steps/post.js'
import { useActionProcess } from '../helpers/in-process.js'
import { fakeBuilderBin, fakeMountDir } from '../../dev/buildkit/fake-builder.js'
import { readCommandFile, runnerFiles } from '../helpers/runner.js'
import { scratchDir } from '../helpers/scratch.js'

const saved = { ...process.env }
const action = useActionProcess()
let svc: RunningCacheService
let bin: string

beforeAll(async () => {
  svc = await startCacheService()
  bin = fakeBuilderBin(join(scratchDir('bkc-fake-'), 'bin'))
})
afterAll(() => svc.stop())

/** The fake builder's folder of the plain mount `id=gomod`. */
const gomodDir = (builder: string) => fakeMountDir(builder, { key: '/gomod' })

const DOCKERFILE = [
  'FROM golang:1.22 AS build',
  'RUN --mount=type=cache,id=gomod,target=/go/pkg/mod \\',
  '    --mount=type=cache,id=${BROKEN},target=/x go build',
  '',
].join('\n')

interface Job {
  log: string
  summary: string
  warnings: string[]
  failed: boolean
  state: Record<string, string>
}

async function job(
  n: number,
  build: (builder: string) => void,
  inputs: Record<string, string> = {},
): Promise<Job> {
  const files = runnerFiles()
  const workspace = join(files.dir, 'work')
  const builder = join(files.dir, 'builder')
  mkdirSync(workspace)
  mkdirSync(builder)
  writeFileSync(join(workspace, 'Dockerfile'), DOCKERFILE)
  const summary = join(files.dir, 'summary')
  writeFileSync(summary, '')
  writeFileSync(files.event, JSON.stringify({ repository: { default_branch: 'main' } }))
  const jobEnv = svc.jobEnv({ ref: 'refs/heads/main' })
  const common = {
    PATH: `${bin}:${saved.PATH}`,
    ...jobEnv,
    FAKE_BUILDER_DIR: builder,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_WORKSPACE: workspace,
    // The same absolute folder on every runner, as on hosted ones.
    RUNNER_TEMP: join(scratchDir('bkc-temp-'), '..', 'bkc-shared-temp'),
    GITHUB_JOB: 'build',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: n.toString(16).padStart(40, '0'),
    GITHUB_RUN_ID: String(n),
    GITHUB_RUN_ATTEMPT: '1',
    ...Object.fromEntries(
      Object.entries({
        type: 'gha',
        'cache-mounts': 'auto',
        builder: 'bk',
        prune: 'false',
        'github-token': jobEnv.GITHUB_TOKEN ?? '',
        ...inputs,
      }).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
    ),
  }
  process.env = { ...common }
  await mainRun()
  const failed = process.exitCode === 1
  const state = readCommandFile(files.state)
  build(builder)
  process.env = {
    ...common,
    ...Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v])),
  }
  await postRun()
  const log = action.stdout()
  return {
    log,
    summary: readFileSync(summary, 'utf8'),
    warnings: log
      .split('\n')
      .filter((l) => l.startsWith('::warning::'))
      .map((l) => l.slice('::warning::'.length)),
    failed,
    state,
  }
}

describe('cache mounts through the main and post steps', () => {
  it('auto finds the mount, warns about the one it cannot key, saves after the first build and restores into the next builder', async () => {
    const first = await job(1, (b) => {
      mkdirSync(gomodDir(b), { recursive: true })
      writeFileSync(join(gomodDir(b), 'mod.txt'), 'module cache')
    })
    expect(first.failed).toBe(false)
    expect(first.warnings).toContainEqual(
      expect.stringMatching(/^cache-mounts: Dockerfile:2: .* uses \$BROKEN/),
    )
    expect(first.log).toContain('gomod: nothing saved yet; it starts empty')
    expect(first.log).toMatch(/gomod: saved as buildkit-cache-action-mount-build%40[0-9a-f]{16}#/)
    expect(first.summary).toContain('### Cache mounts: 1 mount')
    expect(first.summary).toMatch(/\| <code>gomod<\/code> \| .* \| no \| saved \|/)
    expect(svc.entries().filter((e) => e.key.startsWith(MOUNT_KEY_PREFIX))).toHaveLength(1)

    let seen = ''
    const second = await job(2, (b) => {
      seen = readFileSync(join(gomodDir(b), 'mod.txt'), 'utf8')
    })
    expect(seen).toBe('module cache')
    expect(second.log).toMatch(/Injected gomod in \d+\.\d s/)
    expect(second.summary).toMatch(
      /\| <code>gomod<\/code> \| .* \| yes, injected \| unchanged, not uploaded \|/,
    )
    expect(second.summary).toMatch(
      /One build each for all mounts: inject \d+\.\d s, extract \d+\.\d s\./,
    )
  })

  it('no Dockerfile where auto looks: the main step fails naming the input', async () => {
    const result = await job(3, () => {}, { dockerfile: 'docker/Missing.Dockerfile' })
    expect(result.failed).toBe(true)
    expect(result.log).toMatch(
      /::error::Invalid input 'dockerfile': cache-mounts: auto reads the Dockerfile, and there is none at .*docker\/Missing\.Dockerfile/,
    )
  })
})

// The key of the rendered flag the fake keys by, checked here so the helper above cannot drift.
it('the fake keys id=gomod by the flag the action renders', () => {
  expect(cacheMountFlag({ key: '/gomod' }, '', '/cache-mount/0')).toBe(
    '--mount=type=cache,id=gomod,target=/cache-mount/0,sharing=locked',
  )
})
