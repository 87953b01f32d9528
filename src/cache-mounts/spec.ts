/**
 * Which cache mounts the action carries, from its inputs (docs/cache-mounts.md). Pure: the
 * Dockerfile's text comes in read. `cache-mounts: auto` takes every cache mount of the Dockerfile
 * (dockerfile.ts); lines name them instead, as the options of a `--mount=type=cache` flag
 * (`id=gomod,target=/go/pkg/mod,uid=1000`).
 */
import { UnspellableError, cacheMountFlag } from './commands.js'
import { findCacheMounts } from './dockerfile.js'
import type { MountsInput } from './input.js'
import {
  type MountIdentity,
  MountFlagError,
  identityString,
  mountIdentity,
  parseCacheMount,
} from './identity.js'
import { csvFields } from '../cache-options/csv.js'

export interface MountSelection {
  /** One per identity, in order. */
  identities: MountIdentity[]
  /** The namespace build argument the identities carry. */
  namespace: string
  /** Mounts left out, and why. */
  warnings: string[]
}

/**
 * The mounts of `cache-mounts` lines. Each line holds the options of a cache mount flag; it needs
 * an `id` or a `target` (without an id, BuildKit keys the mount by its target). Throws an error
 * naming the input and the line.
 */
export function mountsFromLines(lines: readonly string[], namespace: string): MountIdentity[] {
  const identities = new Map<string, MountIdentity>()
  lines.forEach((line, i) => {
    const where = `Input "cache-mounts" line ${i + 1} (${JSON.stringify(line)})`
    let fields: string[]
    try {
      fields = csvFields(line)
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`)
    }
    const keys = fields.map((f) => f.slice(0, Math.max(0, f.indexOf('='))).toLowerCase())
    if (keys.some((k) => k === 'type'))
      throw new Error(`${where}: leave out type=; every line is a cache mount`)
    const hasId = keys.includes('id')
    const hasTarget = keys.some((k) => k === 'target' || k === 'dst' || k === 'destination')
    if (!hasId && !hasTarget)
      throw new Error(
        `${where} has neither id= nor target=: name the mount as the Dockerfile does, e.g. id=gomod,target=/go/pkg/mod`,
      )
    try {
      const mount = parseCacheMount(
        ['type=cache', ...(hasTarget ? [] : ['target=/']), line].join(','),
      )!
      const identity = mountIdentity(mount, namespace)
      const problem = unspellable(identity, namespace)
      if (problem) throw new Error(problem)
      identities.set(identityString(identity), identity)
    } catch (error) {
      const reason =
        error instanceof MountFlagError
          ? error.message.replace(/^--mount=[^:]*: /, '')
          : (error as Error).message
      throw new Error(
        `${where}: ${reason}; accepted: id, target, uid, gid, mode (octal), from, and sharing, source, ro (which do not change the cache)`,
      )
    }
  })
  return [...identities.values()]
}

/**
 * The mounts to carry. `dockerfile` is the Dockerfile's text (for `auto`); `buildArgs` the
 * build's arguments (ARGs in ids, and BUILDKIT_CACHE_MOUNT_NS); `file` names it in warnings.
 */
export function selectMounts(
  input: MountsInput,
  buildArgs: ReadonlyMap<string, string>,
  dockerfile?: { text: string; file: string },
): MountSelection {
  const namespace = buildArgs.get('BUILDKIT_CACHE_MOUNT_NS') ?? ''
  if (input.kind === 'none') return { identities: [], namespace, warnings: [] }
  if (input.kind === 'lines')
    return { identities: mountsFromLines(input.lines, namespace), namespace, warnings: [] }
  if (!dockerfile) throw new Error('cache-mounts: auto needs the Dockerfile')
  const found = findCacheMounts(dockerfile.text, buildArgs, dockerfile.file)
  const warnings = [...found.warnings]
  const identities: MountIdentity[] = []
  for (const m of found.mounts) {
    const problem = unspellable(m.identity, namespace)
    if (problem) warnings.push(`${dockerfile.file}:${m.line}: ${problem}: left out`)
    else identities.push(m.identity)
  }
  return { identities, namespace, warnings }
}

/** Why the action's own builds cannot name this mount, if they cannot (commands.ts mountField). */
function unspellable(identity: MountIdentity, namespace: string): string | undefined {
  try {
    cacheMountFlag(identity, namespace, '/cache-mount/0')
    return undefined
  } catch (error) {
    if (error instanceof UnspellableError) return `the cache mount's ${error.message}`
    throw error
  }
}
