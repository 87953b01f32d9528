/**
 * The main step's orchestration (src/steps/main.ts) in process, with src/runner/workflow-commands.ts writing the
 * runner's files: inputs as INPUT_* variables, outputs, exported variables and state read back
 * from GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STATE.
 */
import { describe, expect, it } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { run } from '../../src/steps/main.js'
import { parseMainState } from '../../src/state.js'
import { useActionProcess } from '../helpers/in-process.js'
import { readCommandFile, runnerFiles, runtimeToken } from '../helpers/runner.js'

const PR_TOKEN = runtimeToken([
  { Scope: 'refs/pull/9/merge', Permission: 3 },
  { Scope: 'refs/heads/main', Permission: 1 },
])

interface StepResult {
  outputs: Record<string, string>
  env: Record<string, string>
  state: Record<string, string>
  log: string
  failed: boolean
}

const saved = { ...process.env }
const action = useActionProcess()

/** Runs the main step with a runner-like environment: no ACTIONS_* unless given. */
async function mainStep(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  event?: object,
): Promise<StepResult> {
  const files = runnerFiles()
  if (event) writeFileSync(files.event, JSON.stringify(event))
  process.env = {
    PATH: saved.PATH,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    RUNNER_TEMP: files.dir,
    ...(event ? { GITHUB_EVENT_PATH: files.event } : {}),
    ...env,
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
    ),
  }
  await run()
  return {
    outputs: readCommandFile(files.output),
    env: readCommandFile(files.env),
    state: readCommandFile(files.state),
    log: action.stdout(),
    failed: process.exitCode === 1,
  }
}

const V2 = {
  ACTIONS_RUNTIME_TOKEN: PR_TOKEN,
  ACTIONS_RESULTS_URL: 'https://results.example/',
  ACTIONS_CACHE_SERVICE_V2: 'True',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
  GITHUB_JOB: 'build',
  GITHUB_REF: 'refs/pull/9/merge',
  GITHUB_BASE_REF: 'main',
}

describe('main step', () => {
  it('gha in a pull request: renders the specs, exposes the runtime, saves the state', async () => {
    const result = await mainStep({ type: 'gha' }, V2, { repository: { default_branch: 'main' } })
    expect(result.failed).toBe(false)
    expect(result.outputs).toEqual({
      'cache-from': 'type=gha,scope=build',
      'cache-to': 'type=gha,scope=build,mode=max,ignore-error=true',
      'buildctl-args':
        "--import-cache 'type=gha,scope=build' --export-cache 'type=gha,scope=build,mode=max,ignore-error=true'",
      'buildx-args':
        "--cache-from 'type=gha,scope=build' --cache-to 'type=gha,scope=build,mode=max,ignore-error=true'",
      'bake-set':
        '*.cache-from=type=gha,scope=build\n*.cache-to=type=gha,scope=build,mode=max,ignore-error=true',
      'build-args': '',
      scope: 'build',
      'export-enabled': 'true',
    })
    expect(result.env).toEqual({
      ACTIONS_RUNTIME_TOKEN: PR_TOKEN,
      ACTIONS_RESULTS_URL: 'https://results.example/',
      ACTIONS_CACHE_SERVICE_V2: 'True',
    })
    const state = parseMainState(result.state['buildkit-cache-main'])
    expect(state).toEqual({
      version: 1,
      type: 'gha',
      scope: 'build',
      importEnabled: true,
      exportEnabled: true,
      protocol: 'v2',
      ref: 'refs/pull/9/merge',
      readableRefs: ['refs/pull/9/merge', 'refs/heads/main'],
      writableRefs: ['refs/pull/9/merge'],
      exportRef: 'refs/pull/9/merge',
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    expect(result.state['buildkit-cache-main']).not.toContain(PR_TOKEN)
    expect(result.log).toContain(
      'Cache service: v2 (Twirp, results service) at https://results.example/',
    )
    expect(result.log).toContain('Readable refs: refs/pull/9/merge, refs/heads/main')
    expect(result.log).toContain('Writable refs: refs/pull/9/merge')
    expect(result.log).toContain('exporting to refs/pull/9/merge')
    // The token is masked before the first line that could carry it, and never printed otherwise.
    const firstLine = result.log.split('\n')[0]
    expect(firstLine).toBe(`::add-mask::${PR_TOKEN}`)
    expect(result.log.split(PR_TOKEN).length - 1).toBe(
      result.log.split(`::add-mask::${PR_TOKEN}`).length - 1,
    )
  })

  it('a read-only token: no cache-to, and the log says why', async () => {
    const result = await mainStep(
      {},
      {
        ...V2,
        ACTIONS_RUNTIME_TOKEN: runtimeToken([{ Scope: 'refs/heads/main', Permission: 1 }]),
      },
    )
    expect(result.failed).toBe(false)
    expect(result.outputs['cache-from']).toBe('type=gha,scope=build')
    expect(result.outputs['cache-to']).toBe('')
    expect(result.outputs['buildctl-args']).toBe("--import-cache 'type=gha,scope=build'")
    expect(result.outputs['export-enabled']).toBe('false')
    expect(result.log).toContain(
      'not exporting: the runtime token grants no writable cache scope (a read-only token, as untrusted triggers get)',
    )
  })

  it('export: false keeps the imports only', async () => {
    const result = await mainStep({ export: 'false' }, V2)
    expect(result.outputs['cache-to']).toBe('')
    expect(result.outputs['export-enabled']).toBe('false')
    expect(result.log).toContain('not exporting: export is false')
  })

  it('gha outside the runner fails, naming what is missing and how to fix it', async () => {
    const result = await mainStep({ type: 'gha' }, { GITHUB_JOB: 'build' })
    expect(result.failed).toBe(true)
    expect(result.log).toContain(
      '::error::type gha needs ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL, and this step does not have them: the runner sets them only for JavaScript actions. Run this action as a step of a GitHub Actions job (not from a script, nor a container step that drops these variables), or choose another type (registry, local, s3, azblob, inline).',
    )
    expect(result.outputs).toEqual({})
    expect(result.state).toEqual({})
  })

  it('a bad input fails the step with its message', async () => {
    const result = await mainStep({ type: 'inline', ref: 'ghcr.io/o/app', mode: 'max' }, V2)
    expect(result.failed).toBe(true)
    expect(result.log).toContain(
      "::error::Invalid input 'mode': type inline supports mode min only (BuildKit writes inline cache for the final image alone); use type registry to export max-mode cache. Accepted: min, or type registry with mode max",
    )
  })

  it.each([
    [
      { 'prune-grace': '1 hour' },
      `::error::Invalid input 'prune-grace': "1 hour" is not a duration.`,
    ],
    [{ 'cache-limit': 'lots' }, `::error::Invalid input 'cache-limit': "lots" is not a size.`],
    [
      { 'builder-prune-filter': 'until=24h' },
      '::error::Input "builder-prune-filter" has "until=24h": set the age with "builder-keep-duration" instead.',
    ],
  ])('a bad post-step input %j fails the main step, before the build', async (inputs, error) => {
    const result = await mainStep(inputs, V2)
    expect(result.failed).toBe(true)
    expect(result.log).toContain(error)
    expect(result.outputs).toEqual({})
    expect(result.state).toEqual({})
  })

  it('registry needs no runtime, exposes nothing, and follows the PR chain from the event', async () => {
    const result = await mainStep(
      { type: 'registry', ref: 'ghcr.io/o/app-cache', scope: 'web' },
      { GITHUB_JOB: 'build', GITHUB_REF: 'refs/pull/9/merge', GITHUB_BASE_REF: 'release' },
      { repository: { default_branch: 'main' } },
    )
    expect(result.failed).toBe(false)
    expect(result.outputs['cache-from']).toBe(
      [
        'type=registry,ref=ghcr.io/o/app-cache:web-pr-9',
        'type=registry,ref=ghcr.io/o/app-cache:web-release',
        'type=registry,ref=ghcr.io/o/app-cache:web-main',
      ].join('\n'),
    )
    expect(result.outputs['cache-to']).toBe(
      'type=registry,ref=ghcr.io/o/app-cache:web-pr-9,mode=max,ignore-error=true',
    )
    expect(result.env).toEqual({})
    // The Actions cache's runtime does not apply: at most a debug line, never a group or warning.
    expect(result.log).not.toContain('::group::Cache runtime')
    expect(result.log).not.toMatch(/^(?!::debug::).*Readable refs/m)
    expect(result.log).not.toContain('::warning::')
  })

  it('lower-cases a repository path with upper-case letters, and says so once', async () => {
    // `ghcr.io/${{ github.repository }}/cache` for the organisation Octo-Org.
    const result = await mainStep(
      { type: 'registry', ref: 'ghcr.io/Octo-Org/Web/cache:V1', scope: 'web' },
      { GITHUB_JOB: 'build', GITHUB_REF: 'refs/heads/main' },
      { repository: { default_branch: 'main' } },
    )
    expect(result.failed).toBe(false)
    expect(result.outputs['cache-to']).toBe(
      'type=registry,ref=ghcr.io/octo-org/web/cache:V1-web-main,mode=max,ignore-error=true',
    )
    const said = result.log.split('\n').filter((line) => line.includes('upper-case'))
    expect(said).toEqual([
      'ref: "ghcr.io/Octo-Org/Web/cache:V1" has upper-case letters in its repository path, which OCI does not allow; using ghcr.io/octo-org/web/cache (the tag keeps its case)',
    ])
  })

  it('inline: imports the image as registry, exports min, gives the build argument', async () => {
    const result = await mainStep(
      { type: 'inline', ref: 'ghcr.io/o/app:latest' },
      { GITHUB_JOB: 'b' },
    )
    expect(result.outputs['cache-from']).toBe('type=registry,ref=ghcr.io/o/app:latest')
    expect(result.outputs['cache-to']).toBe('type=inline,mode=min')
    expect(result.outputs['build-args']).toBe('BUILDKIT_INLINE_CACHE=1')
  })

  it('a matrix leg gets its own default scope', async () => {
    const amd = await mainStep({ matrix: '{"platform":"linux/amd64"}' }, V2)
    const arm = await mainStep({ matrix: '{"platform":"linux/arm64"}' }, V2)
    expect(amd.outputs.scope).toMatch(/^build-linux-amd64-[0-9a-f]{8}$/)
    expect(arm.outputs.scope).toMatch(/^build-linux-arm64-[0-9a-f]{8}$/)
    expect(amd.outputs['cache-to']).toBe(
      `type=gha,scope=${amd.outputs.scope},mode=max,ignore-error=true`,
    )
  })

  it('a scope with a line break fails the step, naming the input, and starts no workflow command', async () => {
    const scope = 'web\n::error::injected\n::add-mask::type'
    const result = await mainStep({ scope }, V2)
    expect(result.failed).toBe(true)
    const lines = result.log.split('\n')
    expect(lines.filter((line) => /^::(error|add-mask)::(injected|type)/.test(line))).toEqual([])
    expect(lines.filter((line) => line.startsWith('::error::'))).toEqual([
      "::error::Invalid input 'scope': it holds a line break. Accepted: a value on one line (every value that becomes a BuildKit attribute must be: bake-set and build-push-action read one attribute set per line)",
    ])
    expect(result.outputs).toEqual({})
  })

  it('expose-runtime: false exports nothing', async () => {
    const result = await mainStep({ 'expose-runtime': 'false' }, V2)
    expect(result.env).toEqual({})
    expect(result.log).toContain('Runtime variables not exposed: expose-runtime is false')
  })

  it('records a gha export that lists blob keys with ghtoken, and masks the token', async () => {
    const result = await mainStep(
      { type: 'gha', 'extra-attrs': 'ghtoken=ghs_secret\nrepository=octo/app' },
      V2,
    )
    expect(result.failed).toBe(false)
    expect(result.log.split('\n')).toContain('::add-mask::ghs_secret')
    const state = parseMainState(result.state['buildkit-cache-main'])
    expect(state?.exportKeyMap).toBe(true)
    expect(result.state['buildkit-cache-main']).not.toContain('ghs_secret')
    // Without the key map the state says nothing about it.
    const plain = await mainStep({ type: 'gha' }, V2)
    expect(parseMainState(plain.state['buildkit-cache-main'])).not.toHaveProperty('exportKeyMap')
  })

  it('masks credentials given in extra-attrs', async () => {
    const result = await mainStep(
      { type: 's3', bucket: 'b', region: 'r', 'extra-attrs': 'secret_access_key=hunter2,x' },
      { GITHUB_JOB: 'b' },
    )
    expect(result.failed).toBe(false)
    expect(result.log.split('\n')).toContain('::add-mask::hunter2,x')
    expect(result.outputs['cache-to']).toBe(
      'type=s3,name=b,mode=max,bucket=b,region=r,"""secret_access_key=hunter2,x""",ignore-error=true',
    )
  })

  it('masks a credential with quotes in the escaped forms the outputs and the log print', async () => {
    const result = await mainStep(
      { type: 's3', bucket: 'b', 'extra-attrs': `secret_access_key=s3cr"it's` },
      { GITHUB_JOB: 'b' },
    )
    expect(result.failed).toBe(false)
    const masks = result.log
      .split('\n')
      .filter((line) => line.startsWith('::add-mask::'))
      .map((line) => line.slice('::add-mask::'.length))
    expect(masks).toEqual(
      expect.arrayContaining([`s3cr"it's`, `s3cr""it's`, `s3cr""""it's`, `s3cr""it'\\''s`]),
    )
    expect(result.outputs['cache-to']).toContain(`s3cr""""it's`)
    expect(result.outputs['buildctl-args']).toContain(`s3cr""it'\\''s`)
  })

  it('local: a directory per scope under RUNNER_TEMP, exports beside it, reports the cache hit', async () => {
    // No cache service URL: the restore would otherwise reach for results.example. The restore
    // against a real (local) service is __tests__/integration/local-steps.test.ts.
    const { ACTIONS_RESULTS_URL: _url, ...noService } = V2
    const result = await mainStep({ type: 'local' }, noService)
    const dir = join(process.env.RUNNER_TEMP ?? '', 'buildkit-cache', 'build')
    expect(result.failed).toBe(false)
    expect(result.outputs['cache-from']).toBe(`type=local,src=${dir}`)
    expect(result.outputs['cache-to']).toBe(`type=local,dest=${dir}-new,mode=max,ignore-error=true`)
    expect(result.outputs['cache-hit']).toBe('false')
    expect(parseMainState(result.state['buildkit-cache-main'])).toMatchObject({
      type: 'local',
      path: dir,
      local: { cacheHit: false },
    })
    // local does not read the runtime variables itself; only gha exposes them.
    expect(result.env).toEqual({})
  })

  it('local: a path with a trailing slash exports beside the directory, where the post step looks', async () => {
    const { ACTIONS_RESULTS_URL: _url, ...noService } = V2
    const files = runnerFiles()
    const dir = join(files.dir, 'cache')
    const result = await mainStep({ type: 'local', path: `${dir}//` }, noService)
    expect(result.failed).toBe(false)
    expect(result.outputs['cache-from']).toBe(`type=local,src=${dir}`)
    expect(result.outputs['cache-to']).toBe(`type=local,dest=${dir}-new,mode=max,ignore-error=true`)
    expect(parseMainState(result.state['buildkit-cache-main'])).toMatchObject({ path: dir })
  })

  it('local: a relative path fails the step, naming the input', async () => {
    const result = await mainStep({ type: 'local', path: 'cache' }, { GITHUB_JOB: 'b' })
    expect(result.failed).toBe(true)
    expect(result.log).toContain('::error::Input "path" is "cache": type=local needs an absolute')
    expect(result.outputs).toEqual({})
  })

  it.each([
    [
      'the workspace',
      'GITHUB_WORKSPACE',
      '/home/runner/work/repo/repo',
      '/home/runner/work/repo/repo',
      'is',
    ],
    [
      'a parent of the workspace',
      'GITHUB_WORKSPACE',
      '/home/runner/work/repo/repo',
      '/home/runner/work/',
      'contains',
    ],
    ['HOME', 'HOME', '/home/runner', '/home/runner', 'is'],
    ['the tool cache', 'RUNNER_TOOL_CACHE', '/opt/hostedtoolcache', '/opt', 'contains'],
  ])(
    'type: local whose path is or contains %s fails the step, naming the input (the post step would replace it)',
    async (_, name, dir, path, verb) => {
      const result = await mainStep({ type: 'local', path }, { GITHUB_JOB: 'b', [name]: dir })
      expect(result.failed).toBe(true)
      expect(result.log).toContain(
        `::error::Input "path" is "${path}", which ${verb} ${name} (${dir}): the post step replaces the directory with the cache`,
      )
      expect(result.outputs).toEqual({})
    },
  )

  it('type: local whose path is RUNNER_TEMP itself fails the step', async () => {
    const files = runnerFiles()
    const temp = await mainStep(
      { type: 'local', path: files.dir },
      { GITHUB_JOB: 'b', RUNNER_TEMP: files.dir },
    )
    expect(temp.failed).toBe(true)
    expect(temp.log).toContain(`which is RUNNER_TEMP (${files.dir})`)
  })

  it('type: local under RUNNER_TEMP or HOME, beside the workspace, is accepted', async () => {
    const { ACTIONS_RESULTS_URL: _url, ...noService } = V2
    const files = runnerFiles()
    const inside = await mainStep(
      { type: 'local', path: join(files.dir, 'cache') },
      {
        ...noService,
        RUNNER_TEMP: files.dir,
        HOME: '/home/runner',
        GITHUB_WORKSPACE: join(files.dir, 'cached'),
      },
    )
    expect(inside.log).not.toContain('::error::')
    expect(inside.failed).toBe(false)
  })

  it.each([
    [{ type: 'gha' }, 'type=gha,scope=build'],
    [{ type: 'registry', ref: 'ghcr.io/o/cache' }, 'type=registry,ref=ghcr.io/o/cache:build-main'],
  ])(
    "merge queues: a merge_group run of %j imports its base branch's cache and exports nothing, saying why",
    async (inputs, baseImport) => {
      const queue = `refs/heads/gh-readonly-queue/main/pr-42-${'ab12'.repeat(10)}`
      const result = await mainStep(inputs, { ...V2, GITHUB_REF: queue, GITHUB_BASE_REF: '' })
      expect(result.failed).toBe(false)
      expect(result.outputs['cache-to']).toBe('')
      expect(result.outputs['export-enabled']).toBe('false')
      expect(result.outputs['cache-from']).toContain(baseImport)
      expect(result.log).toContain(`not exporting: ${queue} is a merge queue's ref`)
    },
  )

  it('warns when ACTIONS_CACHE_SERVICE_V2 holds a value buildx reads as false', async () => {
    const result = await mainStep({}, { ...V2, ACTIONS_CACHE_SERVICE_V2: 'on' })
    expect(result.log).toContain(
      '::warning::ACTIONS_CACHE_SERVICE_V2="on" is not a value buildx and buildctl read as true',
    )
  })
})
