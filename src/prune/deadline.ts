/**
 * One deadline over a whole pruning run (rule 12 of docs/pruning-rules.md): every request the run
 * waits for is raced against it, so a hung API or a slow download cannot hold the step past its
 * time. The request itself is left to finish or fail on its own; the step exits when `run()`
 * returns (src/runner/step-process.ts).
 */

/** The run's time ran out while it waited for `what`. */
export class DeadlineExceeded extends Error {
  constructor(readonly what: string) {
    super(`the time allowed for pruning ran out while ${what}`)
    this.name = 'DeadlineExceeded'
  }
}

/**
 * `work`, or DeadlineExceeded once `deadline` (ms on `clock`) has passed: at once when it has
 * already, otherwise after the time left, measured in real time.
 */
export async function beforeDeadline<T>(
  work: Promise<T>,
  deadline: number | undefined,
  clock: () => number,
  what: string,
): Promise<T> {
  if (deadline === undefined) return work
  // A result or failure that comes after the deadline goes nowhere (and must not be unhandled).
  work.catch(() => undefined)
  const left = deadline - clock()
  if (left <= 0) throw new DeadlineExceeded(what)
  let timer: ReturnType<typeof setTimeout> | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(what)), left)
  })
  try {
    return await Promise.race([work, expired])
  } finally {
    clearTimeout(timer)
  }
}
