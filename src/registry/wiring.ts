/**
 * Which client serves a cache repository: GitHub's Packages API for ghcr.io, the distribution
 * API (with the Docker config's credentials) for every other registry.
 */
import type { ImageRef } from '../cache-options/image-ref.js'
import type { GitHubOctokit } from '../github/octokit.js'
import { credentialsFor, dockerConfigPath, readDockerConfig } from './docker-config.js'
import { createDistributionRegistry } from './distribution.js'
import { GHCR, createPackagesRegistry } from './packages.js'
import type { CacheRegistry } from './registry.js'

/** `ghcr.io/o/app` → host `ghcr.io`, path `o/app`; a name without a host is Docker Hub's. */
export function hostAndPath(image: ImageRef): { host: string; path: string } {
  const [first, ...rest] = image.name.split('/')
  if (rest.length > 0 && (/[.:]/.test(first!) || first === 'localhost')) {
    return { host: first!, path: rest.join('/') }
  }
  return { host: 'docker.io', path: image.name }
}

export interface RegistryWiring {
  /** The REST client for ghcr.io's Packages API (github-token). */
  octokit(): GitHubOctokit
  env: Readonly<Record<string, string | undefined>>
  /** Called with each password read from the Docker config, before anything is logged. */
  maskSecret(value: string): void
  log: { info(line: string): void }
  /** Tests: a scaled retry back-off for the distribution client. */
  delayScale?: number
}

export async function connectRegistry(image: ImageRef, w: RegistryWiring): Promise<CacheRegistry> {
  const { host, path } = hostAndPath(image)
  if (host === GHCR) {
    const [owner, ...name] = path.split('/')
    if (name.length === 0) {
      throw new Error(
        `${image.name} names no package: ghcr.io cache repositories are ghcr.io/<owner>/<package>`,
      )
    }
    return createPackagesRegistry(w.octokit(), { owner: owner!, packageName: name.join('/') })
  }
  const configPath = dockerConfigPath(w.env)
  const found = credentialsFor(await readDockerConfig(configPath), host)
  if (found.basic) {
    w.maskSecret(found.basic.password)
    w.log.info(`${host}: credentials of ${found.basic.username} from ${configPath}`)
  } else if (found.helper) {
    w.log.info(
      `${host}: ${configPath} names the credential helper "${found.helper}", which this action does not run; going on without credentials`,
    )
  }
  return createDistributionRegistry({
    host,
    repository: path,
    ...(found.basic ? { credentials: found.basic } : {}),
    maskSecret: w.maskSecret,
    ...(w.delayScale !== undefined ? { delayScale: w.delayScale } : {}),
  })
}
