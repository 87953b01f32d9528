/**
 * The cache-mount inputs as text: `cache-mounts` (empty, `auto` or lines), the image's default and
 * `cache-mount-build-args`. Pure and light: every main step reads them (src/inputs.ts), so nothing
 * here loads the Dockerfile reader; spec.ts turns them into mounts when they ask for any.
 */

/** The image the throwaway builds run in (`cache-mount-image`): it needs `sh`, `ls` and `tar`. */
export const DEFAULT_MOUNT_IMAGE = 'docker.io/library/busybox:1.37'

/** What `cache-mounts` asks for: nothing, every mount of the Dockerfile, or the listed ones. */
export type MountsInput = { kind: 'none' } | { kind: 'auto' } | { kind: 'lines'; lines: string[] }

/** `cache-mounts`: empty, `auto`, or one mount per line (`#` starts a comment line). */
export function readMountsInput(value: string): MountsInput {
  const lines = value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
  if (lines.length === 0) return { kind: 'none' }
  if (lines.length === 1 && lines[0]!.toLowerCase() === 'auto') return { kind: 'auto' }
  return { kind: 'lines', lines }
}

/** `cache-mount-build-args`: `NAME=value` lines, as docker/build-push-action's `build-args`. */
export function readBuildArgs(value: string): Map<string, string> {
  const args = new Map<string, string>()
  value.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return
    const eq = line.indexOf('=')
    const name = eq < 0 ? line.trim() : line.slice(0, eq).trim()
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new Error(
        `Input "cache-mount-build-args" line ${i + 1} does not start with a build argument name (letters, digits, _); expected NAME=value lines`,
      )
    if (eq < 0)
      throw new Error(
        `Input "cache-mount-build-args" line ${i + 1}: ${name} has no =value; expected NAME=value lines`,
      )
    args.set(name, line.slice(eq + 1))
  })
  return args
}
