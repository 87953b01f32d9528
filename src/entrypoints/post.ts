import { run } from '../post.js'

/* istanbul ignore next */
await run()
