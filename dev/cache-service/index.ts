/**
 * A local service that behaves like GitHub's Actions cache: cache service v2 (Twirp) and v1
 * (`_apis/artifactcache`), Azurite blob storage behind signed URLs, the REST cache API, and
 * GitHub's rules (scopes, immutability, lookup order, limits, eviction). See README.md.
 */
export { type Clock, ManualClock, systemClock } from './clock.js'
export { ENDPOINTS, type Endpoint } from './endpoints.js'
export type { ExpiredUrlFault, FaultRule, PageFault } from './faults.js'
export type { PullRequest } from './service-state.js'
export {
  type CacheServiceOptions,
  DAY_MS,
  DEFAULT_LIMIT_BYTES,
  HOUR_MS,
  type JobEnvOptions,
  type RunningCacheService,
  type RuntimeTokenOptions,
  type SeedEntry,
  type ServiceFaults,
  startCacheService,
} from './service.js'
export type { StoredEntry, EvictionReport } from './store.js'
export { Flood, FLOOD_ID_BASE, type FloodSpec } from './flood.js'
export { type CacheScope, PERMISSION_READ, PERMISSION_WRITE } from './token.js'

/** The version BuildKit's gha backend sends with every key: sha256("|go-actionscache-1.0"). */
export const BUILDKIT_CACHE_VERSION =
  '693bb7016429d80366022f036f84856888c9f13e00145f5f6f4dce303a38d6f2'
