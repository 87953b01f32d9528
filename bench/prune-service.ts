/**
 * The local cache service for the pruning benchmark, in a child process of its own so that the
 * benchmark's memory figures are the pruner's alone. Driven over IPC by bench/prune.ts:
 * `start` (generate and seed a repository), `counts` (requests answered since `reset`), `stop`.
 */
import {
  ManualClock,
  startCacheService,
  type RunningCacheService,
} from '../dev/cache-service/index.js'
import { generateRepo } from './prune-repo.js'

const DAY = 24 * 3_600_000

export type ServiceRequest =
  | { type: 'start'; size: number; seed: number }
  | { type: 'reset' }
  | { type: 'counts' }
  | { type: 'stop' }

export interface Ready {
  type: 'ready'
  entries: number
  /** Entries per ref, and index entries in all: what listing a ref or the indexes costs. */
  refEntries: Record<string, number>
  indexEntries: number
  apiUrl: string
  githubToken: string
  repository: string
  defaultRef: string
  resultsUrl: string
  runtimeToken: string
  now: number
}

let svc: RunningCacheService | undefined

async function handle(message: ServiceRequest): Promise<unknown> {
  switch (message.type) {
    case 'start': {
      const repo = generateRepo(message.size, message.seed)
      // The service's own limit and expiry are out of the way: only the pruner deletes here.
      svc = await startCacheService({
        clock: new ManualClock(repo.end),
        limitBytes: Number.MAX_SAFE_INTEGER,
        unusedExpiryMs: 365 * DAY,
        uploadsPerMinute: 0,
      })
      for (let i = 0; i < repo.entries.length; i += 1000) {
        await svc.seedEntries(repo.entries.slice(i, i + 1000))
      }
      for (const [n, closed] of repo.pulls) {
        svc.setPullRequest(n, {
          state: closed ? 'closed' : 'open',
          base: 'main',
          head: `topic-${n}`,
        })
      }
      for (const [name, exists] of repo.branches) svc.setBranch(name, exists)
      const env = svc.jobEnv({ ref: repo.defaultRef })
      const ready: Ready = {
        type: 'ready',
        entries: repo.entries.length,
        refEntries: repo.entries.reduce<Record<string, number>>((counts, e) => {
          counts[e.ref] = (counts[e.ref] ?? 0) + 1
          return counts
        }, {}),
        indexEntries: repo.entries.filter((e) => e.key.startsWith('index-')).length,
        apiUrl: svc.apiUrl,
        githubToken: svc.githubToken,
        repository: svc.repository,
        defaultRef: repo.defaultRef,
        resultsUrl: env.ACTIONS_RESULTS_URL,
        runtimeToken: env.ACTIONS_RUNTIME_TOKEN,
        now: repo.end,
      }
      return ready
    }
    case 'reset':
      svc?.resetRequestCounts()
      return { type: 'reset' }
    case 'counts':
      return { type: 'counts', counts: svc?.requestCounts() ?? {} }
    case 'stop':
      await svc?.stop()
      svc = undefined
      return { type: 'stopped' }
  }
}

process.on('message', (message: ServiceRequest) => {
  handle(message).then(
    (answer) => process.send?.(answer),
    (error: Error) => process.send?.({ type: 'error', message: error.stack ?? error.message }),
  )
})
