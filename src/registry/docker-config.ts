/**
 * Registry credentials from the Docker client's config, where `docker/login-action` and
 * `docker login` leave them: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. Only
 * `auths` entries with a user name and password (`auth`, base64 of `user:password`, or
 * `username`/`password`) are read; a credential helper's store is not.
 */
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

export interface BasicCredentials {
  readonly username: string
  readonly password: string
}

export interface RegistryCredentials {
  readonly basic?: BasicCredentials
  /** Set when the config names a credential helper for the host: what the log should say. */
  readonly helper?: string
}

/** Docker Hub's names: what `docker login` stores for docker.io. */
const DOCKER_HUB = ['docker.io', 'index.docker.io', 'registry-1.docker.io']

/** `https://ghcr.io/v1/`, `ghcr.io` → `ghcr.io`; Docker Hub's names → `docker.io`. */
function hostOf(key: string): string {
  const host = key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase()
  return DOCKER_HUB.includes(host) ? 'docker.io' : host
}

/** What the config holds for `host`. Pure. */
export function credentialsFor(config: unknown, host: string): RegistryCredentials {
  if (typeof config !== 'object' || config === null) return {}
  const c = config as {
    auths?: Record<string, { auth?: unknown; username?: unknown; password?: unknown }>
    credHelpers?: Record<string, unknown>
    credsStore?: unknown
  }
  const wanted = hostOf(host)
  for (const [key, entry] of Object.entries(c.auths ?? {})) {
    if (hostOf(key) !== wanted || typeof entry !== 'object' || entry === null) continue
    if (typeof entry.auth === 'string' && entry.auth !== '') {
      const text = Buffer.from(entry.auth, 'base64').toString('utf8')
      const colon = text.indexOf(':')
      if (colon > 0)
        return { basic: { username: text.slice(0, colon), password: text.slice(colon + 1) } }
    }
    if (typeof entry.username === 'string' && typeof entry.password === 'string') {
      return { basic: { username: entry.username, password: entry.password } }
    }
  }
  const helper = Object.entries(c.credHelpers ?? {}).find(([key]) => hostOf(key) === wanted)?.[1]
  if (typeof helper === 'string') return { helper }
  if (typeof c.credsStore === 'string' && c.credsStore !== '') return { helper: c.credsStore }
  return {}
}

/** The config file the Docker client reads in this environment. */
export function dockerConfigPath(env: Readonly<Record<string, string | undefined>>): string {
  return join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json')
}

/** The parsed config, or undefined when there is none; a config that is not JSON throws. */
export async function readDockerConfig(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new Error(`${path} is not JSON: ${(error as Error).message}`)
  }
}
