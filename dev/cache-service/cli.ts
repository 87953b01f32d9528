/**
 * `npm run cache-service`: the local cache service on loopback until SIGINT/SIGTERM.
 * The environment goes to stdout (and --env-out); everything else goes to stderr.
 */
import { writeFileSync } from 'node:fs'
import { CliError, USAGE, parseCliArgs, renderEnv } from './cli-args.js'
import { startCacheService } from './service.js'

async function main(): Promise<number> {
  let config
  try {
    config = parseCliArgs(process.argv.slice(2))
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`cache-service: ${e.message}\n`)
      return 2
    }
    throw e
  }
  if (config.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }

  const log = (line: string) => process.stderr.write(`${line}\n`)
  const svc = await startCacheService({ ...config.service, log: config.verbose ? log : undefined })
  const stopped = new Promise<void>((resolve) => {
    let stopping = false
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        log(`cache-service: ${signal} again, exiting now`)
        process.exit(1)
      }
      stopping = true
      log(`cache-service: ${signal}, stopping`)
      svc.stop().then(resolve, (e: Error) => {
        log(`cache-service: stopping failed: ${e.message}`)
        resolve()
      })
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })

  const env = svc.jobEnv(config.job)
  log(
    `cache-service: cache service ${svc.url} (v2 and v1), REST API ${svc.apiUrl}, blob storage Azurite (in ${
      config.service.storageDir ?? 'memory'
    }); Ctrl-C stops it`,
  )
  if (config.envFile) writeFileSync(config.envFile, renderEnv(env, 'dotenv'), { mode: 0o600 })
  process.stdout.write(renderEnv(env, config.format))

  await stopped
  log('cache-service: stopped')
  return 0
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`cache-service: ${(e as Error)?.stack ?? String(e)}\n`)
    process.exit(1)
  },
)
