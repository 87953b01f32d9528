/**
 * Builds in BuildKit's cache-record shape for images that exist only as a description: stages of
 * steps on a base image, each step a layer whose content changes when its version does. Used by the
 * demo and the benchmarks, where no real `buildctl` runs. Digests are derived, so the same versions
 * always give the same blobs and cache keys, and a changed step changes every layer after it, as a
 * Dockerfile build does. Pure: no I/O.
 */
import { createHash } from 'node:crypto'
import { OCI_LAYER_GZIP, type BuildRecord, type Layer } from './cache-config.js'

export interface StepSpec {
  name: string
  /** Compressed layer size in bytes (varied by ±10 % per version, as real rebuilds vary). */
  size: number
  /** `COPY --from=<stage>`: the step also depends on that stage's last step. */
  copyFrom?: string
}

export interface StageSpec {
  name: string
  /** The `FROM` image: one layer of this size. */
  base: { image: string; size: number }
  steps: StepSpec[]
}

/** An image built from stages; the last stage is the image, the others are only in `mode=max` caches. */
export interface ImageSpec {
  /** Distinguishes the steps of different images that share stage and step names. */
  name: string
  stages: StageSpec[]
}

/** Current version of each base image and step, by `<stage>/<step>` (or `<image>` for bases); absent means "1". */
export type Versions = Readonly<Record<string, string>>

const sha = (...parts: string[]) =>
  `sha256:${createHash('sha256').update(parts.join('\u0000')).digest('hex')}`

function sizeFor(size: number, blob: string): number {
  const jitter = parseInt(blob.slice(7, 11), 16) / 0xffff // 0..1, fixed per blob
  return Math.max(1, Math.round(size * (0.9 + 0.2 * jitter)))
}

function makeLayer(blob: string, size: number, createdAt: string): Layer {
  return {
    blob,
    diffID: sha('diff', blob),
    size: sizeFor(size, blob),
    mediaType: OCI_LAYER_GZIP,
    createdAt,
  }
}

/** The records a `mode=max` export of this build would hold, every layer stamped `createdAt`. */
export function synthesizeBuild(
  spec: ImageSpec,
  versions: Versions,
  createdAt: string,
): BuildRecord[] {
  const records: BuildRecord[] = []
  const lastOfStage = new Map<string, BuildRecord>()
  const seen = new Set<string>()
  const add = (record: BuildRecord) => {
    if (seen.has(record.digest)) return
    seen.add(record.digest)
    records.push(record)
  }
  for (const stage of spec.stages) {
    const baseVersion = versions[stage.base.image] ?? '1'
    const baseBlob = sha('blob', stage.base.image, baseVersion)
    let previous: BuildRecord = {
      digest: sha('image', stage.base.image, baseVersion),
      inputs: [],
      result: { chain: [makeLayer(baseBlob, stage.base.size, createdAt)], createdAt },
    }
    add(previous)
    for (const step of stage.steps) {
      const version = versions[`${stage.name}/${step.name}`] ?? '1'
      const inputs: BuildRecord['inputs'] = [[{ digest: previous.digest }]]
      const parentChain = previous.result!.chain
      let source = ''
      if (step.copyFrom) {
        const from = lastOfStage.get(step.copyFrom)
        if (!from)
          throw new Error(
            `stage ${stage.name} step ${step.name} copies from ${step.copyFrom}, which is not an earlier stage`,
          )
        inputs.push([{ selector: '/out', digest: from.digest }])
        source = from.result!.chain[from.result!.chain.length - 1].blob
      }
      const blob = sha(
        'blob',
        parentChain[parentChain.length - 1].blob,
        stage.name,
        step.name,
        version,
        source,
      )
      previous = {
        digest: sha('op', spec.name, stage.name, step.name, version),
        inputs,
        result: { chain: [...parentChain, makeLayer(blob, step.size, createdAt)], createdAt },
      }
      add(previous)
    }
    lastOfStage.set(stage.name, previous)
  }
  return records
}
