import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import {
  BlobSASPermissions,
  BlobServiceClient,
  type ContainerClient,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
  newPipeline,
} from '@azure/storage-blob'

/** The slice of Azurite's (untyped, CommonJS) blob server this module drives. */
interface AzuriteBlobServer {
  start(): Promise<void>
  close(): Promise<void>
  clean(): Promise<void>
  getHttpServerAddress(): string
}

const require = createRequire(import.meta.url)

export const CONTAINER = 'cache'

export interface BlobStorageOptions {
  host: string
  port: number
  /** A directory for blobs and metadata; in memory when absent. */
  location?: string
  /** Signed URLs stay valid this long (real time: Azurite checks them against the wall clock). */
  urlTtlMs?: number
}

/**
 * Blob storage is Azurite, the Azure Storage emulator, run in this process so it can never
 * outlive the service. Telemetry stays off because nothing calls its telemetry `init`
 * (azurite dist/src/blob/main.js is the only caller). Clients reach it through signed (SAS) URLs
 * on the service's own port, which proxies them here.
 */
export class BlobStorage {
  readonly #server: AzuriteBlobServer
  readonly #credential: StorageSharedKeyCredential
  readonly #container: ContainerClient
  readonly #streamingContainer: ContainerClient
  readonly #urlTtlMs: number
  readonly origin: string
  readonly account: string

  private constructor(server: AzuriteBlobServer, account: string, key: Buffer, urlTtlMs: number) {
    this.#server = server
    this.#urlTtlMs = urlTtlMs
    this.account = account
    this.origin = server.getHttpServerAddress()
    this.#credential = new StorageSharedKeyCredential(account, key.toString('base64'))
    const serviceUrl = `${this.origin}/${account}`
    this.#container = new BlobServiceClient(serviceUrl, this.#credential).getContainerClient(
      CONTAINER,
    )
    // A request body that is a live stream cannot be replayed, so that client must not retry.
    this.#streamingContainer = new BlobServiceClient(
      serviceUrl,
      newPipeline(this.#credential, { retryOptions: { maxTries: 1 } }),
    ).getContainerClient(CONTAINER)
  }

  static async start(o: BlobStorageOptions): Promise<BlobStorage> {
    const BlobServer = require('azurite/dist/src/blob/BlobServer.js').default
    const BlobConfiguration = require('azurite/dist/src/blob/BlobConfiguration.js').default
    const {
      MemoryExtentChunkStore,
    } = require('azurite/dist/src/common/persistence/MemoryExtentStore.js')
    const constants = require('azurite/dist/src/blob/utils/constants.js')
    const inMemory = o.location === undefined
    const dir = o.location ?? ''
    if (!inMemory) mkdirSync(dir, { recursive: true })
    const config = new BlobConfiguration(
      o.host,
      o.port,
      constants.DEFAULT_BLOB_KEEP_ALIVE_TIMEOUT,
      join(dir, constants.DEFAULT_BLOB_LOKI_DB_PATH),
      join(dir, constants.DEFAULT_BLOB_EXTENT_LOKI_DB_PATH),
      [
        {
          locationId: 'Default',
          locationPath: join(dir, constants.DEFAULT_BLOB_PERSISTENCE_PATH),
          maxConcurrency: constants.DEFAULT_WRITE_CONCURRENCY_PER_LOCATION,
        },
      ],
      false, // access log
      undefined,
      false, // debug log
      undefined,
      false, // loose
      true, // skipApiVersionCheck: newer SDKs send API versions Azurite 3.35 has not heard of
      '',
      '',
      '',
      undefined,
      false,
      inMemory,
      // One chunk store per service, so services in one process neither share blobs nor a limit.
      inMemory ? new MemoryExtentChunkStore(undefined) : undefined,
    )
    const server: AzuriteBlobServer = new BlobServer(config)
    await server.start()
    const storage = new BlobStorage(
      server,
      constants.EMULATOR_ACCOUNT_NAME,
      constants.EMULATOR_ACCOUNT_KEY,
      o.urlTtlMs ?? 60 * 60 * 1000,
    )
    await storage.#container.createIfNotExists()
    return storage
  }

  /** A SAS query string: create+write for uploads, read for downloads, optionally already expired. */
  sas(name: string, kind: 'upload' | 'download', o: { expired?: boolean } = {}): string {
    const now = Date.now()
    const window = o.expired
      ? { startsOn: new Date(now - 2 * this.#urlTtlMs), expiresOn: new Date(now - this.#urlTtlMs) }
      : { startsOn: new Date(now - 5 * 60 * 1000), expiresOn: new Date(now + this.#urlTtlMs) }
    return generateBlobSASQueryParameters(
      {
        containerName: CONTAINER,
        blobName: name,
        permissions: BlobSASPermissions.parse(kind === 'upload' ? 'cw' : 'r'),
        ...window,
      },
      this.#credential,
    ).toString()
  }

  /** Stored size in bytes, or undefined when the blob does not exist. */
  async size(name: string): Promise<number | undefined> {
    try {
      return (await this.#container.getBlobClient(name).getProperties()).contentLength ?? 0
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return undefined
      throw e
    }
  }

  async delete(name: string): Promise<void> {
    await this.#container.getBlobClient(name).deleteIfExists()
  }

  async put(name: string, data: Buffer): Promise<void> {
    await this.#container.getBlockBlobClient(name).uploadData(data)
  }

  /** Streams one chunk into an uncommitted block; the stream is read once, never buffered whole. */
  async stageBlock(
    name: string,
    blockId: string,
    body: NodeJS.ReadableStream,
    length: number,
    abortSignal?: AbortSignal,
  ): Promise<void> {
    await this.#streamingContainer
      .getBlockBlobClient(name)
      .stageBlock(blockId, () => body, length, { abortSignal })
  }

  async commitBlocks(name: string, blockIds: string[]): Promise<void> {
    await this.#container.getBlockBlobClient(name).commitBlockList(blockIds)
  }

  async stop(): Promise<void> {
    await this.#server.close()
    await this.#server.clean()
  }
}
