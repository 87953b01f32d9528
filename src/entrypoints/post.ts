import { run } from '../steps/post.js'
import { runStep } from '../runner/step-process.js'

/* istanbul ignore next */
await runStep(run, 'post')
