import { describe, expect, it } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  credentialsFor,
  dockerConfigPath,
  readDockerConfig,
} from '../../src/registry/docker-config.js'
import { scratchDir } from '../helpers/scratch.js'

const auth = (user: string, password: string) =>
  Buffer.from(`${user}:${password}`).toString('base64')

describe('credentialsFor', () => {
  it.each([
    [
      'ghcr.io',
      { auths: { 'ghcr.io': { auth: auth('u', 'p:w') } } },
      { username: 'u', password: 'p:w' },
    ],
    [
      'ghcr.io',
      { auths: { 'https://ghcr.io/v1/': { auth: auth('u', 'p') } } },
      { username: 'u', password: 'p' },
    ],
    [
      '127.0.0.1:5000',
      { auths: { '127.0.0.1:5000': { username: 'a', password: 'b' } } },
      { username: 'a', password: 'b' },
    ],
    [
      'docker.io',
      { auths: { 'https://index.docker.io/v1/': { auth: auth('hub', 'x') } } },
      { username: 'hub', password: 'x' },
    ],
  ])('reads the auths entry of %s', (host, config, basic) => {
    expect(credentialsFor(config, host)).toEqual({ basic })
  })

  it('finds nothing for another host, an entry without a password, or no config', () => {
    const config = {
      auths: { 'ghcr.io': { auth: auth('u', 'p') }, 'quay.io': { auth: 'bm9jb2xvbg==' } },
    }
    expect(credentialsFor(config, 'registry.example.com')).toEqual({})
    expect(credentialsFor(config, 'quay.io')).toEqual({}) // "nocolon": no user:password
    expect(credentialsFor(undefined, 'ghcr.io')).toEqual({})
  })

  it('names a credential helper it does not run', () => {
    expect(credentialsFor({ credHelpers: { 'ghcr.io': 'gcloud' } }, 'ghcr.io')).toEqual({
      helper: 'gcloud',
    })
    expect(credentialsFor({ credsStore: 'desktop' }, 'ghcr.io')).toEqual({ helper: 'desktop' })
  })
})

describe('the Docker config file', () => {
  it('is $DOCKER_CONFIG/config.json, else ~/.docker/config.json', () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: '/x/docker' })).toBe('/x/docker/config.json')
    expect(dockerConfigPath({})).toMatch(/\.docker\/config\.json$/)
  })

  it('is read when there, undefined when absent, an error naming it when not JSON', async () => {
    const dir = scratchDir('docker-config-')
    const path = join(dir, 'config.json')
    await expect(readDockerConfig(path)).resolves.toBeUndefined()
    writeFileSync(path, '{"auths":{}}')
    await expect(readDockerConfig(path)).resolves.toEqual({ auths: {} })
    writeFileSync(path, '{nope')
    await expect(readDockerConfig(path)).rejects.toThrow(`${path} is not JSON`)
  })
})
