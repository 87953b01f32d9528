import { run } from '../steps/prune.js'
import { runStep } from '../step-process.js'

/* istanbul ignore next */
await runStep(run, 'prune')
