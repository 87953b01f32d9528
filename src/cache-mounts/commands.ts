/**
 * The throwaway builds that carry cache mounts in and out of a builder, rendered as text and
 * argument lists (no shell). Pure. The recipe is the one recorded with real BuildKit v0.24.0 and
 * v0.32.2 through buildctl and `docker buildx build` (docs/cache-mounts.md):
 *
 * - each mount travels as one tar made and unpacked inside the builder, by a utility image with
 *   `sh` and `tar` (owners, modes, links and special files survive; the runner never unpacks it);
 * - the action's own `--mount=type=cache` copies the options that make the identity (id, uid,
 *   gid, mode, from, and the namespace build argument), with a target of its own and
 *   `sharing=locked`;
 * - a changing `CACHE_BUST` build argument makes the builds run; never `--no-cache`, which empties
 *   the mounts;
 * - inject writes only into an empty mount (a persistent builder keeps what it has); extract of a
 *   mount that does not exist yet gives a tar of an empty folder.
 */
import type { MountIdentity } from './identity.js'

/** Where the builds run: a buildx builder by name, or a BuildKit daemon through buildctl. */
export type BuilderTarget =
  { client: 'buildx'; builder?: string } | { client: 'buildctl'; addr?: string }

/** A mount the builds carry, and the file its tar has in the build context or output. */
export interface CarriedMount {
  identity: MountIdentity
  /** `<n>.tar`: a name of the action's choosing, never the id (ids hold `/`, `,`, spaces). */
  file: string
}

/** Where each mount sits inside the action's own builds. */
const MOUNT_ROOT = '/cache-mount'
const SOURCE = '/cache-src'
const OUT = '/cache-out'

/** An id or image this code cannot spell in a Dockerfile so that the frontend reads it back. */
export class UnspellableError extends Error {
  constructor(readonly value: string) {
    super(
      `${JSON.stringify(value)} holds a double quote, a line break or a control character: no spelling in a Dockerfile's --mount flag gives it back`,
    )
    this.name = 'UnspellableError'
  }
}

/**
 * One `key=value` field of a `--mount` flag, spelled so that the frontend reads `value` back:
 * escaped for the word processing of each value (`\`, `$`, quotes), CSV-quoted when it holds a
 * comma, then escaped for the first reading of the flag as a word (`\`, quotes, blanks).
 */
export function mountField(key: string, value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/["\u0000-\u001f\u007f]/.test(value)) throw new UnspellableError(value)
  const word = value.replace(/[\\$']/g, '\\$&')
  const field = /[,"]/.test(word) ? `"${key}=${word}"` : `${key}=${word}`
  return field.replace(/[\\"'\s]/g, '\\$&')
}

/** The options that make the identity, as a `--mount=type=cache,…` flag with our target. */
export function cacheMountFlag(identity: MountIdentity, namespace: string, target: string): string {
  if (!identity.key.startsWith(`${namespace}/`))
    throw new Error(`the mount key ${identity.key} is not in the namespace "${namespace}"`)
  const fields = [
    'type=cache',
    mountField('id', identity.key.slice(namespace.length + 1)),
    `target=${target}`,
    'sharing=locked',
  ]
  if (identity.base) {
    const { uid, gid, mode } = identity.base
    fields.push(`uid=${uid}`, `gid=${gid}`, `mode=0${mode.toString(8)}`)
  }
  if (identity.from !== undefined) fields.push(mountField('from', identity.from))
  return `--mount=${fields.join(',')}`
}

const targetOf = (i: number) => `${MOUNT_ROOT}/${i}`

const run = (flags: string[], script: string[]) =>
  `RUN ${[...flags, script.join(' && ')].join(' \\\n    ')}\n`

/**
 * The inject Dockerfile: the `cache-src` context holds each mount's tar, unpacked into the mount
 * only when the mount is empty.
 */
export function injectDockerfile(
  mounts: readonly CarriedMount[],
  namespace: string,
  image: string,
): string {
  const flags = mounts.map((m, i) => cacheMountFlag(m.identity, namespace, targetOf(i)))
  flags.push(`--mount=type=bind,from=cache-src,target=${SOURCE}`)
  const script = mounts.map(
    (m, i) =>
      `if [ -z "$(ls -A ${targetOf(i)})" ]; then tar -C ${targetOf(i)} -xpf ${SOURCE}/${m.file}; fi`,
  )
  return `FROM ${image}\nARG CACHE_BUST\n${run(flags, script)}`
}

/** The extract Dockerfile: each mount tarred inside the builder; the output holds the tars alone. */
export function extractDockerfile(
  mounts: readonly CarriedMount[],
  namespace: string,
  image: string,
): string {
  const flags = mounts.map((m, i) => cacheMountFlag(m.identity, namespace, targetOf(i)))
  const script = [
    `mkdir ${OUT}`,
    ...mounts.map((m, i) => `tar -C ${targetOf(i)} -cf ${OUT}/${m.file} .`),
  ]
  const files = mounts.map((m) => `${OUT}/${m.file}`).join(' ')
  return `FROM ${image} AS copy\nARG CACHE_BUST\n${run(flags, script)}\nFROM scratch\nCOPY --from=copy ${files} /\n`
}

export interface BuildPaths {
  /** A folder holding only the Dockerfile (the context too). */
  dockerfileDir: string
  /** Inject: the folder with the tars. */
  source?: string
  /** Extract: where the output's tars go. */
  output?: string
}

/** The command line (program and arguments) of one throwaway build. */
export function buildCommand(
  target: BuilderTarget,
  kind: 'inject' | 'extract',
  paths: BuildPaths,
  cacheBust: string,
  namespace: string,
): { program: string; args: string[] } {
  const need = (value: string | undefined, what: string) => {
    if (value === undefined) throw new Error(`an ${kind} build needs ${what}`)
    return value
  }
  const dir = paths.dockerfileDir
  if (target.client === 'buildctl') {
    const args = [
      ...(target.addr === undefined ? [] : ['--addr', target.addr]),
      'build',
      '--frontend',
      'dockerfile.v0',
      '--local',
      `context=${dir}`,
      '--local',
      `dockerfile=${dir}`,
    ]
    if (kind === 'inject')
      args.push(
        '--local',
        `cache-src=${need(paths.source, 'the tars')}`,
        '--opt',
        'context:cache-src=local:cache-src',
      )
    args.push('--opt', `build-arg:CACHE_BUST=${cacheBust}`)
    if (namespace !== '') args.push('--opt', `build-arg:BUILDKIT_CACHE_MOUNT_NS=${namespace}`)
    if (kind === 'extract')
      args.push('--output', `type=local,dest=${need(paths.output, 'an output folder')}`)
    return { program: 'buildctl', args }
  }
  const args = [
    'buildx',
    'build',
    ...(target.builder === undefined ? [] : ['--builder', target.builder]),
    '-f',
    `${dir}/Dockerfile`,
  ]
  if (kind === 'inject') args.push('--build-context', `cache-src=${need(paths.source, 'the tars')}`)
  args.push('--build-arg', `CACHE_BUST=${cacheBust}`)
  if (namespace !== '') args.push('--build-arg', `BUILDKIT_CACHE_MOUNT_NS=${namespace}`)
  args.push(
    '--output',
    kind === 'inject'
      ? 'type=cacheonly'
      : `type=local,dest=${need(paths.output, 'an output folder')}`,
    dir,
  )
  return { program: 'docker', args }
}
