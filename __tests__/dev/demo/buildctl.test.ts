/**
 * The demo's real-BuildKit path without a daemon: a recording `buildctl` placed first on PATH
 * receives what `npm run demo` would send a real one (dev/demo/demo.ts buildWithBuildctl).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from '@jest/globals'
import { buildWithBuildctl, buildctlAvailable } from '../../../dev/demo/demo.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const bin = mkdtempSync(join(tmpdir(), 'recording-buildctl-'))
const record = join(bin, 'args.txt')
afterAll(() => rmSync(bin, { recursive: true, force: true }))

// Answers --version; otherwise writes each argument on a line of its own (NUL-free) and says so.
writeFileSync(
  join(bin, 'buildctl'),
  `#!/bin/sh
if [ "$1" = "--version" ]; then echo "buildctl github.com/moby/buildkit v0.24.0"; exit 0; fi
if [ -n "$FAIL" ]; then echo "failed to solve" >&2; exit 1; fi
for a in "$@"; do printf '%s\\n' "$a"; done > "${record}"
for a in "$@"; do case "$a" in context=*) ctx="\${a#context=}";; esac; done
cat "$ctx/app.txt" > "${record}.app"
sha256sum < "$ctx/deps.bin" | cut -c1-64 > "${record}.deps"
echo "#1 exporting cache to GitHub Actions Cache done"
`,
)
chmodSync(join(bin, 'buildctl'), 0o755)
const env = (extra: Record<string, string> = {}) => ({
  PATH: `${bin}:${process.env.PATH ?? ''}`,
  BUILDKIT_HOST: 'tcp://127.0.0.1:1234',
  ...extra,
})

describe('the demo with buildctl', () => {
  it('uses buildctl only when BUILDKIT_HOST names a daemon and buildctl runs', () => {
    expect(buildctlAvailable(env())).toBe(true)
    expect(buildctlAvailable({ PATH: env().PATH })).toBe(false)
    expect(buildctlAvailable({ PATH: '/nonexistent', BUILDKIT_HOST: 'tcp://x' })).toBe(false)
  })

  it('sends build with the demo context and one --import-cache/--export-cache per rendered spec', async () => {
    const outputs = {
      'cache-from': 'type=gha,scope=web\n"type=gha,scope=""a,b"""\n',
      'cache-to': 'type=gha,scope=web,mode=max,ignore-error=true',
    }
    const lines: string[] = []
    await buildWithBuildctl({ deps: 1, commit: 'c1' }, outputs, root, env(), (l) => lines.push(l))
    const args = readFileSync(record, 'utf8').trimEnd().split('\n')
    const app = join(root, 'dev/demo/app')
    const context = args[4].slice('context='.length)
    expect(args).toEqual([
      'build',
      '--frontend',
      'dockerfile.v0',
      '--local',
      `context=${context}`,
      '--local',
      `dockerfile=${app}`,
      '--import-cache',
      'type=gha,scope=web',
      '--import-cache',
      '"type=gha,scope=""a,b"""',
      '--export-cache',
      'type=gha,scope=web,mode=max,ignore-error=true',
    ])
    expect(lines).toEqual([
      '  buildctl build (BUILDKIT_HOST=tcp://127.0.0.1:1234) with 2 --import-cache and 1 --export-cache',
      '  buildctl | #1 exporting cache to GitHub Actions Cache done',
    ])
    // The context held the job's files while buildctl ran, and is gone after.
    expect(readFileSync(`${record}.app`, 'utf8')).toBe('application c1\n')
    expect(existsSync(context)).toBe(false)
  })

  it('builds FROM scratch (no registry), with a dependency layer that changes only with DEPS', async () => {
    expect(readFileSync(join(root, 'dev/demo/app/Dockerfile'), 'utf8')).toMatch(/^FROM scratch$/m)
    const depsOf = async (job: { deps: number; commit: string }) => {
      await buildWithBuildctl(job, { 'cache-from': '', 'cache-to': '' }, root, env(), () => {})
      return readFileSync(`${record}.deps`, 'utf8').trim()
    }
    const first = await depsOf({ deps: 1, commit: 'c1' })
    expect(await depsOf({ deps: 1, commit: 'c2' })).toBe(first)
    expect(await depsOf({ deps: 2, commit: 'c2' })).not.toBe(first)
  })

  it('fails the demo when buildctl fails, with its output', async () => {
    const lines: string[] = []
    await expect(
      buildWithBuildctl(
        { deps: 1, commit: 'c1' },
        { 'cache-from': '', 'cache-to': '' },
        root,
        env({ FAIL: '1' }),
        (l) => lines.push(l),
      ),
    ).rejects.toThrow('buildctl exited with 1')
    expect(lines).toContain('  buildctl | failed to solve')
  })
})
