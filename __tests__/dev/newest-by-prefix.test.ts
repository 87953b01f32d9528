/**
 * Two fakes answer the cache's "newest entry whose key starts with this prefix" (the lookup an
 * import makes for `index-<scope>-1-<hash>#`): the property simulator's `Repo.newestIndex`
 * (__tests__/prune/simulator.ts) and the local cache service's store (dev/cache-service/store.ts).
 * The same histories go to both; each must give the answer the table expects, so the two cannot
 * drift apart, nor both from the service they model.
 */
import { describe, expect, it } from '@jest/globals'
import { BUILDKIT_CACHE_VERSION, indexKey, indexKeyBase } from '../../src/buildkit/keys.js'
import { CacheStore } from '../../dev/cache-service/store.js'
import { Repo } from '../prune/simulator.js'
import { MAIN } from '../helpers/constants.js'

const FEATURE = 'refs/heads/feature'

type Step =
  /** An index generation of `scope` in `ref`, written `at` ms after the start; `label` names it. */
  | { write: string; ref: string; scope: string; generation: number; at: number }
  /** The entry `label` is deleted (a prune, or GitHub's eviction). */
  | { remove: string }

interface Case {
  name: string
  steps: Step[]
  /** The question: the newest index of `scope` in `ref`; the label expected, or none. */
  ask: { ref: string; scope: string }
  expected: string | undefined
}

const w = (label: string, ref: string, scope: string, generation: number, at: number): Step => ({
  write: label,
  ref,
  scope,
  generation,
  at,
})

const CASES: Case[] = [
  {
    name: 'the last created wins',
    steps: [w('one', MAIN, 'app', 1, 0), w('two', MAIN, 'app', 2, 10)],
    ask: { ref: MAIN, scope: 'app' },
    expected: 'two',
  },
  {
    name: 'creation time, not the number after #: a restarted series wins with #1',
    steps: [w('nine', MAIN, 'app', 9, 0), w('restart', MAIN, 'app', 1, 10)],
    ask: { ref: MAIN, scope: 'app' },
    expected: 'restart',
  },
  {
    name: 'the same millisecond: the later write (the higher id) wins',
    steps: [w('first', MAIN, 'app', 1, 5), w('second', MAIN, 'app', 2, 5)],
    ask: { ref: MAIN, scope: 'app' },
    expected: 'second',
  },
  {
    name: 'a deleted newest leaves its predecessor newest',
    steps: [w('one', MAIN, 'app', 1, 0), w('two', MAIN, 'app', 2, 10), { remove: 'two' }],
    ask: { ref: MAIN, scope: 'app' },
    expected: 'one',
  },
  {
    name: "another ref's newer generation is not this ref's",
    steps: [w('main', MAIN, 'app', 1, 0), w('feature', FEATURE, 'app', 5, 10)],
    ask: { ref: MAIN, scope: 'app' },
    expected: 'main',
  },
  {
    name: 'a scope whose name extends this one is another series',
    steps: [w('app', MAIN, 'app', 1, 0), w('app2', MAIN, 'app2', 1, 10)],
    ask: { ref: MAIN, scope: 'app' },
    expected: 'app',
  },
  {
    name: 'nothing written: none',
    steps: [w('tools', MAIN, 'tools', 1, 0)],
    ask: { ref: MAIN, scope: 'app' },
    expected: undefined,
  },
]

/** Runs the steps on both fakes; answers each one's label for the question. */
function answers(c: Case): { simulator?: string; store?: string } {
  const start = Date.parse('2026-03-01T00:00:00Z')
  const repo = new Repo()
  const store = new CacheStore({ limitBytes: 1e9, unusedExpiryMs: 1e12, reservationTimeoutMs: 1 })
  const ids = new Map<string, { repo: number; store: number }>()
  const labels = new Map<string, string>()
  for (const step of c.steps) {
    if ('remove' in step) {
      const id = ids.get(step.remove)!
      repo.entries.delete(id.repo)
      store.remove(id.store)
      continue
    }
    const key = indexKey(indexKeyBase(step.scope, step.ref), step.generation)
    repo.now = start + step.at
    const inRepo = repo.add(step.ref, key, 2)
    const reserved = store.reserve(step.ref, key, BUILDKIT_CACHE_VERSION, start + step.at)!
    store.commit(reserved.id, 2)
    ids.set(step.write, { repo: inRepo.id, store: reserved.id })
    labels.set(`repo ${inRepo.id}`, step.write)
    labels.set(`store ${reserved.id}`, step.write)
  }
  const prefix = `${indexKeyBase(c.ask.scope, c.ask.ref)}#`
  const fromRepo = repo.newestIndex(c.ask.ref, c.ask.scope)
  const fromStore = store.lookup([c.ask.ref], [prefix], BUILDKIT_CACHE_VERSION, start + 1_000)
  return {
    ...(fromRepo ? { simulator: labels.get(`repo ${fromRepo.id}`) } : {}),
    ...(fromStore ? { store: labels.get(`store ${fromStore.id}`) } : {}),
  }
}

describe('newest entry by key prefix: the simulator and the local cache service agree', () => {
  it.each(CASES)('$name', (c) => {
    const expected = c.expected === undefined ? {} : { simulator: c.expected, store: c.expected }
    expect(answers(c)).toEqual(expected)
  })
})
