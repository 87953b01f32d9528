#!/usr/bin/env node
/**
 * A recording fake of `buildctl` and `docker buildx build` for the cache-mount lifecycle tests
 * (the cache-mount tests and the demo without BuildKit), put on PATH under both names. It runs the action's
 * inject and extract builds as BuildKit ran them (docs/cache-mounts.md): each cache mount is a
 * folder of the "builder" ($FAKE_BUILDER_DIR/mounts/<key>), keyed by the mount flag's text without
 * its target and sharing (the options that make BuildKit's identity); inject unpacks a tar into an
 * empty mount only, extract tars each mount (an absent one as an empty folder), with the system's
 * tar. Every call is appended to $FAKE_BUILDER_DIR/calls.jsonl. $FAKE_BUILDER_FAIL set to
 * `inject`, `extract` or `all` makes those builds fail as an unreachable daemon does.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { basename, join } from 'node:path'

const program = basename(process.argv[1])
const args = process.argv.slice(2)
const state = process.env.FAKE_BUILDER_DIR
if (!state) {
  console.error('FAKE_BUILDER_DIR is not set')
  process.exit(2)
}
appendFileSync(join(state, 'calls.jsonl'), `${JSON.stringify({ program, args })}\n`)

const value = (flag, prefix = '') => {
  const i = args.indexOf(flag)
  if (i < 0) return undefined
  for (let j = i; j < args.length - 1; j++) {
    if (args[j] === flag && args[j + 1].startsWith(prefix)) return args[j + 1].slice(prefix.length)
  }
  return undefined
}

if (program === 'buildctl' && args.includes('--version')) {
  console.log('buildctl github.com/moby/buildkit v0.32.2 fake')
  process.exit(0)
}
if (program === 'docker' && args[0] === 'buildx' && args[1] === 'version') {
  console.log('github.com/docker/buildx v0.28.0 fake')
  process.exit(0)
}
const building =
  (program === 'buildctl' && args.includes('build')) ||
  (program === 'docker' && args[0] === 'buildx' && args[1] === 'build')
if (!building) {
  console.error(`${program}: unexpected arguments: ${args.join(' ')}`)
  process.exit(2)
}

const dockerfile =
  program === 'buildctl' ? join(value('--local', 'dockerfile='), 'Dockerfile') : value('-f')
const source =
  program === 'buildctl' ? value('--local', 'cache-src=') : value('--build-context', 'cache-src=')
const output = value('--output', 'type=local,dest=')
const text = readFileSync(dockerfile, 'utf8').replace(/\\\n/g, ' ')
const kind = /-xpf /.test(text) ? 'inject' : 'extract'
const fail = process.env.FAKE_BUILDER_FAIL
if (fail === kind || fail === 'all') {
  console.error('ERROR: failed to connect to the builder: connection refused')
  process.exit(1)
}
if (!/CACHE_BUST=\S/.test(args.join(' ')) || args.includes('--no-cache')) {
  console.error('fake builder: the throwaway builds must bust the cache with CACHE_BUST and never use --no-cache')
  process.exit(3)
}

// Words of the RUN line, escapes kept: the cache mount flags and where each is mounted.
const words = text.match(/(?:\\.|\S)+/g) ?? []
const mounts = new Map()
for (const word of words) {
  const m = /^--mount=(type=cache,.*),target=(\/cache-mount\/\d+),sharing=locked(.*)$/.exec(word)
  if (!m) continue
  const key = createHash('sha256').update(m[1] + m[3]).digest('hex').slice(0, 16)
  mounts.set(m[2], join(state, 'mounts', key))
}
const tar = (...a) => execFileSync('tar', a)
if (kind === 'inject') {
  for (const [, target, file] of text.matchAll(/tar -C (\S+) -xpf \/cache-src\/(\S+);/g)) {
    const dir = mounts.get(target)
    mkdirSync(dir, { recursive: true })
    if (readdirSync(dir).length === 0) tar('-C', dir, '-xpf', join(source, file))
  }
} else {
  mkdirSync(output, { recursive: true })
  for (const [, target, file] of text.matchAll(/tar -C (\S+) -cf \/cache-out\/(\S+) \./g)) {
    const dir = mounts.get(target)
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true })
    tar('-C', dir, '-cf', join(output, file), '.')
  }
}
