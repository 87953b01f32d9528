/**
 * How a pruning run is connected to GitHub: the REST client for listing and deleting, the cache
 * service for reading indexes and saving markers, as far as the job's runtime and GitHub's
 * `cache-mode` allow. The `prune` entry point, the post step and the benchmarks all prune through
 * this one wiring, so what the benchmarks measure is what the action runs.
 */
import { createCacheServiceClient } from '../cache-service/client.js'
import { entrySaver } from '../cache-service/writer.js'
import { createGitHubClient, type GitHubClient } from '../github/client.js'
import type { OctokitSettings } from '../github/octokit.js'
import type { Protocol } from '../runtime.js'
import { MARKER_VERSION } from './marker.js'
import type { Log, PruneDeps } from './pruner.js'

export interface PruneWiring {
  /** The REST API: token, base URL, `owner/name`, and how writes are paced. */
  github: OctokitSettings & { repository: string }
  /** The job's cache-service credentials; undefined without a runtime (indexes count as failed reads). */
  credentials?: { protocol: Protocol; url: string; token: string }
  /** What GitHub's `cache-mode` (ACTIONS_CACHE_MODE) lets the job do with the cache. */
  cacheMode: { name: string; read: boolean; write: boolean }
  clock: () => number
  log: Log
}

/** The dependencies of runPrune for this job, and the REST client they use. */
export function wirePrune(w: PruneWiring): { deps: PruneDeps; github: GitHubClient } {
  const github = createGitHubClient({ ...w.github, clock: w.clock })
  const { credentials, cacheMode } = w
  // Index reads need `read` or `write`; markers and budget notes need `write`.
  const noIndexSource = !credentials
    ? 'the cache service runtime is not available'
    : !cacheMode.read
      ? `cache-mode is ${cacheMode.name} (ACTIONS_CACHE_MODE): this job may not read the cache (give the job cache-mode: read or write)`
      : undefined
  const deps: PruneDeps = {
    api: github,
    ...(credentials && cacheMode.read
      ? { indexSource: createCacheServiceClient(credentials) }
      : {}),
    ...(credentials && cacheMode.write
      ? { saveMarker: entrySaver(credentials, MARKER_VERSION) }
      : {}),
    ...(noIndexSource ? { noIndexSource } : {}),
    clock: w.clock,
    log: w.log,
  }
  return { deps, github }
}
