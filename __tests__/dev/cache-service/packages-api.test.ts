/**
 * The local service's slice of GitHub's Packages REST API, through Octokit as the action calls it:
 * the owner's type, a container package's versions with their tags (paged), deleting a version.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { RequestError } from '@octokit/request-error'
import { type RunningCacheService, startCacheService } from '../../../dev/cache-service/index.js'

const sha = (c: string) => `sha256:${c.repeat(64)}`
let org: RunningCacheService
let user: RunningCacheService

beforeAll(async () => {
  ;[org, user] = await Promise.all([
    startCacheService({ repository: 'octo-org/app' }),
    startCacheService({ repository: 'octocat/app', ownerType: 'User' }),
  ])
})
afterAll(() => Promise.all([org.stop(), user.stop()]))

const status = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: unknown) => (e instanceof RequestError ? e.status : -1),
  )

describe('the Packages API of the local service', () => {
  it("says whether the repository's owner is a user or an organisation", async () => {
    const o = getOctokit(org.githubToken, { baseUrl: org.apiUrl })
    await expect(
      o.request('GET /users/{username}', { username: 'Octo-Org' }),
    ).resolves.toMatchObject({
      data: { login: 'octo-org', type: 'Organization' },
    })
    const u = getOctokit(user.githubToken, { baseUrl: user.apiUrl })
    await expect(
      u.request('GET /users/{username}', { username: 'octocat' }),
    ).resolves.toMatchObject({
      data: { type: 'User' },
    })
    expect(await status(u.request('GET /users/{username}', { username: 'someone-else' }))).toBe(404)
  })

  it('lists versions newest first with their tags; a pushed tag leaves the version it was on', async () => {
    org.pushPackageVersion('app/cache', sha('a'), ['build-main', 'build-pr-1'])
    org.pushPackageVersion('app/cache', sha('b'), ['build-pr-1'])
    const o = getOctokit(org.githubToken, { baseUrl: org.apiUrl })
    const versions = await o.paginate(
      'GET /orgs/{org}/packages/{package_type}/{package_name}/versions',
      { org: 'octo-org', package_type: 'container', package_name: 'app/cache', per_page: 1 },
    )
    expect(versions.map((v) => [v.name, v.metadata?.container?.tags])).toEqual([
      [sha('b'), ['build-pr-1']],
      [sha('a'), ['build-main']],
    ])
    expect(versions[0]!.updated_at).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it("answers 404 for another owner's path kind, an unknown package and an unknown version", async () => {
    const o = getOctokit(user.githubToken, { baseUrl: user.apiUrl })
    user.pushPackageVersion('app', sha('c'), ['x'])
    const list = (kind: 'orgs' | 'users', name: string) =>
      o.request(`GET /${kind}/{owner}/packages/container/{package_name}/versions`, {
        owner: 'octocat',
        package_name: name,
      })
    expect(await status(list('users', 'app'))).toBe(200)
    expect(await status(list('orgs', 'app'))).toBe(404)
    expect(await status(list('users', 'nope'))).toBe(404)
    expect(
      await status(
        o.request(
          'DELETE /users/{username}/packages/{package_type}/{package_name}/versions/{package_version_id}',
          {
            username: 'octocat',
            package_type: 'container',
            package_name: 'app',
            package_version_id: 999,
          },
        ),
      ),
    ).toBe(404)
  })

  it('deletes a version with packages: write, and refuses a token without it (403)', async () => {
    const version = user.pushPackageVersion('del', sha('d'), ['t'])
    const del = (token: string) =>
      getOctokit(token, { baseUrl: user.apiUrl }).request(
        'DELETE /users/{username}/packages/{package_type}/{package_name}/versions/{package_version_id}',
        {
          username: 'octocat',
          package_type: 'container',
          package_name: 'del',
          package_version_id: version.id,
        },
      )
    expect(await status(del(user.readOnlyGithubToken))).toBe(403)
    expect(user.packageVersions('del')).toHaveLength(1)
    expect(await status(del(user.githubToken))).toBe(200)
    expect(user.packageVersions('del')).toHaveLength(0)
  })
})
