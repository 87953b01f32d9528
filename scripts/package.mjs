// Builds one ncc bundle per entry point into dist/<name>/index.js.
// Run with `npm run package`; CI checks that the committed dist/ matches.
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
      '--license',
      'licenses.txt',
      '--quiet',
    ],
    { stdio: 'inherit' },
  )
}
