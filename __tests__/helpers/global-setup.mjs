/**
 * Jest's global setup: says once per run, whatever the reporter, when the registry suites
 * (describeWithRegistry in registry.ts) will be skipped, so a green run without Debian's
 * docker-registry does not pass for one that ran them.
 */
import { execFileSync } from 'node:child_process'

export default function globalSetup() {
  const found = ['docker-registry', 'registry'].some((name) => {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() !== ''
    } catch {
      return false
    }
  })
  if (!found && process.env.BUILDKIT_CACHE_TEST_REGISTRY !== 'required') {
    process.stderr.write(
      '\nThe registry suites are skipped: docker-registry is not installed (apt-get install docker-registry).\n',
    )
  }
}
