/**
 * The start-up benchmark's second baseline: the smallest useful action, which only exports the
 * runtime variables to later steps with @actions/core (what crazy-max/ghaction-github-runtime does).
 * Bundled at benchmark time twice: with esbuild as that action ships, and with ncc as ours are.
 */
import * as core from '@actions/core'

for (const name of [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_CACHE_SERVICE_V2',
]) {
  const value = process.env[name]
  if (value) {
    if (name === 'ACTIONS_RUNTIME_TOKEN') core.setSecret(value)
    core.exportVariable(name, value)
  }
}
