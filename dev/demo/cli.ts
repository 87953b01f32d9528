/** `npm run demo`: see demo.ts. Exits 0 when the lifecycle ran; prints why otherwise. */
import { fileURLToPath } from 'node:url'
import { runDemo } from './demo.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
try {
  await runDemo({ root, log: (line) => console.log(line) })
  console.log('\nDemo finished: the local cache service has stopped; nothing is left running.')
} catch (error) {
  console.error(`demo failed: ${(error as Error).message}`)
  process.exitCode = 1
}
