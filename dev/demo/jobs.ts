/**
 * The demo's story: a few commits on the default branch and a pull request, as jobs that each run
 * the action's main step, a build and the post step. Pure data.
 */
export interface DemoJob {
  title: string
  ref: string
  /** Pull request number, for jobs on `refs/pull/<n>/merge`. */
  pullRequest?: number
  /** Hours before the end of the story at which the job runs. */
  hoursAgo: number
  /** The dependency layer's version and the commit (application layer). */
  deps: number
  commit: string
}

export const DEMO_SCOPE = 'web'

export const DEMO_JOBS: DemoJob[] = [
  {
    title: 'main: first commit (cold cache)',
    ref: 'refs/heads/main',
    hoursAgo: 12,
    deps: 1,
    commit: 'a1',
  },
  {
    title: 'main: second commit (application layer changes)',
    ref: 'refs/heads/main',
    hoursAgo: 10,
    deps: 1,
    commit: 'b2',
  },
  {
    title: 'pull request #7: reads main’s cache, writes its own',
    ref: 'refs/pull/7/merge',
    pullRequest: 7,
    hoursAgo: 8,
    deps: 1,
    commit: 'pr7',
  },
  {
    title: 'main: third commit (dependencies change)',
    ref: 'refs/heads/main',
    hoursAgo: 6,
    deps: 2,
    commit: 'c3',
  },
  { title: 'main: fourth commit', ref: 'refs/heads/main', hoursAgo: 4, deps: 2, commit: 'd4' },
]

/** When pull request #7 closes and the `prune` entry point runs for it. */
export const PR_CLOSED_HOURS_AGO = 2
