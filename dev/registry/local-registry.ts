/**
 * A real OCI distribution registry on loopback, for the tests and the demo: Debian's
 * `docker-registry` (Distribution 2.8, `apt-get install docker-registry`) in a temporary
 * directory, deletes enabled unless told otherwise, htpasswd (basic) auth when given users; and
 * pushing small BuildKit-style cache manifests to it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import bcrypt from 'bcryptjs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'

/** The registry binary, or undefined when it is not installed. */
export function registryBinary(): string | undefined {
  for (const name of ['docker-registry', 'registry']) {
    try {
      const path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim()
      if (path) return path
    } catch {
      // not this one
    }
  }
  return undefined
}

export interface LocalRegistry {
  /** `127.0.0.1:<port>`, as an image reference names it. */
  readonly host: string
  readonly url: string
  stop(): Promise<void>
}

export interface RegistryOptions {
  /** Default true. */
  deletes?: boolean
  /** htpasswd users; none means no auth at all. */
  users?: ReadonlyArray<{ username: string; password: string }>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
  })
}

export async function startRegistry(o: RegistryOptions = {}): Promise<LocalRegistry> {
  const binary = registryBinary()
  if (!binary) throw new Error('docker-registry is not installed')
  const dir = mkdtempSync(join(tmpdir(), 'registry-'))
  const port = await freePort()
  const auth = o.users?.length
    ? (() => {
        const file = join(dir, 'htpasswd')
        writeFileSync(
          file,
          o.users.map((u) => `${u.username}:${bcrypt.hashSync(u.password, 4)}`).join('\n') + '\n',
        )
        return `auth:\n  htpasswd:\n    realm: test-registry\n    path: ${file}\n`
      })()
    : ''
  const config = join(dir, 'config.yml')
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      `    enabled: ${o.deletes ?? true}`,
      'http:',
      `  addr: 127.0.0.1:${port}`,
      auth,
    ].join('\n'),
  )
  const child: ChildProcess = spawn(binary, ['serve', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) {
      rmSync(dir, { recursive: true, force: true })
      throw new Error(`docker-registry exited: ${stderr}`)
    }
    try {
      const res = await fetch(`${url}/v2/`)
      await res.body?.cancel()
      if (res.status === 200 || res.status === 401) break
    } catch {
      // not listening yet
    }
    if (i > 200) throw new Error(`docker-registry did not start: ${stderr}`)
    await new Promise((r) => setTimeout(r, 25))
  }
  return {
    host: `127.0.0.1:${port}`,
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

type User = { username: string; password: string }

/** The Authorization header of htpasswd's basic auth, or none. */
const basicAuth = (user?: User): Record<string, string> =>
  user
    ? {
        authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`,
      }
    : {}

const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

async function pushBlob(
  base: string,
  repo: string,
  bytes: Buffer,
  headers: Record<string, string>,
) {
  const digest = digestOf(bytes)
  const start = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers })
  await start.body?.cancel()
  if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status}`)
  const location = new URL(start.headers.get('location')!, base)
  location.searchParams.set('digest', digest)
  const put = await fetch(location, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: bytes,
  })
  await put.body?.cancel()
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status}`)
  return { digest, size: bytes.length }
}

/**
 * Pushes a small BuildKit-style cache manifest (an OCI image manifest whose config is a cache
 * config and whose one layer holds `content`) under `tag`; returns its digest. The same content
 * gives the same bytes, hence the same digest, under any tag.
 */
export async function pushCacheManifest(
  registry: LocalRegistry,
  repo: string,
  tag: string,
  content: string,
  user?: User,
): Promise<string> {
  const headers = basicAuth(user)
  const config = await pushBlob(
    registry.url,
    repo,
    Buffer.from('{"layers":[],"records":[]}'),
    headers,
  )
  const layer = await pushBlob(registry.url, repo, Buffer.from(content), headers)
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.buildkit.cacheconfig.v0', ...config },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
    }),
  )
  const res = await fetch(`${registry.url}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: manifest,
  })
  const text = await res.text()
  if (res.status !== 201) throw new Error(`manifest push: HTTP ${res.status} ${text}`)
  return digestOf(manifest)
}

/** The registry's tags of `repo` as the distribution API lists them. */
export async function tagsOf(
  registry: LocalRegistry,
  repo: string,
  user?: User,
): Promise<string[]> {
  const headers = basicAuth(user)
  const res = await fetch(`${registry.url}/v2/${repo}/tags/list`, { headers })
  if (res.status === 404) return []
  const body = (await res.json()) as { tags?: string[] | null }
  return [...(body.tags ?? [])].sort()
}
