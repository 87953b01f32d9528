import { run } from '../steps/main.js'
import { runStep } from '../runner/step-process.js'

/* istanbul ignore next */
await runStep(run, 'main')
