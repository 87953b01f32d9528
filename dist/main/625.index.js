export const id = 625;
export const ids = [625];
export const modules = {

/***/ 2640:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  $S: () => (/* binding */ commitKeyPrefix),
  c_: () => (/* binding */ isScopeKey),
  jR: () => (/* binding */ localCacheKey),
  Di: () => (/* binding */ restoreNewest),
  uT: () => (/* binding */ scopeKeyPrefix)
});

// UNUSED EXPORTS: LOCAL_KEY_PREFIX, encodeScope

;// CONCATENATED MODULE: ./src/cache-service/limits.ts
/** What the cache service accepts, as the clients that talk to it need to know. */
/** The longest key the cache service takes; `@actions/cache` refuses longer ones (its `checkKey`). */
const MAX_KEY_LENGTH = 512;

;// CONCATENATED MODULE: ./src/local/keys.ts
/**
 * Keys of our own `type=local` entries in the Actions cache, and the lookup order restores use. Pure:
 * no I/O of its own (restoreNewest asks the restore it is handed).
 *
 * Layout: `buildkit-cache-action-local-<scope>#<commit>-<run id>-<run attempt>-<save time, base 36>`.
 * The scope is percent-encoded outside `[A-Za-z0-9._/-]`, so it never contains `#`: the `#` after it
 * ends the scope and a prefix lookup for scope `web` cannot match scope `web#2` or `web-api`. The
 * pruner recognises our entries by {@link LOCAL_KEY_PREFIX} and never mistakes them for BuildKit's
 * (`buildkit-blob-1-…`, `index-…`).
 */

/** Every key this action saves for `type=local` starts with this. */
const LOCAL_KEY_PREFIX = 'buildkit-cache-action-local-';
/** Room a full key needs after the scope prefix: commit (up to 64 hex), run id, attempt, save time. */
const SUFFIX_ROOM = 64 + 1 + 20 + 1 + 20 + 1 + 13;
const SAFE_SCOPE_CHAR = /[A-Za-z0-9._/-]/;
/** Percent-encodes every UTF-8 byte of `scope` outside `[A-Za-z0-9._/-]` (commas, `#`, spaces, …). */
function encodeScope(scope) {
    let out = '';
    for (const ch of scope) {
        if (SAFE_SCOPE_CHAR.test(ch))
            out += ch;
        else
            for (const byte of Buffer.from(ch, 'utf8'))
                out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
}
/**
 * The prefix every key of one scope starts with (list and restore by it). `kind` is the prefix of
 * the kind of entry: `type=local` saves, or cache mounts (src/cache-mounts/keys.ts), whose scope
 * names the mount too; both are saved generations, rotated alike.
 */
function scopeKeyPrefix(scope, kind = LOCAL_KEY_PREFIX) {
    if (scope === '')
        throw new Error('Input "scope" is empty: type=local needs a scope to name its cache entries.');
    const prefix = `${kind}${encodeScope(scope)}#`;
    if (prefix.length + SUFFIX_ROOM > MAX_KEY_LENGTH) {
        throw new Error(`Input "scope" is too long for a cache key (${prefix.length} characters once encoded): ` +
            `keys are limited to ${MAX_KEY_LENGTH} characters, so use a scope of at most ${MAX_KEY_LENGTH - SUFFIX_ROOM - prefix.length + encodeScope(scope).length} plain characters.`);
    }
    return prefix;
}
/** The prefix of the entries saved for one commit of one scope: what a re-run of that commit restores first. */
function commitKeyPrefix(scope, commit, kind = LOCAL_KEY_PREFIX) {
    return `${scopeKeyPrefix(scope, kind)}${checkCommit(commit)}-`;
}
/** The run-unique key a new generation is saved under. */
function localCacheKey(id, kind = LOCAL_KEY_PREFIX) {
    for (const [name, value] of [
        ['GITHUB_RUN_ID', id.runId],
        ['GITHUB_RUN_ATTEMPT', id.runAttempt],
    ]) {
        if (!/^[0-9]{1,20}$/.test(value)) {
            throw new Error(`${name} is "${value}": expected the decimal number the runner sets.`);
        }
    }
    if (!Number.isSafeInteger(id.savedAt) || id.savedAt < 0) {
        throw new Error(`The save time ${id.savedAt} is not a non-negative whole number of milliseconds.`);
    }
    return `${commitKeyPrefix(id.scope, id.commit, kind)}${id.runId}-${id.runAttempt}-${id.savedAt.toString(36)}`;
}
/** Whether `key` is one of ours for exactly this scope (not for a scope that merely starts the same way). */
function isScopeKey(key, scope, kind = LOCAL_KEY_PREFIX) {
    return key.startsWith(scopeKeyPrefix(scope, kind));
}
function checkCommit(commit) {
    if (!/^[0-9a-f]{7,64}$/.test(commit)) {
        throw new Error(`GITHUB_SHA is "${commit}": expected a lower-case hexadecimal commit id.`);
    }
    return commit;
}
/**
 * The newest saved generation of a series into `paths`: this commit's newest save first (a re-run
 * gets what its own commit built), then the scope's newest; `kind` is the series' key prefix
 * (scopeKeyPrefix). The key restored from, or undefined.
 */
function restoreNewest(restoreCache, paths, series) {
    const scopePrefix = scopeKeyPrefix(series.scope, series.kind);
    return series.commit
        ? restoreCache(paths, commitKeyPrefix(series.scope, series.commit, series.kind), [scopePrefix])
        : restoreCache(paths, scopePrefix);
}


/***/ }),

/***/ 3885:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ inspectLayout)
/* harmony export */ });
/* unused harmony export CACHE_TAG */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/**
 * Checks that a directory holds a complete OCI image layout as BuildKit's `type=local` cache exporter
 * writes it (the client's cache options and its `cache.manifest` index update):
 * `oci-layout`, an `index.json` whose `latest` descriptor is the cache manifest, and every blob that
 * manifest reaches under `blobs/<algorithm>/<hex>`.
 *
 * BuildKit creates the `dest` directory before the build runs and writes `index.json` only after
 * every blob is in place, so an empty directory means "the build never exported" and a directory
 * with blobs but no valid `index.json` means "the export stopped half-way".
 */


/** The tag BuildKit's local cache exporter gives the cache manifest when no `tag=` attribute is set. */
const CACHE_TAG = 'latest';
const REF_NAME = 'org.opencontainers.image.ref.name';
const MANIFEST_TYPES = new Set([
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
]);
const INDEX_TYPES = new Set([
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
]);
/** The config of a cache manifest: small JSON, cheap to verify byte for byte. */
const CACHE_CONFIG_TYPE = 'application/vnd.buildkit.cacheconfig.v0';
/** Documents we read and hash; anything larger is not a manifest BuildKit wrote. */
const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
const MAX_DEPTH = 8;
// The algorithm and hex become path segments, so the pattern also keeps `..` and `/` out of paths.
const DIGEST = /^(sha256|sha384|sha512):([a-f0-9]{64,128})$/;
const DIGEST_HEX_LENGTH = { sha256: 64, sha384: 96, sha512: 128 };
class LayoutError extends Error {
}
/**
 * Inspects `dir`. Layer blobs are checked for presence and size, not hashed: hashing hundreds of
 * megabytes on every post step would cost more than the save it guards, and BuildKit writes each
 * blob under its digest only after the content store has verified it (containerd content/local
 * `Writer.Commit`). Manifests and cache configs, the documents we parse, are hashed.
 */
async function inspectLayout(dir, fs) {
    const names = await fs.list(dir);
    if (names === undefined || names.length === 0)
        return { state: 'missing' };
    try {
        return await inspect(dir, fs);
    }
    catch (error) {
        if (error instanceof LayoutError)
            return { state: 'invalid', reason: error.message };
        throw error;
    }
}
async function inspect(dir, fs) {
    const layout = await readJson(fs, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'oci-layout'), 'oci-layout');
    if (typeof layout.imageLayoutVersion !== 'string') {
        throw new LayoutError('oci-layout has no imageLayoutVersion');
    }
    const index = await readJson(fs, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'index.json'), 'index.json');
    const roots = descriptorList(index, 'manifests', 'index.json');
    if (roots.length === 0)
        throw new LayoutError('index.json lists no manifests');
    const cache = cacheManifest(roots);
    const seen = new Map();
    for (const root of roots)
        await walk(dir, fs, root, seen, 0);
    let totalBytes = 0;
    for (const size of seen.values())
        totalBytes += size;
    return { state: 'valid', manifestDigest: cache.digest, blobCount: seen.size, totalBytes };
}
/** The descriptor BuildKit tagged `latest`, or the only one there is. */
function cacheManifest(roots) {
    const tagged = roots.filter((d) => d.annotations?.[REF_NAME] === CACHE_TAG);
    if (tagged.length === 1)
        return tagged[0];
    if (tagged.length > 1)
        throw new LayoutError(`index.json tags ${tagged.length} manifests "${CACHE_TAG}"`);
    if (roots.length === 1)
        return roots[0];
    throw new LayoutError(`index.json lists ${roots.length} manifests and none is tagged "${CACHE_TAG}"`);
}
async function walk(dir, fs, desc, seen, depth) {
    if (seen.has(desc.digest))
        return;
    if (depth > MAX_DEPTH)
        throw new LayoutError(`manifests nest deeper than ${MAX_DEPTH} levels`);
    const path = blobPath(dir, desc.digest);
    const size = await fs.fileSize(path);
    if (size === undefined)
        throw new LayoutError(`blob ${desc.digest} (${desc.mediaType}) is missing`);
    if (size !== desc.size) {
        throw new LayoutError(`blob ${desc.digest} has ${size} bytes, its descriptor says ${desc.size}`);
    }
    seen.set(desc.digest, size);
    const isManifest = MANIFEST_TYPES.has(desc.mediaType);
    const isIndex = INDEX_TYPES.has(desc.mediaType);
    if (!isManifest && !isIndex && desc.mediaType !== CACHE_CONFIG_TYPE)
        return;
    if (size > MAX_DOCUMENT_BYTES) {
        throw new LayoutError(`${desc.mediaType} ${desc.digest} is ${size} bytes, more than a manifest can be`);
    }
    const bytes = await fs.readFile(path);
    if (bytes === undefined)
        throw new LayoutError(`blob ${desc.digest} vanished while being read`);
    const [algorithm, hex] = desc.digest.split(':');
    if ((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm).update(bytes).digest('hex') !== hex) {
        throw new LayoutError(`blob ${desc.digest} does not match its digest`);
    }
    if (desc.mediaType === CACHE_CONFIG_TYPE)
        return;
    const doc = parseJson(bytes, `${desc.mediaType} ${desc.digest}`);
    const where = `manifest ${desc.digest}`;
    const children = isIndex
        ? descriptorList(doc, 'manifests', where)
        : [descriptor(doc.config, `${where} config`), ...descriptorList(doc, 'layers', where)];
    for (const child of children)
        await walk(dir, fs, child, seen, depth + 1);
}
function blobPath(dir, digest) {
    const [algorithm, hex] = digest.split(':');
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'blobs', algorithm, hex);
}
async function readJson(fs, path, name) {
    const size = await fs.fileSize(path);
    if (size === undefined)
        throw new LayoutError(`${name} is missing`);
    if (size > MAX_DOCUMENT_BYTES)
        throw new LayoutError(`${name} is ${size} bytes, too large to be BuildKit's`);
    const bytes = await fs.readFile(path);
    if (bytes === undefined)
        throw new LayoutError(`${name} is missing`);
    return parseJson(bytes, name);
}
function parseJson(bytes, name) {
    let doc;
    try {
        doc = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new LayoutError(`${name} is not valid JSON`);
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
        throw new LayoutError(`${name} is not a JSON object`);
    }
    return doc;
}
function descriptorList(doc, field, where) {
    const list = doc[field];
    if (!Array.isArray(list))
        throw new LayoutError(`${where} has no "${field}" list`);
    return list.map((item, i) => descriptor(item, `${where} ${field}[${i}]`));
}
function descriptor(value, where) {
    if (value === null || typeof value !== 'object')
        throw new LayoutError(`${where} is not a descriptor`);
    const d = value;
    if (typeof d.mediaType !== 'string')
        throw new LayoutError(`${where} has no mediaType`);
    const match = typeof d.digest === 'string' ? DIGEST.exec(d.digest) : null;
    if (!match || match[2].length !== DIGEST_HEX_LENGTH[match[1]]) {
        throw new LayoutError(`${where} has an invalid digest ${JSON.stringify(d.digest)}`);
    }
    if (typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0) {
        throw new LayoutError(`${where} has an invalid size ${JSON.stringify(d.size)}`);
    }
    const annotations = d.annotations !== null && typeof d.annotations === 'object'
        ? d.annotations
        : undefined;
    return { mediaType: d.mediaType, digest: d.digest, size: d.size, annotations };
}


/***/ }),

/***/ 3625:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   restoreLocalCache: () => (/* binding */ restoreLocalCache)
/* harmony export */ });
/* harmony import */ var _keys_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2640);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3885);
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(719);



async function restoreLocalCache(settings, deps) {
    const paths = (0,_paths_js__WEBPACK_IMPORTED_MODULE_1__/* .localPaths */ .OU)(settings.path);
    // A scope or commit that cannot make a key throws here, before anything is moved.
    if (settings.commit)
        (0,_keys_js__WEBPACK_IMPORTED_MODULE_2__/* .commitKeyPrefix */ .$S)(settings.scope, settings.commit);
    else
        (0,_keys_js__WEBPACK_IMPORTED_MODULE_2__/* .scopeKeyPrefix */ .uT)(settings.scope);
    const warnings = [];
    const result = (restoredKey, manifestDigest) => ({
        cacheHit: manifestDigest !== undefined,
        restoredKey,
        manifestDigest,
        src: paths.path,
        dest: paths.export,
        state: { scope: settings.scope, path: paths.path, restoredKey, manifestDigest },
        warnings,
    });
    // A layout left in <path>-new by an earlier job would be swapped in and saved as this build's.
    await deps.fs.remove(paths.export);
    if (!deps.isFeatureAvailable()) {
        warnings.push('The Actions cache service is not available to this job (no ACTIONS_RESULTS_URL / ACTIONS_CACHE_URL): ' +
            `type=local uses ${paths.path} as it is and will not be saved.`);
        return result();
    }
    // Keep what is on disk until we know the Actions cache has something better: on a self-hosted
    // runner with a persistent path, a cache miss must not wipe a good local cache.
    await deps.fs.remove(paths.previous);
    const setAside = await deps.fs.move(paths.path, paths.previous);
    const putBack = async () => {
        if (!setAside)
            return;
        await deps.fs.remove(paths.path);
        await deps.fs.move(paths.previous, paths.path);
    };
    let restoredKey;
    try {
        restoredKey = await (0,_keys_js__WEBPACK_IMPORTED_MODULE_2__/* .restoreNewest */ .Di)(deps.restoreCache, [paths.cachePattern], {
            scope: settings.scope,
            ...(settings.commit ? { commit: settings.commit } : {}),
        });
    }
    catch (error) {
        // Left aside, the cache would be removed by the next restore (which clears <path>-old first).
        await putBack();
        throw error;
    }
    if (restoredKey === undefined) {
        await putBack();
        return result();
    }
    await deps.fs.remove(paths.previous);
    const layout = await (0,_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .inspectLayout */ .X)(paths.path, deps.fs);
    if (layout.state !== 'valid') {
        warnings.push(`The restored cache ${restoredKey} is not a complete OCI layout ` +
            `(${layout.state === 'invalid' ? layout.reason : 'it is empty'}); BuildKit will skip importing it.`);
        return result(restoredKey);
    }
    return result(restoredKey, layout.manifestDigest);
}


/***/ })

};

//# sourceMappingURL=625.index.js.map