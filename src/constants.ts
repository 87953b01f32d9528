/**
 * Every input, output, state and environment name the action uses, declared once.
 * `action.yml` declares the same inputs and outputs; `__tests__/action-yml.test.ts` keeps them in step.
 */

/** Inputs of the main action (`action.yml`); the post step reads the same ones. */
export const Input = {
  // What to cache and where (rendered into cache-from / cache-to).
  Type: 'type',
  Mode: 'mode',
  Scope: 'scope',
  Ref: 'ref',
  Path: 'path',
  Compression: 'compression',
  CompressionLevel: 'compression-level',
  ForceCompression: 'force-compression',
  OciMediatypes: 'oci-mediatypes',
  ImageManifest: 'image-manifest',
  IgnoreError: 'ignore-error',
  Timeout: 'timeout',
  Bucket: 'bucket',
  Region: 'region',
  EndpointUrl: 'endpoint-url',
  AccountUrl: 'account-url',
  Container: 'container',
  Prefix: 'prefix',
  ExtraAttrs: 'extra-attrs',
  BakeTarget: 'bake-target',
  Matrix: 'matrix',
  // Runtime and export policy.
  Export: 'export',
  ExposeRuntime: 'expose-runtime',
  // Post step: pruning the Actions cache.
  Prune: 'prune',
  CacheLimit: 'cache-limit',
  PruneTarget: 'prune-target',
  PruneGrace: 'prune-grace',
  OrphanAge: 'orphan-age',
  ProtectDefaultBranch: 'protect-default-branch',
  GithubToken: 'github-token',
  DryRun: 'dry-run',
  Summary: 'summary',
  // Post step: the builder's own cache.
  BuilderUsage: 'builder-usage',
  BuilderPrune: 'builder-prune',
  BuilderKeepStorage: 'builder-keep-storage',
  BuilderKeepDuration: 'builder-keep-duration',
  BuilderPruneFilter: 'builder-prune-filter',
  // Cache mounts (RUN --mount=type=cache) carried across runners.
  CacheMounts: 'cache-mounts',
  Dockerfile: 'dockerfile',
  Builder: 'builder',
  CacheMountImage: 'cache-mount-image',
  CacheMountBuildArgs: 'cache-mount-build-args',
} as const
export type InputName = (typeof Input)[keyof typeof Input]

/** Outputs of the main step, then those the post step sets. */
export const Output = {
  CacheFrom: 'cache-from',
  CacheTo: 'cache-to',
  BuildctlArgs: 'buildctl-args',
  BuildxArgs: 'buildx-args',
  BakeSet: 'bake-set',
  BuildArgs: 'build-args',
  Scope: 'scope',
  ExportEnabled: 'export-enabled',
  CacheHit: 'cache-hit',
  DeletedCount: 'deleted-count',
  FreedBytes: 'freed-bytes',
  UsageBytes: 'usage-bytes',
} as const
export type OutputName = (typeof Output)[keyof typeof Output]

/** Keys of the main → post state (`saveState` in src/runner/workflow-commands.ts); the post step sees them as `STATE_<key>`. */
export const State = {
  Main: 'buildkit-cache-main',
  /** The cache mounts the main step restored (src/cache-mounts/carry.ts MountsState). */
  Mounts: 'buildkit-cache-mounts',
} as const

/** Environment variables the action reads or exports. */
export const Env = {
  // Set by the runner for JavaScript actions only; what BuildKit's clients (buildx, buildctl) read.
  RuntimeToken: 'ACTIONS_RUNTIME_TOKEN',
  ResultsUrl: 'ACTIONS_RESULTS_URL',
  CacheUrl: 'ACTIONS_CACHE_URL',
  CacheServiceV2: 'ACTIONS_CACHE_SERVICE_V2',
  // Runner ≥ 2.336.0: read/write/write-only/none (actions/runner commit 6b19888d).
  CacheMode: 'ACTIONS_CACHE_MODE',
  ServerUrl: 'GITHUB_SERVER_URL',
  // The REST API base (GHES: https://<host>/api/v3), which @actions/github also follows.
  ApiUrl: 'GITHUB_API_URL',
  Ref: 'GITHUB_REF',
  Sha: 'GITHUB_SHA',
  RunId: 'GITHUB_RUN_ID',
  RunAttempt: 'GITHUB_RUN_ATTEMPT',
  BaseRef: 'GITHUB_BASE_REF',
  EventName: 'GITHUB_EVENT_NAME',
  EventPath: 'GITHUB_EVENT_PATH',
  Job: 'GITHUB_JOB',
  Repository: 'GITHUB_REPOSITORY',
  RunnerTemp: 'RUNNER_TEMP',
  Workspace: 'GITHUB_WORKSPACE',
  Home: 'HOME',
  ToolCache: 'RUNNER_TOOL_CACHE',
  // Where buildctl finds its daemon when no --addr is given.
  BuildkitHost: 'BUILDKIT_HOST',
} as const

/** The runtime variables the main step exports to later steps, in this order, when present. */
export const EXPOSED_RUNTIME_ENV = [
  Env.RuntimeToken,
  Env.ResultsUrl,
  Env.CacheUrl,
  Env.CacheServiceV2,
] as const
