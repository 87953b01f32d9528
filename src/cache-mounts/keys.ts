/**
 * Keys of the Actions cache entries that carry cache mounts. Pure.
 *
 * Layout: `buildkit-cache-action-mount-<scope>@<mount>#<commit>-<run id>-<attempt>-<save time>`,
 * the `type=local` layout (src/local/keys.ts) under a prefix of its own: `<mount>` is the first 16
 * hex digits of the SHA-256 of the mount's identity, never the id itself (ids hold `/`, `,`,
 * spaces, `..`). One series of generations per mount and scope, rotated as `type=local`'s.
 */
import { createHash } from 'node:crypto'
import { identityString, type MountIdentity } from './identity.js'

/** Every key this action saves for a cache mount starts with this. */
export const MOUNT_KEY_PREFIX = 'buildkit-cache-action-mount-'

/** 16 hex digits that name a mount's identity in keys and file names. */
export function mountHash(identity: MountIdentity): string {
  return createHash('sha256').update(identityString(identity)).digest('hex').slice(0, 16)
}

/** The scope of one mount's series (keys.ts scopeKeyPrefix with MOUNT_KEY_PREFIX). */
export function mountScope(scope: string, identity: MountIdentity): string {
  return `${scope}@${mountHash(identity)}`
}

/** The mount as people read it: its id (after the namespace) and what else makes it another cache. */
export function mountLabel(identity: MountIdentity, namespace: string): string {
  const id = identity.key.startsWith(`${namespace}/`)
    ? identity.key.slice(namespace.length + 1)
    : identity.key
  const extra = [
    ...(namespace ? [`namespace ${namespace}`] : []),
    ...(identity.base
      ? [
          `uid ${identity.base.uid}, gid ${identity.base.gid}, mode 0${identity.base.mode.toString(8)}`,
        ]
      : []),
    ...(identity.from !== undefined ? [`from ${identity.from}`] : []),
  ]
  return extra.length > 0 ? `${id} (${extra.join('; ')})` : id
}
