/**
 * The builder's own cache (`/var/lib/buildkit` and the like on self-hosted runners): report its usage
 * and prune it with BuildKit's own knobs, through `buildctl` or `docker buildx`, whichever is there.
 * The tool is reached only through the injected {@link Runner}.
 */
import { errorText } from '../runner/log-line.js'
import type { Runner } from './process.js'
import { type PruneOptions, buildctlPruneArgs, buildxPruneArgs } from './prune-options.js'
import {
  type CacheRecord,
  type ParsedRecords,
  parseBuildctlPrune,
  parseBuildctlUsage,
  parseBuildxUsage,
  parseVerboseRecords,
} from './records.js'

export type BuilderTool = 'buildctl' | 'buildx'

/** How many of the largest records the usage report keeps. */
export const LARGEST_RECORDS = 10

export interface BuilderUsage {
  tool: BuilderTool
  records: number
  totalBytes: number
  reclaimableBytes: number
  sharedBytes: number
  /** The largest records, largest first. */
  largest: CacheRecord[]
  approximate: boolean
}

export interface BuilderPruneResult {
  tool: BuilderTool
  /** The command that ran, for the report. */
  command: string
  records: number
  freedBytes: number
  /** The largest records removed, largest first. */
  largest: CacheRecord[]
  approximate: boolean
}

export interface BuilderReport {
  tool?: BuilderTool
  usage?: BuilderUsage
  prune?: BuilderPruneResult
  /** One line each for whatever did not work (a missing tool is said once, here). */
  warnings: string[]
}

/** buildctl first: a runner with a standalone buildkitd has it on purpose; hosted runners have only docker. */
export async function detectBuilderTool(run: Runner): Promise<BuilderTool | undefined> {
  if ((await run('buildctl', ['--version'])).exitCode === 0) return 'buildctl'
  if ((await run('docker', ['buildx', 'version'])).exitCode === 0) return 'buildx'
  return undefined
}

export async function builderUsage(tool: BuilderTool, run: Runner): Promise<BuilderUsage> {
  let parsed: ParsedRecords
  if (tool === 'buildctl') {
    parsed = parseBuildctlUsage(await output(run, 'buildctl', ['du', '--format', '{{json .}}']))
  } else {
    const json = await run('docker', ['buildx', 'du', '--format', 'json'])
    // `--format` arrived in buildx 0.28 (docker/buildx b6baad40); older ones only print text.
    if (json.exitCode !== 0 && /unknown flag: --format/.test(json.stderr)) {
      parsed = parseVerboseRecords(await output(run, 'docker', ['buildx', 'du', '--verbose']))
    } else {
      parsed = parseBuildxUsage(checked(json, 'docker', ['buildx', 'du', '--format', 'json']))
    }
  }
  const { records } = parsed
  // Same sums as the tools' own summary lines.
  const sum = (pick: (r: CacheRecord) => boolean) =>
    records.filter(pick).reduce((n, r) => n + r.size, 0)
  return {
    tool,
    records: records.length,
    totalBytes: sum(() => true),
    reclaimableBytes: sum((r) => r.reclaimable),
    sharedBytes: sum((r) => r.shared === true),
    largest: largest(records),
    approximate: parsed.approximate,
  }
}

export async function builderPrune(
  tool: BuilderTool,
  options: PruneOptions,
  run: Runner,
): Promise<BuilderPruneResult> {
  const [command, args] =
    tool === 'buildctl'
      ? ['buildctl', buildctlPruneArgs(options)]
      : ['docker', buildxPruneArgs(options)]
  const stdout = await output(run, command, args)
  const parsed = tool === 'buildctl' ? parseBuildctlPrune(stdout) : parseVerboseRecords(stdout)
  return {
    tool,
    command: [command, ...args].join(' '),
    records: parsed.records.length,
    freedBytes: parsed.records.reduce((n, r) => n + r.size, 0),
    largest: largest(parsed.records),
    approximate: parsed.approximate,
  }
}

export interface MaintenanceRequest {
  usage: boolean
  /** Undefined: no prune. */
  prune?: PruneOptions
}

/** Detects the tool once, prunes (if asked), then reports usage (if asked) so it shows what is left. */
export async function builderMaintenance(
  request: MaintenanceRequest,
  run: Runner,
): Promise<BuilderReport> {
  const report: BuilderReport = { warnings: [] }
  if (!request.usage && !request.prune) return report
  const tool = await detectBuilderTool(run)
  if (!tool) {
    report.warnings.push(
      'Neither buildctl nor docker buildx is on PATH: builder-usage and builder-prune did nothing.',
    )
    return report
  }
  report.tool = tool
  if (request.prune) {
    try {
      report.prune = await builderPrune(tool, request.prune, run)
    } catch (error) {
      report.warnings.push(`Pruning the builder cache failed: ${errorText(error)}`)
    }
  }
  if (request.usage) {
    try {
      report.usage = await builderUsage(tool, run)
    } catch (error) {
      report.warnings.push(`Reading the builder cache usage failed: ${errorText(error)}`)
    }
  }
  return report
}

function largest(records: CacheRecord[]): CacheRecord[] {
  return [...records]
    .sort((a, b) => b.size - a.size || a.id.localeCompare(b.id))
    .slice(0, LARGEST_RECORDS)
}

async function output(run: Runner, command: string, args: string[]): Promise<string> {
  return checked(await run(command, args), command, args)
}

function checked(result: Awaited<ReturnType<Runner>>, command: string, args: string[]): string {
  if (result.exitCode === 0) return result.stdout
  const detail = result.stderr.trim().split('\n').slice(-3).join(' / ') || 'no error output'
  throw new Error(
    `${command} ${args.slice(0, command === 'docker' ? 2 : 1).join(' ')} exited with ${result.exitCode}: ${detail}`,
  )
}
