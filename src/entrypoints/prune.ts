import { run } from '../prune.js'

/* istanbul ignore next */
await run()
