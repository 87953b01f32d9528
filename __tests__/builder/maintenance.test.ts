/**
 * builderMaintenance through real child processes: `buildctl` and `docker` are replaced at the process
 * boundary by executables on PATH that answer with the recorded (buildctl) or derived (buildx) output
 * and log the arguments they were given.
 */
import { promises as fsp } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  builderMaintenance,
  builderPrune,
  builderUsage,
  detectBuilderTool,
} from '../../src/builder/maintenance.js'
import { processRunner } from '../../src/builder/process.js'
import { pruneOptions } from '../../src/builder/prune-options.js'
import { renderBuilderReport } from '../../src/builder/report.js'

const RECORDED = new URL('../fixtures/buildctl-v0.24.0-du-prune/', import.meta.url).pathname
const DERIVED = new URL('./buildx-v0.28-derived/', import.meta.url).pathname

let bin: string
let log: string
beforeEach(async () => {
  bin = await fsp.mkdtemp(join(tmpdir(), 'fake-tools-'))
  log = join(bin, 'calls.log')
})
afterEach(async () => {
  await fsp.rm(bin, { recursive: true, force: true })
})

/** A `sh` case statement on "$*" (literal patterns): each branch prints a file or text and exits with a code. */
type Answers = Record<
  string,
  { file?: string; stdout?: string; stderr?: string; code?: number; sleep?: number }
>

async function fakeTool(name: string, answers: Answers): Promise<void> {
  const branches = Object.entries(answers).map(([pattern, a]) => {
    const lines = [
      a.sleep ? `exec sleep ${a.sleep}` : '',
      a.file ? `cat '${a.file}'` : '',
      a.stdout ? `printf '%s\\n' '${a.stdout}'` : '',
      a.stderr ? `printf '%s\\n' '${a.stderr}' >&2` : '',
      `exit ${a.code ?? 0}`,
    ].filter(Boolean)
    return `  '${pattern}') ${lines.join('; ')} ;;`
  })
  const script = [
    '#!/bin/sh',
    `printf '%s\\n' "${name} $*" >> '${log}'`,
    'case "$*" in',
    ...branches,
    `  *) echo "${name}: unexpected arguments: $*" >&2; exit 2 ;;`,
    'esac',
    '',
  ].join('\n')
  await fsp.writeFile(join(bin, name), script, { mode: 0o755 })
}

/** PATH = the fake tools plus the system directories `sh`, `cat` and `sleep` live in (not /usr/local/bin's docker). */
const runner = (timeoutMs?: number) =>
  processRunner({ env: { PATH: `${bin}:/usr/bin:/bin` }, timeoutMs })
const calls = async () =>
  (await fsp.readFile(log, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean)

const buildctl: Answers = {
  '--version': { stdout: 'buildctl github.com/moby/buildkit v0.24.0 0c05f31d' },
  'du --format {{json .}}': { file: `${RECORDED}du-json.txt` },
  'prune --format {{json .}} --keep-storage 1': {
    file: `${RECORDED}prune-keep-storage-1MB-json.txt`,
  },
  'prune --format {{json .}} --keep-duration 48h --filter type==regular': {
    file: `${RECORDED}prune-keep-storage-1MB-json.txt`,
  },
}
const docker = (buildx: Answers): Answers => ({
  'buildx version': { stdout: 'github.com/docker/buildx v0.28.0 b1281b81' },
  ...buildx,
})

describe('detectBuilderTool', () => {
  it.each<[string, Record<string, Answers>, string | undefined]>([
    ['buildctl alone', { buildctl }, 'buildctl'],
    ['buildctl and docker buildx: buildctl', { buildctl, docker: docker({}) }, 'buildctl'],
    ['docker with buildx', { docker: docker({}) }, 'buildx'],
    [
      'docker without the buildx plugin',
      {
        docker: { 'buildx version': { stderr: 'docker: unknown command: docker buildx', code: 1 } },
      },
      undefined,
    ],
    [
      'a broken buildctl and docker buildx',
      { buildctl: { '--version': { code: 1 } }, docker: docker({}) },
      'buildx',
    ],
    ['nothing', {}, undefined],
  ])('%s', async (_name, tools, expected) => {
    for (const [name, answers] of Object.entries(tools)) await fakeTool(name, answers)
    expect(await detectBuilderTool(runner())).toBe(expected)
  })
})

describe('with buildctl', () => {
  beforeEach(() => fakeTool('buildctl', buildctl))

  it('reports usage from the recorded JSON: exact totals and the largest records', async () => {
    const usage = await builderUsage('buildctl', runner())
    expect(usage).toMatchObject({
      tool: 'buildctl',
      records: 9,
      totalBytes: 14_311_424,
      reclaimableBytes: 14_311_424,
      sharedBytes: 0,
      approximate: false,
    })
    expect(usage.largest.map((r) => [r.id, r.size]).slice(0, 3)).toEqual([
      ['j23s4wz1pncw5avkj31vlklf4', 5_160_960],
      ['jdp25vob8u8h3uigrtgy2j4ny', 5_156_864],
      ['xxv7svv83znlk44hjszs49hun', 1_990_656],
    ])
    expect(await calls()).toEqual(['buildctl du --format {{json .}}'])
  })

  it('prunes with the knobs given and reports what was freed', async () => {
    const result = await builderPrune(
      'buildctl',
      pruneOptions({ keepStorageBytes: 1_000_000, filters: [] }),
      runner(),
    )
    expect(result).toMatchObject({
      tool: 'buildctl',
      records: 7,
      freedBytes: 14_311_424,
      approximate: false,
      command: 'buildctl prune --format {{json .}} --keep-storage 1',
    })
    const other = await builderPrune(
      'buildctl',
      pruneOptions({ keepDurationMs: 48 * 3_600_000, filters: ['type==regular'] }),
      runner(),
    )
    expect(other.records).toBe(7)
    expect(await calls()).toEqual([
      'buildctl prune --format {{json .}} --keep-storage 1',
      'buildctl prune --format {{json .}} --keep-duration 48h --filter type==regular',
    ])
  })

  it('maintenance: detects once, prunes, then reads usage', async () => {
    const report = await builderMaintenance(
      { usage: true, prune: pruneOptions({ keepStorageBytes: 1_000_000, filters: [] }) },
      runner(),
    )
    expect(report.warnings).toEqual([])
    expect(report.tool).toBe('buildctl')
    expect(report.prune?.freedBytes).toBe(14_311_424)
    expect(report.usage?.totalBytes).toBe(14_311_424)
    expect(await calls()).toEqual([
      'buildctl --version',
      'buildctl prune --format {{json .}} --keep-storage 1',
      'buildctl du --format {{json .}}',
    ])
    const summary = renderBuilderReport(report)
    expect(summary).toContain('### Builder cache (buildctl)')
    expect(summary).toContain(
      'Pruned 7 records, freed 14.3 MB (<code>buildctl prune --format {{json .}} --keep-storage 1</code>).',
    )
    expect(summary).toContain('| Total | 14.3 MB |')
  })
})

describe('with docker buildx', () => {
  it('reads du JSON lines (buildx ≥ 0.28) and prunes through verbose output', async () => {
    await fakeTool(
      'docker',
      docker({
        'buildx du --format json': { file: `${DERIVED}du-json.txt` },
        'buildx prune --force --verbose --keep-storage 1000000000 --filter until=168h': {
          file: `${DERIVED}prune-verbose.txt`,
        },
      }),
    )
    const report = await builderMaintenance(
      {
        usage: true,
        prune: pruneOptions({
          keepStorageBytes: 1_000_000_000,
          keepDurationMs: 7 * 24 * 3_600_000,
          filters: [],
        }),
      },
      runner(),
    )
    expect(report.warnings).toEqual([])
    expect(report.tool).toBe('buildx')
    expect(report.prune).toMatchObject({ records: 7, approximate: true })
    expect(Math.abs(report.prune!.freedBytes - 14_311_424)).toBeLessThan(2000)
    expect(report.usage).toMatchObject({ records: 9, approximate: true })
    expect(renderBuilderReport(report)).toContain('| Total | ≈ 14.3 MB |')
  })

  it('falls back to --verbose on a buildx without du --format', async () => {
    await fakeTool(
      'docker',
      docker({
        'buildx du --format json': { stderr: 'unknown flag: --format', code: 1 },
        'buildx du --verbose': { file: `${DERIVED}du-verbose-0.27.txt` },
      }),
    )
    const usage = await builderUsage('buildx', runner())
    expect(usage.records).toBe(9)
    expect(await calls()).toEqual(['docker buildx du --format json', 'docker buildx du --verbose'])
  })
})

describe('when things go wrong', () => {
  it('says once that neither tool exists, and runs nothing else', async () => {
    const report = await builderMaintenance(
      { usage: true, prune: pruneOptions({ filters: [] }) },
      runner(),
    )
    expect(report).toEqual({
      warnings: [
        'Neither buildctl nor docker buildx is on PATH: builder-usage and builder-prune did nothing.',
      ],
    })
    expect(renderBuilderReport(report)).toBe(
      '### Builder cache\n\n> :warning: Neither buildctl nor docker buildx is on PATH: builder-usage and builder-prune did nothing.\n',
    )
  })

  it('does not even look for a tool when nothing is asked', async () => {
    await fakeTool('buildctl', buildctl)
    expect(await builderMaintenance({ usage: false }, runner())).toEqual({ warnings: [] })
    expect(await calls()).toEqual([])
  })

  it('reports a failing tool with its error and still does the other half', async () => {
    await fakeTool('buildctl', {
      ...buildctl,
      'prune --format {{json .}}': {
        stderr:
          'error: failed to call prune: rpc error: code = Unavailable desc = connection error: dial unix /run/buildkit/buildkitd.sock: connect: no such file or directory',
        code: 1,
      },
    })
    const report = await builderMaintenance(
      { usage: true, prune: pruneOptions({ filters: [] }) },
      runner(),
    )
    expect(report.prune).toBeUndefined()
    expect(report.usage?.records).toBe(9)
    expect(report.warnings).toEqual([
      'Pruning the builder cache failed: buildctl prune exited with 1: error: failed to call prune: rpc error: code = Unavailable desc = connection error: dial unix /run/buildkit/buildkitd.sock: connect: no such file or directory',
    ])
  })

  it('reports output it cannot read', async () => {
    await fakeTool('buildctl', {
      ...buildctl,
      'du --format {{json .}}': { file: `${RECORDED}du.txt` },
    })
    const report = await builderMaintenance({ usage: true }, runner())
    expect(report.warnings).toEqual([
      expect.stringMatching(
        /^Reading the builder cache usage failed: buildctl du printed something that is not JSON: ID RECLAIMABLE SIZE/,
      ),
    ])
  })

  it('stops a tool that hangs (an unreachable daemon)', async () => {
    await fakeTool('buildctl', { ...buildctl, 'du --format {{json .}}': { sleep: 5 } })
    const started = Date.now()
    const report = await builderMaintenance({ usage: true }, runner(300))
    expect(Date.now() - started).toBeLessThan(4000)
    expect(report.warnings).toEqual([
      'Reading the builder cache usage failed: buildctl du exited with 124: buildctl timed out and was stopped',
    ])
  })
})
