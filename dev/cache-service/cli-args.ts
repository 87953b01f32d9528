import { parseArgs } from 'node:util'
import type { CacheServiceOptions, JobEnvOptions } from './service.js'
import { parseSize as parseSizeText, SIZE_ACCEPTED } from '../../src/units.js'
import { branchRef } from '../../src/refs.js'

export const OUTPUT_FORMATS = ['shell', 'json', 'dotenv'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

export interface CliConfig {
  service: Omit<CacheServiceOptions, 'clock' | 'log'>
  job: JobEnvOptions
  format: OutputFormat
  envFile?: string
  verbose: boolean
  help: boolean
}

export const USAGE = `Usage: npm run cache-service -- [options]

Starts a local GitHub-compatible Actions cache service (cache service v2 and v1, Azurite blob
storage, the REST cache API) on loopback and prints the environment a job would see.
Ctrl-C (SIGINT) or SIGTERM stops it and everything it started.

  --port N                  service port (default: a free port)
  --blob-port N             Azurite's own port (default: a free port; clients never use it)
  --host H                  127.0.0.1 (default), ::1 or localhost
  --repository OWNER/NAME   default octo-org/octo-repo
  --default-branch NAME     default main
  --ref REF                 the job's ref, default refs/heads/<default branch>
  --read-ref REF            a ref the job may also read (repeatable); default: the default branch
  --read-only               the runtime token cannot write (untrusted triggers)
  --protocol v2|v1          v2 (github.com, default) or v1 (GHES)
  --limit SIZE              repository cache limit: bytes or 10GiB, 500MB, ... (default 10GiB)
  --uploads-per-minute N    new-entry rate limit, 0 = off (default 200)
  --downloads-per-minute N  lookup rate limit, 0 = off (default 0)
  --token-ttl SECONDS       runtime token lifetime (default 21600)
  --declared-sizes          record declared sizes instead of stored bytes (simulations)
  --storage-dir DIR         keep blobs on disk under DIR instead of in memory
  --blob-urls loopback|azure-host
                            signed URLs on the service (default) or on
                            devstoreaccount1.blob.core.windows.net through the service as
                            HTTP proxy (the printed environment sets HTTP_PROXY)
  --format shell|json|dotenv  how the environment is printed (default shell: export lines)
  --env-out PATH            also write the environment to PATH as NAME=value lines
  --verbose                 log every request to stderr
  --help                    this text`

/** A usage error: the message names the option, what was wrong, and what is accepted. */
export class CliError extends Error {}

/**
 * Bytes from `123`, `10GiB`, `1.5 GB`: with a unit as the action's own size inputs are read
 * (src/units.ts), and a bare number as bytes, as a command-line option's reader expects (the
 * action refuses it: `prune-target: 90` is likelier to mean 90%).
 */
export function parseSize(option: string, text: string): number {
  const withUnit = /^\d+$/.test(text.trim()) ? `${text.trim()}B` : text
  try {
    return parseSizeText(withUnit)
  } catch (e) {
    const why = (e as Error).message.endsWith('too large')
      ? `${JSON.stringify(text)} is too large`
      : `${JSON.stringify(text)} is not a size; use bytes, or ${SIZE_ACCEPTED}`
    throw new CliError(`${option}: ${why}`)
  }
}

function parseCount(option: string, text: string | undefined, min = 0): number | undefined {
  if (text === undefined) return undefined
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(n) || n < min) {
    throw new CliError(`${option}: ${JSON.stringify(text)} is not a whole number >= ${min}`)
  }
  return n
}

function parseRef(option: string, text: string): string {
  if (!/^refs\/(heads|pull|tags)\/\S+$/.test(text)) {
    throw new CliError(
      `${option}: ${JSON.stringify(text)} is not a full ref; use e.g. refs/heads/main or refs/pull/1/merge`,
    )
  }
  return text
}

export function parseCliArgs(argv: readonly string[]): CliConfig {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'blob-port': { type: 'string' },
        host: { type: 'string' },
        repository: { type: 'string' },
        'default-branch': { type: 'string' },
        ref: { type: 'string' },
        'read-ref': { type: 'string', multiple: true },
        'read-only': { type: 'boolean' },
        protocol: { type: 'string' },
        limit: { type: 'string' },
        'uploads-per-minute': { type: 'string' },
        'downloads-per-minute': { type: 'string' },
        'token-ttl': { type: 'string' },
        'declared-sizes': { type: 'boolean' },
        'storage-dir': { type: 'string' },
        'blob-urls': { type: 'string' },
        format: { type: 'string' },
        'env-out': { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    })
  } catch (e) {
    throw new CliError(`${(e as Error).message}; see --help for the options`)
  }
  const v = parsed.values
  const host = v.host ?? '127.0.0.1'
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
    throw new CliError(
      `--host: ${JSON.stringify(host)} is not loopback; use 127.0.0.1, ::1 or localhost`,
    )
  }
  const protocol = v.protocol ?? 'v2'
  if (protocol !== 'v2' && protocol !== 'v1') {
    throw new CliError(
      `--protocol: ${JSON.stringify(protocol)} is not a protocol; use v2 (github.com) or v1 (GHES)`,
    )
  }
  const format = (v.format ?? 'shell') as OutputFormat
  if (!OUTPUT_FORMATS.includes(format)) {
    throw new CliError(
      `--format: ${JSON.stringify(v.format)} is not a format; use ${OUTPUT_FORMATS.join(', ')}`,
    )
  }
  const blobUrls = v['blob-urls'] ?? 'loopback'
  if (blobUrls !== 'loopback' && blobUrls !== 'azure-host') {
    throw new CliError(
      `--blob-urls: ${JSON.stringify(blobUrls)} is not a URL style; use loopback or azure-host`,
    )
  }
  const repository = v.repository ?? 'octo-org/octo-repo'
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) {
    throw new CliError(`--repository: ${JSON.stringify(repository)} is not OWNER/NAME`)
  }
  const defaultBranch = v['default-branch'] ?? 'main'
  if (defaultBranch.startsWith('refs/') || /\s/.test(defaultBranch) || defaultBranch === '') {
    throw new CliError(
      `--default-branch: ${JSON.stringify(defaultBranch)} is not a branch name; give it without refs/heads/`,
    )
  }
  const port = parseCount('--port', v.port)
  const blobPort = parseCount('--blob-port', v['blob-port'])
  for (const [option, p] of [
    ['--port', port],
    ['--blob-port', blobPort],
  ] as const) {
    if (p !== undefined && p > 65535)
      throw new CliError(`${option}: ${p} is not a port; use 0-65535 (0: a free port)`)
  }
  return {
    service: {
      host,
      port,
      blobPort,
      repository,
      defaultBranch,
      limitBytes: v.limit === undefined ? undefined : parseSize('--limit', v.limit),
      uploadsPerMinute: parseCount('--uploads-per-minute', v['uploads-per-minute']),
      downloadsPerMinute: parseCount('--downloads-per-minute', v['downloads-per-minute']),
      declaredSizes: v['declared-sizes'] ?? false,
      storageDir: v['storage-dir'],
      blobUrls,
    },
    job: {
      ref: parseRef('--ref', v.ref ?? branchRef(defaultBranch)),
      readRefs: v['read-ref']?.map((r) => parseRef('--read-ref', r)),
      write: !(v['read-only'] ?? false),
      protocol,
      ttlSeconds: parseCount('--token-ttl', v['token-ttl'], 1),
    },
    format,
    envFile: v['env-out'],
    verbose: v.verbose ?? false,
    help: v.help ?? false,
  }
}

/** The environment as text: shell `export` lines, one JSON object, or NAME=value lines. */
export function renderEnv(env: Record<string, string>, format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(env)}\n`
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
  return Object.entries(env)
    .map(([k, val]) => (format === 'shell' ? `export ${k}=${quote(val)}` : `${k}=${val}`))
    .join('\n')
    .concat('\n')
}
