import { run } from '../post.js'
import { runStep } from '../step-process.js'

/* istanbul ignore next */
await runStep(run, 'post')
