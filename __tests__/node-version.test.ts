/**
 * One Node story: the action runs on node24 (action.yml), development and tests on Node 20 or
 * newer (package.json engines, what these machines and CI run); every runtime dependency the
 * lockfile installs supports both, so `npm ci` on Node 20 warns of no engine.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import semver from 'semver'

const root = new URL('../', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), 'utf8')
const pkg = JSON.parse(read('package.json')) as { engines: { node: string } }
const lock = JSON.parse(read('package-lock.json')) as {
  packages: Record<string, { dev?: boolean; engines?: { node?: string } }>
}

describe('Node versions', () => {
  it('action.yml runs node24; engines and .node-version agree with it and with Node 20', () => {
    expect(read('action.yml')).toMatch(/^\s+using: node24$/m)
    expect(read('prune/action.yml')).toMatch(/^\s+using: node24$/m)
    expect(pkg.engines.node).toBe('>=20')
    const pinned = read('.node-version').trim()
    expect(semver.satisfies(semver.coerce(pinned)!, pkg.engines.node)).toBe(true)
    expect(semver.major(semver.coerce(pinned)!)).toBe(24)
  })

  it.each(['20.0.0', process.versions.node, '24.0.0'])(
    'every runtime dependency supports Node %s',
    (version) => {
      const refused = Object.entries(lock.packages)
        .filter(([path, p]) => path !== '' && !p.dev && p.engines?.node)
        .filter(([, p]) => !semver.satisfies(version, p.engines!.node!))
        .map(([path, p]) => `${path} (${p.engines!.node})`)
      expect(refused).toEqual([])
    },
  )
})
