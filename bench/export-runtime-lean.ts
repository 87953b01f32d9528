/**
 * The start-up benchmark's leanest baseline: the same minimal action as export-runtime-action.ts
 * (it only exports the runtime variables), written against the runner's own protocol
 * (src/workflow-commands.ts) instead of a library, so its bundle holds little beyond that: as lean
 * as an action can be built. Bundled with ncc at benchmark time, as our own entry points are.
 */
import { exportVariable, setSecret } from '../src/workflow-commands.js'

for (const name of [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_CACHE_SERVICE_V2',
]) {
  const value = process.env[name]
  if (value) {
    if (name === 'ACTIONS_RUNTIME_TOKEN') setSecret(value)
    exportVariable(name, value)
  }
}
