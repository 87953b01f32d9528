import * as core from '@actions/core'

/** Placeholder orchestrator; replaced by the real main step. */
export async function run(): Promise<void> {
  core.info('main: not implemented yet')
}
