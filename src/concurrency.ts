/**
 * Bounded concurrency for the requests a run makes against one API: listing pages, index reads,
 * pull request and branch lookups, deletes. One helper and one number, so every pool behaves alike.
 */

/** How many requests a run keeps in flight against one API. */
export const REQUEST_CONCURRENCY = 4

/**
 * Runs `task` over `items` in order with at most `limit` in flight. Once a task throws, no further
 * item starts and the returned promise rejects with that error.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0
  let failed = false
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++
      try {
        await task(items[index]!, index)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
}
