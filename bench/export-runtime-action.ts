/**
 * The start-up benchmark's second baseline: the smallest useful action, which only exports the
 * runtime variables to later steps with @actions/core (what crazy-max/ghaction-github-runtime does).
 * Bundled at benchmark time twice: with esbuild as that action ships, and with ncc as ours are.
 */
import * as core from '@actions/core'
import { Env, EXPOSED_RUNTIME_ENV } from '../src/constants.js'

for (const name of EXPOSED_RUNTIME_ENV) {
  const value = process.env[name]
  if (value) {
    if (name === Env.RuntimeToken) core.setSecret(value)
    core.exportVariable(name, value)
  }
}
