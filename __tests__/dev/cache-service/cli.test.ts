import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from '@jest/globals'

/**
 * The CLI as a user runs it (the command `npm run cache-service` runs, read from package.json):
 * it prints the job environment, serves until a signal, and leaves no process behind. Each run
 * gets its own process group, so "nothing left" can be checked for the whole group, the way a
 * terminal's Ctrl-C signals it. The script runs node with tsx's loader rather than the `tsx`
 * binary: that binary relays a signal to its child and, when the child does not acknowledge it
 * within 30 ms (a loaded machine), kills it and exits 128+signal.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const SCRIPT = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
  }
).scripts['cache-service']!.split(' ')
const scratch = mkdtempSync(join(tmpdir(), 'cache-service-cli-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface Run {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exited: Promise<number | null>
}

function run(args: string[]): Run {
  const [command, ...scriptArgs] = SCRIPT
  const child = spawn(command === 'node' ? process.execPath : command!, [...scriptArgs, ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (err += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, stdout: () => out, stderr: () => err, exited }
}

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

describe('npm run cache-service', () => {
  it.each([['SIGTERM'], ['SIGINT']] as const)(
    'prints a working job environment and stops cleanly on %s, leaving no process behind',
    async (signal) => {
      const envFile = join(scratch, `${signal}.env`)
      const r = run([
        '--format',
        'json',
        '--ref',
        'refs/pull/3/merge',
        '--read-ref',
        'refs/heads/main',
        '--env-out',
        envFile,
      ])
      try {
        await until(() => r.stdout().includes('\n'), 'the environment on stdout')
        const env = JSON.parse(r.stdout()) as Record<string, string>
        expect(Object.keys(env)).toEqual(
          expect.arrayContaining([
            'ACTIONS_RESULTS_URL',
            'ACTIONS_CACHE_URL',
            'ACTIONS_CACHE_SERVICE_V2',
            'ACTIONS_RUNTIME_TOKEN',
            'GITHUB_API_URL',
            'GITHUB_TOKEN',
            'GITHUB_REPOSITORY',
          ]),
        )
        expect(env.GITHUB_REF).toBe('refs/pull/3/merge')
        const ac = JSON.parse(
          JSON.parse(Buffer.from(env.ACTIONS_RUNTIME_TOKEN!.split('.')[1]!, 'base64url').toString())
            .ac,
        )
        expect(ac).toEqual([
          { Scope: 'refs/pull/3/merge', Permission: 3 },
          { Scope: 'refs/heads/main', Permission: 1 },
        ])
        expect(readFileSync(envFile, 'utf8')).toContain(
          `ACTIONS_RUNTIME_TOKEN=${env.ACTIONS_RUNTIME_TOKEN}\n`,
        )
        expect(statSync(envFile).mode & 0o777).toBe(0o600)

        // The printed environment works: a lookup with the token, a listing with GITHUB_TOKEN.
        const lookup = await fetch(
          new URL(
            'twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL',
            env.ACTIONS_RESULTS_URL,
          ),
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${env.ACTIONS_RUNTIME_TOKEN}`,
            },
            body: JSON.stringify({ key: 'k', version: 'v' }),
          },
        )
        expect([lookup.status, await lookup.json()]).toEqual([200, { ok: false }])
        const listing = await fetch(
          `${env.GITHUB_API_URL}/repos/${env.GITHUB_REPOSITORY}/actions/caches`,
          {
            headers: { authorization: `Bearer ${env.GITHUB_TOKEN}` },
          },
        )
        expect(await listing.json()).toEqual({ total_count: 0, actions_caches: [] })
      } finally {
        if (groupAlive(r.child.pid!)) process.kill(-r.child.pid!, signal)
      }
      expect(await r.exited).toBe(0)
      expect(r.stderr()).toContain(`cache-service: ${signal}, stopping`)
      expect(r.stderr()).toContain('cache-service: stopped')
      await until(() => !groupAlive(r.child.pid!), 'the process group to be empty', 5_000)
      const url = (JSON.parse(r.stdout()) as Record<string, string>).ACTIONS_RESULTS_URL!
      await expect(fetch(url)).rejects.toThrow()
    },
    60_000,
  )

  it.each([
    [['--port', 'x'], '--port: "x" is not a whole number >= 0'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])(
    '%j exits 2 with a message that names the option',
    async (args, message) => {
      const r = run(args)
      expect(await r.exited).toBe(2)
      expect(r.stderr()).toContain(message)
      expect(r.stdout()).toBe('')
    },
    30_000,
  )

  it('--help prints the options and exits 0', async () => {
    const r = run(['--help'])
    expect(await r.exited).toBe(0)
    expect(r.stdout()).toContain('--read-ref REF')
  }, 30_000)
})
