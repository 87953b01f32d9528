/**
 * The real OCI distribution registry for tests (dev/registry/local-registry.ts). `.ci/run`
 * installs Debian's docker-registry and sets BUILDKIT_CACHE_TEST_REGISTRY=required, so there a
 * missing binary fails the suite instead of skipping it.
 */
import { describe } from '@jest/globals'
import { registryBinary } from '../../dev/registry/local-registry.js'

export {
  type LocalRegistry,
  pushCacheManifest,
  registryBinary,
  startRegistry,
  tagsOf,
} from '../../dev/registry/local-registry.js'

const REGISTRY_REQUIRED = process.env.BUILDKIT_CACHE_TEST_REGISTRY === 'required'

/**
 * `describe` for suites that need the registry; without it installed (and not required), the
 * suite is skipped and says why.
 */
export function describeWithRegistry(name: string, suite: () => void): void {
  if (registryBinary()) {
    describe(name, suite)
    return
  }
  if (REGISTRY_REQUIRED) {
    throw new Error(
      'BUILDKIT_CACHE_TEST_REGISTRY=required but docker-registry is not installed (apt-get install docker-registry)',
    )
  }
  describe.skip(
    `${name} (docker-registry is not installed: apt-get install docker-registry)`,
    suite,
  )
}
