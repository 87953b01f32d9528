/** What the cache service accepts, as the clients that talk to it need to know. */

/** The longest key the cache service takes; `@actions/cache` refuses longer ones (its `checkKey`). */
export const MAX_KEY_LENGTH = 512
