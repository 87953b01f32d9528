import { run } from '../steps/prune-step.js'
import { runStep } from '../runner/step-process.js'

/* istanbul ignore next */
await runStep(run, 'prune')
