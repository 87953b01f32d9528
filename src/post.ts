import * as core from '@actions/core'

/** Placeholder orchestrator; replaced by the real post step. */
export async function run(): Promise<void> {
  core.info('post: not implemented yet')
}
