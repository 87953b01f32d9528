import * as core from '@actions/core'

/** Placeholder orchestrator; replaced by the real prune step. */
export async function run(): Promise<void> {
  core.info('prune: not implemented yet')
}
