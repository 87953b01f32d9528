import { describe, expect, it } from '@jest/globals'
import { parseCliArgs, parseSize, renderEnv } from '../../../dev/cache-service/cli-args.js'

describe('parseCliArgs', () => {
  it('defaults: loopback, free ports, main, v2, shell output', () => {
    expect(parseCliArgs([])).toEqual({
      service: {
        host: '127.0.0.1',
        port: undefined,
        blobPort: undefined,
        repository: 'octo-org/octo-repo',
        defaultBranch: 'main',
        limitBytes: undefined,
        uploadsPerMinute: undefined,
        downloadsPerMinute: undefined,
        declaredSizes: false,
        storageDir: undefined,
        blobUrls: 'loopback',
      },
      job: {
        ref: 'refs/heads/main',
        readRefs: undefined,
        write: true,
        protocol: 'v2',
        ttlSeconds: undefined,
      },
      format: 'shell',
      envFile: undefined,
      verbose: false,
      help: false,
    })
  })

  it.each<[string[], object]>([
    [
      ['--port', '8080', '--blob-port', '10000'],
      { service: expect.objectContaining({ port: 8080, blobPort: 10000 }) },
    ],
    [
      [
        '--ref',
        'refs/pull/9/merge',
        '--read-ref',
        'refs/heads/dev',
        '--read-ref',
        'refs/heads/main',
      ],
      {
        job: expect.objectContaining({
          ref: 'refs/pull/9/merge',
          readRefs: ['refs/heads/dev', 'refs/heads/main'],
        }),
      },
    ],
    [
      ['--default-branch', 'trunk'],
      {
        job: expect.objectContaining({ ref: 'refs/heads/trunk' }),
        service: expect.objectContaining({ defaultBranch: 'trunk' }),
      },
    ],
    [
      ['--read-only', '--protocol', 'v1', '--token-ttl', '60'],
      { job: expect.objectContaining({ write: false, protocol: 'v1', ttlSeconds: 60 }) },
    ],
    [
      ['--limit', '10GiB', '--uploads-per-minute', '0'],
      { service: expect.objectContaining({ limitBytes: 10 * 1024 ** 3, uploadsPerMinute: 0 }) },
    ],
    [
      ['--format', 'json', '--env-out', '/tmp/x.env', '--verbose', '--declared-sizes'],
      {
        format: 'json',
        envFile: '/tmp/x.env',
        verbose: true,
        service: expect.objectContaining({ declaredSizes: true }),
      },
    ],
    [['--host', '::1'], { service: expect.objectContaining({ host: '::1' }) }],
    [
      ['--blob-urls', 'azure-host', '--storage-dir', '/tmp/b'],
      { service: expect.objectContaining({ blobUrls: 'azure-host', storageDir: '/tmp/b' }) },
    ],
  ])('%j', (argv, expected) => {
    expect(parseCliArgs(argv)).toMatchObject(expected)
  })

  it.each([
    [['--nope'], "Unknown option '--nope'; see --help for the options"],
    [['stray'], 'Unexpected argument'],
    [['--host', '0.0.0.0'], '--host: "0.0.0.0" is not loopback; use 127.0.0.1, ::1 or localhost'],
    [['--protocol', 'v3'], '--protocol: "v3" is not a protocol; use v2 (github.com) or v1 (GHES)'],
    [['--blob-urls', 'cdn'], '--blob-urls: "cdn" is not a URL style; use loopback or azure-host'],
    [['--format', 'yaml'], '--format: "yaml" is not a format; use shell, json, dotenv'],
    [
      ['--ref', 'main'],
      '--ref: "main" is not a full ref; use e.g. refs/heads/main or refs/pull/1/merge',
    ],
    [['--read-ref', 'pull/1'], '--read-ref: "pull/1" is not a full ref'],
    [['--port=-1'], '--port: "-1" is not a whole number >= 0'],
    [['--port', '1.5'], '--port: "1.5" is not a whole number >= 0'],
    [['--port', '70000'], '--port: 70000 is not a port; use 0-65535 (0: a free port)'],
    [['--limit', 'lots'], '--limit: "lots" is not a size; use bytes, or a number with a unit'],
    [['--token-ttl', '0'], '--token-ttl: "0" is not a whole number >= 1'],
    [['--repository', 'just-a-name'], '--repository: "just-a-name" is not OWNER/NAME'],
    [
      ['--default-branch', 'refs/heads/main'],
      '--default-branch: "refs/heads/main" is not a branch name; give it without refs/heads/',
    ],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message)
  })
})

describe('parseSize', () => {
  it.each([
    ['0', 0],
    ['1234', 1234],
    ['10GB', 10e9],
    ['10GiB', 10 * 1024 ** 3],
    ['1.5 MiB', 1.5 * 1024 ** 2],
    ['500mb', 500e6],
    ['2TB', 2e12],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseSize('--limit', text)).toBe(bytes)
  })

  it.each([['-1'], ['10 GX'], [''], ['1e9'], ['GiB']])('%p is not a size', (text) => {
    expect(() => parseSize('--limit', text)).toThrow(
      `--limit: ${JSON.stringify(text)} is not a size; use bytes, or a number with a unit`,
    )
  })

  it.each([['99999999TB'], ['99999999999999999']])('%p is too large', (text) => {
    expect(() => parseSize('--limit', text)).toThrow(`--limit: "${text}" is too large`)
  })
})

describe('renderEnv', () => {
  const env = { A: 'plain', B: "it's quoted" }
  it.each([
    ['shell', "export A='plain'\nexport B='it'\\''s quoted'\n"],
    ['dotenv', "A=plain\nB=it's quoted\n"],
    ['json', '{"A":"plain","B":"it\'s quoted"}\n'],
  ] as const)('%s', (format, text) => {
    expect(renderEnv(env, format)).toBe(text)
  })
})
