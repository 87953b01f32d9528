/**
 * The start-up benchmark's leanest baseline: the same minimal action as export-runtime-action.ts
 * (it only exports the runtime variables), written against the runner's own protocol
 * (src/runner/workflow-commands.ts) instead of a library, so its bundle holds little beyond that: as lean
 * as an action can be built. Bundled with ncc at benchmark time, as our own entry points are.
 */
import { Env, EXPOSED_RUNTIME_ENV } from '../src/constants.js'
import { exportVariable, setSecret } from '../src/runner/workflow-commands.js'

for (const name of EXPOSED_RUNTIME_ENV) {
  const value = process.env[name]
  if (value) {
    if (name === Env.RuntimeToken) setSecret(value)
    exportVariable(name, value)
  }
}
