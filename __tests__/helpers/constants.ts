/** The test suite's shared constants: durations in ms and the refs most tests use. */
export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
/** The default branch of every test repository. */
export const MAIN = 'refs/heads/main'
