/**
 * The recording fake builder (fake-builder.mjs) from the outside: where it keeps a mount, and how
 * to put it on PATH. What a build would write into a cache mount, tests and the demo write there.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { cacheMountFlag } from '../../src/cache-mounts/commands.js'
import type { MountIdentity } from '../../src/cache-mounts/identity.js'

const SCRIPT = new URL('./fake-builder.mjs', import.meta.url).pathname

/** A folder with `buildctl` and `docker` that are the fake: put it first on PATH. */
export function fakeBuilderBin(dir: string): string {
  mkdirSync(dir, { recursive: true })
  symlinkSync(SCRIPT, join(dir, 'buildctl'))
  symlinkSync(SCRIPT, join(dir, 'docker'))
  return dir
}

/**
 * The folder of `builderDir` (FAKE_BUILDER_DIR) that holds a mount: keyed, as the fake keys it, by
 * the action's flag for the mount without its target and sharing.
 */
export function fakeMountDir(builderDir: string, identity: MountIdentity, namespace = ''): string {
  const flag = cacheMountFlag(identity, namespace, '/cache-mount/0')
  const m = /^--mount=(type=cache,.*),target=\/cache-mount\/0,sharing=locked(.*)$/.exec(flag)
  if (!m) throw new Error(`unexpected flag ${flag}`)
  const key = createHash('sha256')
    .update(m[1]! + m[2]!)
    .digest('hex')
    .slice(0, 16)
  return join(builderDir, 'mounts', key)
}
