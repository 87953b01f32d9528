// Builds one ncc bundle per entry point into dist/<name>/index.js.
// Run with `npm run package`; CI checks that the committed dist/ matches.
// Source maps are written beside each bundle but not registered at start-up (registering them
// costs the main step about a third of its start-up); `NODE_OPTIONS=--enable-source-maps` maps
// stack traces when debugging.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'

const entries = ['main', 'post', 'prune']
rmSync('dist', { recursive: true, force: true })
for (const name of entries) {
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      `src/entrypoints/${name}.ts`,
      '-o',
      `dist/${name}`,
      '--source-map',
      '--no-source-map-register',
      '--license',
      'licenses.txt',
      '--quiet',
    ],
    { stdio: 'inherit' },
  )
}
