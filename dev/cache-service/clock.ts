/** Milliseconds since the epoch, from whatever drives the service's notion of time. */
export interface Clock {
  now(): number
}

/** A clock that can tell its subscribers when time jumps (the service runs eviction on that). */
export interface ObservableClock extends Clock {
  onChange(listener: (fromMs: number, toMs: number) => void): () => void
}

export const systemClock: Clock = { now: () => Date.now() }

export function isObservableClock(clock: Clock): clock is ObservableClock {
  return typeof (clock as Partial<ObservableClock>).onChange === 'function'
}

/**
 * A clock that only moves when told to, so a test or benchmark can run a simulated month in
 * seconds. Listeners run synchronously on every move, which is how scheduled eviction keeps
 * up with driven time.
 */
export class ManualClock implements ObservableClock {
  #now: number
  readonly #listeners = new Set<(fromMs: number, toMs: number) => void>()

  constructor(startMs: number = Date.now()) {
    this.#now = checkTime('startMs', startMs)
  }

  now(): number {
    return this.#now
  }

  set(ms: number): void {
    const from = this.#now
    this.#now = checkTime('ms', ms)
    for (const listener of [...this.#listeners]) listener(from, this.#now)
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`ManualClock.advance: ms must be a finite number >= 0, got ${ms}`)
    }
    this.set(this.#now + ms)
  }

  onChange(listener: (fromMs: number, toMs: number) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}

function checkTime(name: string, ms: number): number {
  if (!Number.isFinite(ms)) {
    throw new RangeError(
      `ManualClock: ${name} must be a finite number of ms since the epoch, got ${ms}`,
    )
  }
  return ms
}
