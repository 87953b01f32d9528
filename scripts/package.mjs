// Builds one ncc bundle per entry point into dist/<name>/index.js, the three at once.
// Run with `npm run package`; CI checks that the committed dist/ matches.
// Source maps are written beside each bundle but not registered at start-up (registering them
// costs the main step about a third of its start-up); `NODE_OPTIONS=--enable-source-maps` maps
// stack traces when debugging.
//
//   node scripts/package.mjs                   dist/, as committed
//   node scripts/package.mjs --out DIR --bare  DIR/<name>/index.js alone (no maps, no licenses):
//                                              the bundles tests run (__tests__/dev/demo)
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)
const outAt = args.indexOf('--out')
const out = outAt >= 0 ? args[outAt + 1] : join(root, 'dist')
const bare = args.includes('--bare')
if (!out) throw new Error('--out needs a directory')

const entries = ['main', 'post', 'prune']
rmSync(out, { recursive: true, force: true })

function bundle(name) {
  const flags = bare
    ? []
    : ['--source-map', '--no-source-map-register', '--license', 'licenses.txt']
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
        'build',
        join(root, `src/entrypoints/${name}.ts`),
        '-o',
        join(out, name),
        ...flags,
        '--quiet',
      ],
      { cwd: root, stdio: 'inherit' },
    )
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`ncc ${name} exited with ${code}`)),
    )
  })
}

await Promise.all(entries.map(bundle))
