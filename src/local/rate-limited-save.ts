/**
 * Saves through `@actions/cache` that honour the cache service's `Retry-After` once. The cache
 * service answers a job that creates entries too fast with 429 and `Retry-After` (docs/github-cache.md);
 * `@actions/cache` then gives up on the save, returns -1, and the wait it was asked for shows only
 * in the warning it logs ("… your rate limit will reset in N seconds"). The step reads that line
 * from its own output, waits, and tries once more; a step retries at most one save, and never for
 * longer than `maxWaitMs`, so a busy repository costs it one bounded wait, not a retry storm.
 */
import { DEFAULT_RETRY_POLICY } from '../cache-service/retry-policy.js'

/** `@actions/cache`'s `saveCache`: the entry id, or -1 when it logged a failure instead. */
export type SaveCache = (paths: string[], key: string) => Promise<number>

/** The wait `@actions/cache`'s rate-limit warning names, in ms; undefined when none is there. */
export function retryAfterInOutput(output: string): number | undefined {
  const m = /rate limit will reset in (\d+) seconds?/.exec(output)
  return m ? Number(m[1]) * 1000 : undefined
}

export interface RetryOnceDeps {
  /** Runs `fn`, giving back what it wrote to the step's output as well (still written). */
  capture<T>(fn: () => Promise<T>): Promise<{ value: T; output: string }>
  sleep(ms: number): Promise<void>
  log(line: string): void
  /** The longest wait honoured (the cache client's own bound). */
  maxWaitMs?: number
  /** Whether a save already waited: shared by every save it is given to (one wait between them). */
  waits?: { waited: boolean }
}

/**
 * `save`, retried once after a rate limit: the first rate-limited save of the step waits what
 * the service asked (at most `maxWaitMs`) and is tried again; any later one is not.
 */
export function retryingOnceAfterRateLimit(save: SaveCache, deps: RetryOnceDeps): SaveCache {
  const maxWaitMs = deps.maxWaitMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs
  const waits = deps.waits ?? { waited: false }
  return async (paths, key) => {
    const first = await deps.capture(() => save(paths, key))
    const waitMs = first.value === -1 ? retryAfterInOutput(first.output) : undefined
    if (waitMs === undefined) return first.value
    const seconds = Math.ceil(waitMs / 1000)
    if (waits.waited) {
      deps.log(`The cache service rate-limited saving ${key} too; not retried (one wait a step)`)
      return first.value
    }
    if (waitMs > maxWaitMs) {
      deps.log(
        `The cache service rate-limited saving ${key} for ${seconds} s, longer than the ${Math.ceil(maxWaitMs / 1000)} s this step waits: not retried`,
      )
      return first.value
    }
    waits.waited = true
    deps.log(`The cache service rate-limited saving ${key}: waiting ${seconds} s, then once more`)
    await deps.sleep(waitMs)
    return save(paths, key)
  }
}

/** The step's real output: what `process.stdout` is given while `fn` runs, passed on as well. */
export async function capturingStdout<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; output: string }> {
  const stdout = process.stdout
  const write = stdout.write
  const chunks: string[] = []
  stdout.write = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString())
    return (write as (...args: unknown[]) => boolean).call(stdout, chunk, ...rest)
  } as typeof stdout.write
  try {
    return { value: await fn(), output: chunks.join('') }
  } finally {
    stdout.write = write
  }
}

/** The step's one wait: a step runs in a process of its own (type=local's save and cache mounts'). */
const STEP_WAITS = { waited: false }

/** `save` as a step runs it: its output read for the rate-limit warning, the wait a real one. */
export function honouringRetryAfter(save: SaveCache, log: (line: string) => void): SaveCache {
  return retryingOnceAfterRateLimit(save, {
    capture: capturingStdout,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log,
    waits: STEP_WAITS,
  })
}
