/** Whether a gha export lists its layers instead of looking them up (pure). */
import type { CacheSpec } from './model.js'

/**
 * Whether a gha export carries `ghtoken`: BuildKit then lists the blob keys through the REST API
 * instead of looking each layer up (docs/buildkit-gha-format.md §3), so its layers' last use says
 * nothing about which index references them.
 */
export function exportUsesKeyMap(exports: readonly CacheSpec[]): boolean {
  return exports.some(
    (spec) => spec.type === 'gha' && spec.attrs.some(([key, value]) => key === 'ghtoken' && value),
  )
}
