/**
 * The local cache service in a child process for `bench/local.ts`, so that serving uploads and
 * downloads (Azurite included) does not share the measured process's event loop and heap, as
 * GitHub's service does not share the runner's. Speaks over the fork IPC channel.
 */
import { type RunningCacheService, startCacheService } from '../dev/cache-service/index.js'

export type ServiceRequest =
  | { id: number; op: 'jobEnv'; ref: string; protocol: 'v2' | 'v1' }
  | { id: number; op: 'counts' | 'reset' | 'entries' | 'info' | 'stop' }

export interface ServiceInfo {
  apiUrl: string
  githubToken: string
  repository: string
}

if (process.send) {
  const svc: RunningCacheService = await startCacheService({ uploadsPerMinute: 0 })
  const answer = (id: number, value: unknown) => process.send!({ id, value })
  process.on('message', async (message: ServiceRequest) => {
    switch (message.op) {
      case 'jobEnv':
        return answer(message.id, svc.jobEnv({ ref: message.ref, protocol: message.protocol }))
      case 'counts':
        return answer(message.id, svc.requestCounts())
      case 'reset':
        svc.resetRequestCounts()
        return answer(message.id, null)
      case 'entries':
        return answer(message.id, svc.entries())
      case 'info':
        return answer(message.id, {
          apiUrl: svc.apiUrl,
          githubToken: svc.githubToken,
          repository: svc.repository,
        })
      case 'stop':
        await svc.stop()
        answer(message.id, null)
        process.disconnect()
    }
  })
  process.send({ ready: true })
}
