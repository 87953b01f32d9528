// Preloaded with `node --import` by bundle.test.ts: appends the URL of every module the process
// loads to the file named by $IMPORT_LOG, so a test can see which bundle chunks start-up pulls in.
import { register } from 'node:module'

register('./import-log-hooks.mjs', import.meta.url)
