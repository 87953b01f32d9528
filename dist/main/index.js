import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 3220:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   T6: () => (/* binding */ pruneOptions)
/* harmony export */ });
/* unused harmony exports buildctlPruneArgs, buildxPruneArgs */
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7242);
/* harmony import */ var _tool_units_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6267);
/**
 * The builder-prune knobs, validated once and rendered for whichever tool runs the prune. Pure.
 *
 * Both tools end in BuildKit's `PruneRequest`; they spell it differently:
 * - buildctl: `--keep-storage <MB>` (max used space), `--keep-duration <go duration>`, `--filter <f>`
 *   where several `--filter` flags are OR-ed and commas inside one are AND-ed (containerd filters
 *   `ParseAll`); buildctl does not split flag values on commas.
 * - docker buildx: `--keep-storage <bytes>` (kept for old buildx; newer ones call it `--reserved-space`,
 *   and with no other space knob BuildKit prunes down to it either way), `--filter until=<duration>` for the keep duration, and `--filter key=value`,
 *   AND-ed, which buildx turns back into `key==value`.
 */


/** Record fields BuildKit's prune filter can match with a value. */
const FILTER_FIELDS = ['id', 'parents', 'description', 'type'];
/** Checks the filters (the sizes and durations come parsed) and returns what the tools are told. */
function pruneOptions(settings) {
    return {
        ...(settings.keepStorageBytes !== undefined
            ? { keepStorageBytes: settings.keepStorageBytes }
            : {}),
        ...(settings.keepDurationMs !== undefined ? { keepDurationMs: settings.keepDurationMs } : {}),
        filters: settings.filters
            .map((line) => line.trim())
            .filter((line) => line !== '')
            .map(parseFilter),
    };
}
function parseFilter(text) {
    const match = /^([a-z]+)(==|!=|~=)(.+)$/.exec(text);
    const field = match?.[1];
    if (text.startsWith('until=') || text.startsWith('unused-for=')) {
        throw new Error(`Input "${_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.BuilderPruneFilter}" has "${text}": set the age with "${_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.BuilderKeepDuration}" instead.`);
    }
    if (!match || !field || !FILTER_FIELDS.includes(field)) {
        throw new Error(`Input "${_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.BuilderPruneFilter}" has "${text}": expected one filter per line as <field><op><value>, ` +
            `field one of ${FILTER_FIELDS.join(', ')}, op one of ==, !=, ~= (for example type==regular).`);
    }
    if (/[,"']/.test(match[3])) {
        throw new Error(`Input "${_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.BuilderPruneFilter}" has "${text}": values cannot contain commas or quotes.`);
    }
    return { field, operator: match[2], value: match[3] };
}
/** `buildctl prune` arguments, JSON output. */
function buildctlPruneArgs(options) {
    const args = ['prune', '--format', '{{json .}}'];
    if (options.keepStorageBytes !== undefined)
        args.push('--keep-storage', String(options.keepStorageBytes / 1e6));
    if (options.keepDurationMs !== undefined)
        args.push('--keep-duration', goDuration(options.keepDurationMs));
    if (options.filters.length > 0) {
        args.push('--filter', options.filters.map((f) => `${f.field}${f.operator}${f.value}`).join(','));
    }
    return args;
}
/** `docker buildx prune` arguments; buildx has no JSON output for prune, so verbose blocks. */
function buildxPruneArgs(options) {
    const args = ['buildx', 'prune', '--force', '--verbose'];
    if (options.keepStorageBytes !== undefined)
        args.push('--keep-storage', String(options.keepStorageBytes));
    if (options.keepDurationMs !== undefined)
        args.push('--filter', `until=${goDuration(options.keepDurationMs)}`);
    for (const f of options.filters) {
        // buildx rebuilds `key==value` from `key=value`, and `key!=`/`key~=` from a key ending in `!`/`~`.
        const op = f.operator === '==' ? '=' : f.operator;
        args.push('--filter', `${f.field}${op}${f.value}`);
    }
    return args;
}


/***/ }),

/***/ 6267:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* unused harmony exports parsePrintedSize, goDuration */
/**
 * Sizes and durations as BuildKit's tools print and take them. Pure. (Inputs are parsed by
 * `src/units.ts`; this is the tools' side.)
 *
 * - `buildctl` prints sizes with tonistiigi/units `%.2f` (`14.31MB`, `4.10kB`), `docker buildx` with
 *   docker/go-units `HumanSize` (`1.704GB`, `8.224kB`): both decimal (1000-based).
 * - Durations are Go's `time.ParseDuration` syntax (`48h`, `1h30m`).
 */
const DECIMAL = {
    b: 1,
    kb: 1e3,
    mb: 1e6,
    gb: 1e9,
    tb: 1e12,
    pb: 1e15,
    eb: 1e18,
};
const BINARY = {
    kib: 2 ** 10,
    mib: 2 ** 20,
    gib: 2 ** 30,
    tib: 2 ** 40,
    pib: 2 ** 50,
};
/** Parses a printed size (`0B`, `4.10kB`, `1.704GB`, a table's `8.224kB*`). Undefined when it is not one. */
function parsePrintedSize(text) {
    const match = /^([0-9]+(?:\.[0-9]+)?)\s*([kKMGTPE]?i?B)\*?$/.exec(text.trim());
    if (!match)
        return undefined;
    const unit = match[2].toLowerCase();
    const factor = DECIMAL[unit] ?? BINARY[unit];
    return factor === undefined ? undefined : Math.round(Number(match[1]) * factor);
}
/**
 * A duration in Go's `time.ParseDuration` syntax, which `buildctl --keep-duration` and buildx's
 * `until=` filter take: `604800000` ms → `168h`, `5400000` → `1h30m`, `1500` → `1s500ms`.
 */
function goDuration(ms) {
    if (!Number.isSafeInteger(ms) || ms <= 0)
        throw new RangeError(`${ms} ms is not a positive whole duration`);
    const parts = [
        [Math.floor(ms / 3_600_000), 'h'],
        [Math.floor(ms / 60_000) % 60, 'm'],
        [Math.floor(ms / 1000) % 60, 's'],
        [ms % 1000, 'ms'],
    ];
    return parts
        .filter(([n]) => n > 0)
        .map(([n, unit]) => `${n}${unit}`)
        .join('');
}


/***/ }),

/***/ 6983:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ decideAccess)
/* harmony export */ });
/* harmony import */ var _runtime_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3683);
/* harmony import */ var _refs_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1977);


const ACTIONS_CACHE_TYPES = ['gha', 'local'];
/** Types whose exports are stored under the run's ref, so only a later run of that ref reads them. */
const REF_SCOPED_TYPES = ['gha', 'local', 'registry'];
function decideAccess(type, exportSetting, runtime, 
/** `GITHUB_REF`: a merge queue's ref is never read back (refs.ts mergeQueueBase). */
ref) {
    const queueBase = ref === undefined ? undefined : (0,_refs_js__WEBPACK_IMPORTED_MODULE_1__/* .mergeQueueBase */ .BT)(ref);
    if (queueBase !== undefined && exportSetting === 'auto' && REF_SCOPED_TYPES.includes(type)) {
        const read = ACTIONS_CACHE_TYPES.includes(type)
            ? readDecision(runtime)
            : { importEnabled: true, importReason: 'importing' };
        return {
            ...read,
            exportEnabled: false,
            exportReason: `not exporting: ${ref} is a merge queue's ref, which no later run reads (importing ${queueBase}'s cache); export: true exports anyway`,
        };
    }
    if (!ACTIONS_CACHE_TYPES.includes(type)) {
        return {
            importEnabled: true,
            exportEnabled: exportSetting !== false,
            importReason: 'importing',
            exportReason: exportSetting === false ? 'not exporting: export is false' : `exporting to ${type}`,
        };
    }
    const read = readDecision(runtime);
    const write = writeBlocker(runtime);
    if (exportSetting === false) {
        return { ...read, exportEnabled: false, exportReason: 'not exporting: export is false' };
    }
    if (write === undefined) {
        const target = (0,_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .tokenRefs */ .Ge)(runtime).exportRef;
        return {
            ...read,
            exportEnabled: true,
            exportReason: target ? `exporting to ${target}` : 'exporting',
        };
    }
    if (exportSetting === true) {
        return {
            ...read,
            exportEnabled: true,
            exportReason: 'exporting: export is true',
            warning: `export is true but ${write}; the export will fail (ignored unless ignore-error is false)`,
        };
    }
    return { ...read, exportEnabled: false, exportReason: `not exporting: ${write}` };
}
function readDecision(runtime) {
    if (!runtime.modeAllowsRead) {
        return {
            importEnabled: false,
            importReason: `not importing: ACTIONS_CACHE_MODE is ${runtime.cacheMode}`,
        };
    }
    return { importEnabled: true, importReason: 'importing' };
}
/** Why the Actions cache cannot be written in this run, or undefined when it can (or may). */
function writeBlocker(runtime) {
    if (!runtime.modeAllowsWrite)
        return `ACTIONS_CACHE_MODE is ${runtime.cacheMode}`;
    // Undecodable scopes do not block: ignore-error keeps a failed export from failing the build.
    if (runtime.scopes && (0,_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .tokenRefs */ .Ge)(runtime).writable.length === 0) {
        return 'the runtime token grants no writable cache scope (a read-only token, as untrusted triggers get)';
    }
    return undefined;
}


/***/ }),

/***/ 5388:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ke: () => (/* binding */ TYPED_ATTRIBUTE_INPUTS),
/* harmony export */   gG: () => (/* binding */ typesWithAttribute),
/* harmony export */   iw: () => (/* binding */ ATTRIBUTES),
/* harmony export */   j3: () => (/* binding */ isAcceptedValue),
/* harmony export */   u7: () => (/* binding */ VALUE_ACCEPTED)
/* harmony export */ });
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7242);
/**
 * The attributes BuildKit reads for each cache type (as of v0.32.2; those added after v0.24.0 are
 * marked with the release that introduced them, and older tools ignore them), where it reads them,
 * and what values it accepts. Used to check `extra-attrs` and the typed inputs before a build starts, so that a
 * typo fails the step with a message instead of being silently ignored by BuildKit, or failing
 * the build when the exporter is configured. What BuildKit v0.24.0 reads:
 * - the generic exporter attributes `mode` and `ignore-error`, both parsed with fallbacks, and
 *   dropped for `inline`;
 * - gha: the importer and the exporter read the same configuration; `ghtoken`/`repository` are
 *   only used by the exporter;
 * - registry: its own attributes plus the compression ones;
 * - local: the backend's attributes plus what the client resolves (`tag`, and `digest` from
 *   `index.json`);
 * - inline: no attributes; it is imported as `registry`;
 * - s3 and azblob: each backend's configuration;
 * - later: s3 `disable_accept_encoding`, `retry_mode`, `retry_max_attempts` (v0.30.0); local
 *   `reset` (v0.31.0, read by the client: buildctl v0.31, buildx v0.35).
 * gha, s3 and azblob exporters hard-code their compression, so compression attributes are not
 * listed for them. The test oracle (__tests__/cache-options/buildkit-oracle.ts) holds the same
 * facts as a table of its own.
 */

const BOTH = ['import', 'export'];
const IMPORT = ['import'];
const EXPORT = ['export'];
const attr = (directions, value = 'text', extra = {}) => ({ directions, value, ...extra });
const exporterGeneric = {
    mode: attr(EXPORT, 'mode', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Mode }),
    'ignore-error': attr(EXPORT, 'bool', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.IgnoreError }),
};
const layerFormat = {
    'oci-mediatypes': attr(EXPORT, 'bool', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.OciMediatypes }),
    'image-manifest': attr(EXPORT, 'bool', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.ImageManifest }),
    compression: attr(EXPORT, 'compression', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Compression }),
    'compression-level': attr(EXPORT, 'int', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.CompressionLevel }),
    'force-compression': attr(EXPORT, 'bool-or-empty', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.ForceCompression }),
};
const bucketLayout = {
    prefix: attr(BOTH, 'text', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Prefix }),
    manifests_prefix: attr(BOTH),
    blobs_prefix: attr(BOTH),
    // `name` is the s3/azblob counterpart of gha's scope; ';' separates several names.
    name: attr(BOTH, 'text', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Scope }),
};
const ATTRIBUTES = {
    gha: {
        scope: attr(BOTH, 'text', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Scope }),
        timeout: attr(BOTH, 'duration', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Timeout }),
        token: attr(BOTH, 'text', { secret: true }),
        url: attr(BOTH),
        url_v2: attr(BOTH),
        version: attr(BOTH, 'int'),
        ghtoken: attr(EXPORT, 'text', { secret: true }),
        repository: attr(EXPORT),
        ...exporterGeneric,
    },
    registry: {
        ref: attr(BOTH, 'text', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Ref }),
        'registry.insecure': attr(BOTH, 'bool'),
        ...layerFormat,
        ...exporterGeneric,
    },
    inline: {
        // Imported as type=registry from the image itself.
        ref: attr(IMPORT, 'text', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Ref }),
        'registry.insecure': attr(IMPORT, 'bool'),
        mode: attr(EXPORT, 'mode', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Mode }),
    },
    local: {
        src: attr(IMPORT, 'text', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Path }),
        dest: attr(EXPORT, 'text', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Path }),
        digest: attr(IMPORT),
        tag: attr(BOTH),
        // Blobs the new index.json does not reference are removed (the client does it).
        reset: attr(EXPORT, 'bool', { since: 'buildctl v0.31, buildx v0.35' }),
        ...layerFormat,
        ...exporterGeneric,
    },
    s3: {
        bucket: attr(BOTH, 'text', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Bucket }),
        region: attr(BOTH, 'text', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Region }),
        endpoint_url: attr(BOTH, 'text', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.EndpointUrl }),
        ...bucketLayout,
        touch_refresh: attr(BOTH, 'duration'),
        access_key_id: attr(BOTH, 'text', { secret: true }),
        secret_access_key: attr(BOTH, 'text', { secret: true }),
        session_token: attr(BOTH, 'text', { secret: true }),
        use_path_style: attr(BOTH, 'bool'),
        upload_parallelism: attr(BOTH, 'positive-int'),
        disable_accept_encoding: attr(BOTH, 'bool', { since: 'BuildKit v0.30' }),
        retry_mode: attr(BOTH, 'retry-mode', { since: 'BuildKit v0.30' }),
        retry_max_attempts: attr(BOTH, 'positive-int', { since: 'BuildKit v0.30' }),
        ...exporterGeneric,
    },
    azblob: {
        account_url: attr(BOTH, 'text', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.AccountUrl }),
        account_name: attr(BOTH),
        container: attr(BOTH, 'text', { input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Container }),
        ...bucketLayout,
        secret_access_key: attr(BOTH, 'text', { secret: true }),
        ...exporterGeneric,
    },
};
/** The attribute a typed input sets, for inputs that map one-to-one onto an attribute. */
const TYPED_ATTRIBUTE_INPUTS = [
    [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Compression, 'compression'],
    [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.CompressionLevel, 'compression-level'],
    [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.ForceCompression, 'force-compression'],
    [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.OciMediatypes, 'oci-mediatypes'],
    [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.ImageManifest, 'image-manifest'],
    [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Timeout, 'timeout'],
    [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Bucket, 'bucket'],
    [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Region, 'region'],
    [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.EndpointUrl, 'endpoint_url'],
    [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.AccountUrl, 'account_url'],
    [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Container, 'container'],
    [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.Prefix, 'prefix'],
];
/** The cache types whose table has this attribute, for "applies to" messages. */
function typesWithAttribute(key) {
    return Object.keys(ATTRIBUTES).filter((type) => key in ATTRIBUTES[type]);
}
const GO_BOOL = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];
const GO_DURATION = /^[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;
const COMPRESSIONS = ['uncompressed', 'gzip', 'estargz', 'zstd'];
/** What each kind accepts, worded for error messages. */
const VALUE_ACCEPTED = {
    text: 'any text',
    bool: 'true or false',
    'bool-or-empty': 'true or false',
    int: 'a whole number',
    'positive-int': 'a whole number above 0',
    duration: 'a Go duration such as 30s, 10m or 1h30m',
    compression: COMPRESSIONS.join(', '),
    mode: 'min or max',
    'retry-mode': 'standard or adaptive',
};
/** Whether BuildKit's parser for this kind accepts the value. */
function isAcceptedValue(kind, value) {
    switch (kind) {
        case 'text':
            return true;
        case 'bool':
            return GO_BOOL.includes(value);
        case 'bool-or-empty':
            return value === '' || GO_BOOL.includes(value);
        case 'int':
            return /^[-+]?\d+$/.test(value);
        case 'positive-int':
            return /^\+?\d+$/.test(value) && Number(value) > 0;
        case 'duration':
            return GO_DURATION.test(value);
        case 'compression':
            return COMPRESSIONS.includes(value);
        case 'mode':
            return value === 'min' || value === 'max';
        case 'retry-mode':
            return value === 'standard' || value === 'adaptive';
    }
}


/***/ }),

/***/ 9053:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   XR: () => (/* binding */ csvField),
/* harmony export */   ef: () => (/* binding */ csvRecord),
/* harmony export */   qZ: () => (/* binding */ csvFields)
/* harmony export */ });
/**
 * CSV quoting as BuildKit's clients split a cache spec: buildctl and buildx both split it with the
 * same Go CSV field reader, which
 * follows Go's encoding/csv rules for one line: a field that starts with `"` runs to the next lone
 * `"`, `""` inside it is one quote, and commas and line breaks inside it are data. A bare `"` in an
 * unquoted field is an error. Each `key=value` pair is one field, split at its first `=`.
 */
/**
 * Quote a field when a comma or quote would end or break it, and when it holds any white space:
 * a line break would end the record for readers that split lines first (build-push-action's
 * csv-parse), and build-push-action and bake-action trim each entry, which would eat a trailing
 * space of the last value. Quoting more than Go's csv.Writer does is still valid CSV.
 */
function needsQuotes(field) {
    return /[",\s]/.test(field);
}
/** One CSV field, quoted only when it has to be (and with spaces, so none is ever trimmed). */
function csvField(field) {
    return needsQuotes(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
/** One CSV record from its fields. */
function csvRecord(fields) {
    return fields.map(csvField).join(',');
}
/**
 * The fields of one CSV record, read by the rules above (csvRecord's inverse): what BuildKit's
 * Dockerfile frontend does with a `--mount` flag. Throws on an unterminated quote, text after a
 * closing quote, or a bare quote in an unquoted field.
 */
function csvFields(record) {
    const fields = [];
    let i = 0;
    for (;;) {
        let field = '';
        if (record[i] === '"') {
            i++;
            for (;;) {
                if (i >= record.length)
                    throw new Error(`unterminated quote in ${JSON.stringify(record)}`);
                if (record[i] === '"') {
                    if (record[i + 1] === '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                field += record[i++];
            }
            if (i < record.length && record[i] !== ',')
                throw new Error(`extraneous text after a quoted field in ${JSON.stringify(record)}`);
        }
        else {
            const end = record.indexOf(',', i);
            field = record.slice(i, end < 0 ? record.length : end);
            if (field.includes('"'))
                throw new Error(`bare " in an unquoted field of ${JSON.stringify(record)}`);
            i = end < 0 ? record.length : end;
        }
        fields.push(field);
        if (i >= record.length)
            return fields;
        i++; // the comma
    }
}


/***/ }),

/***/ 9381:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   H0: () => (/* binding */ renderedForms),
/* harmony export */   gN: () => (/* binding */ bakeSet),
/* harmony export */   gO: () => (/* binding */ buildPushLines),
/* harmony export */   hW: () => (/* binding */ buildctlArgs),
/* harmony export */   w$: () => (/* binding */ buildxArgs)
/* harmony export */ });
/* unused harmony exports specCsv, shellQuote */
/* harmony import */ var _csv_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9053);
/**
 * Renderers: one cache plan in the forms the build tools take. Pure.
 *
 * Every form is read by go-csvvalue in the end (see csv.ts), but each tool adds its own layer:
 * - build-push-action reads `cache-from`/`cache-to` with csv-parse (`Util.getInputList(name,
 *   {ignoreComma: true})`) and re-joins each line's fields with
 *   `,`, which strips one level of quotes; so a line whose fields need quotes is quoted twice.
 * - bake-action reads `set` with csv-parse and `quote: false`:
 *   quotes pass through, but a line break always ends an entry.
 * - buildctl and buildx flags go through a shell: every argument is single-quoted.
 */

/** The fields of one spec: `type=<type>`, then each `key=value`. */
function specFields(spec) {
    return [`type=${spec.type}`, ...spec.attrs.map(([key, value]) => `${key}=${value}`)];
}
/** One spec as buildx and buildctl parse it: `type=gha,scope=web,mode=max`. */
function specCsv(spec) {
    return (0,_csv_js__WEBPACK_IMPORTED_MODULE_0__/* .csvRecord */ .ef)(specFields(spec));
}
/**
 * Lines for build-push-action's `cache-from`/`cache-to`: each spec's CSV fields are encoded once
 * more, so that after csv-parse and the re-join buildx receives exactly `specCsv(spec)`. Without
 * any field that needs quotes both encodings are the same text.
 */
function buildPushLines(specs) {
    return specs.map((spec) => (0,_csv_js__WEBPACK_IMPORTED_MODULE_0__/* .csvRecord */ .ef)(specFields(spec).map(_csv_js__WEBPACK_IMPORTED_MODULE_0__/* .csvField */ .XR))).join('\n');
}
/** A POSIX shell word: single quotes, with `'` written as `'\''`. */
function shellQuote(word) {
    return `'${shellEscape(word)}'`;
}
function shellEscape(text) {
    return text.replace(/'/g, `'\\''`);
}
/**
 * Every form an attribute value takes in the rendered outputs and the log: as given, with its
 * quotes doubled once (buildctl, buildx and bake CSV) or twice (build-push lines), and the CSV
 * form inside a shell word. The runner masks exact strings only, so a credential holding a quote
 * must be masked in each of these forms, or its escaped copy would be printed in clear.
 */
function renderedForms(value) {
    const csv = value.replace(/"/g, '""');
    return [...new Set([value, csv, csv.replace(/"/g, '""'), shellEscape(csv)])];
}
function flags(importFlag, exportFlag, plan) {
    return [
        ...plan.imports.map((spec) => `${importFlag} ${shellQuote(specCsv(spec))}`),
        ...plan.exports.map((spec) => `${exportFlag} ${shellQuote(specCsv(spec))}`),
    ].join(' ');
}
/** `--import-cache '…' --export-cache '…'` for `buildctl build`. */
function buildctlArgs(plan) {
    return flags('--import-cache', '--export-cache', plan);
}
/** `--cache-from '…' --cache-to '…'` for `docker buildx build`. */
function buildxArgs(plan) {
    return flags('--cache-from', '--cache-to', plan);
}
/**
 * Lines for bake-action's `set`: `<target>.cache-from=<spec>`, one per import, then the export.
 * `=` replaces what the bake file says for those targets (bake's overrides).
 */
function bakeSet(plan, target) {
    const lines = [
        ...plan.imports.map((spec) => `${target}.cache-from=${specCsv(spec)}`),
        ...plan.exports.map((spec) => `${target}.cache-to=${specCsv(spec)}`),
    ];
    if (lines.some((line) => /[\r\n]/.test(line))) {
        return { unavailable: 'a cache attribute holds a line break, which bake-action cannot pass' };
    }
    return { lines: lines.join('\n') };
}


/***/ }),

/***/ 7242:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   U9: () => (/* binding */ EXPOSED_RUNTIME_ENV),
/* harmony export */   Uw: () => (/* binding */ State),
/* harmony export */   k7: () => (/* binding */ Output),
/* harmony export */   o9: () => (/* binding */ Env),
/* harmony export */   pd: () => (/* binding */ Input)
/* harmony export */ });
/**
 * Every input, output, state and environment name the action uses, declared once.
 * `action.yml` declares the same inputs and outputs; `__tests__/action-yml.test.ts` keeps them in step.
 */
/** Inputs of the main action (`action.yml`); the post step reads the same ones. */
const Input = {
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
};
/** Outputs of the main step, then those the post step sets. */
const Output = {
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
};
/** Keys of the main → post state (`saveState` in src/runner/workflow-commands.ts); the post step sees them as `STATE_<key>`. */
const State = {
    Main: 'buildkit-cache-main',
    /** The cache mounts the main step restored (src/cache-mounts/carry.ts MountsState). */
    Mounts: 'buildkit-cache-mounts',
};
/** Environment variables the action reads or exports. */
const Env = {
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
};
/** The runtime variables the main step exports to later steps, in this order, when present. */
const EXPOSED_RUNTIME_ENV = [
    Env.RuntimeToken,
    Env.ResultsUrl,
    Env.CacheUrl,
    Env.CacheServiceV2,
];


/***/ }),

/***/ 1622:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _steps_main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2130);
/* harmony import */ var _runner_step_process_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1502);


/* istanbul ignore next */
await (0,_runner_step_process_js__WEBPACK_IMPORTED_MODULE_1__/* .runStep */ .e)(_steps_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e, 'main');

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 807:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ defaultBranchOf),
/* harmony export */   j: () => (/* binding */ readEvent)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7242);
/**
 * The workflow's event payload (`GITHUB_EVENT_PATH`) and what the action reads from it. Read once
 * by the orchestrators; the readers below are pure.
 */


/** The event payload, or undefined when there is none to read (outside Actions, unreadable). */
function readEvent(env) {
    const path = env[_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.EventPath];
    if (!path)
        return undefined;
    try {
        return JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
    }
    catch {
        return undefined;
    }
}
/** `repository.default_branch` of the payload, which most events carry. */
function defaultBranchOf(event) {
    const branch = event?.repository
        ?.default_branch;
    return typeof branch === 'string' && branch ? branch : undefined;
}


/***/ }),

/***/ 2511:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  dz: () => (/* reexport */ reader_InputError),
  lQ: () => (/* binding */ readBuilderSettings),
  Ij: () => (/* binding */ readCacheSettings),
  ll: () => (/* binding */ readMountSettings),
  yb: () => (/* binding */ readPruneSettings)
});

// UNUSED EXPORTS: BOOLEAN, DEFAULTS, DEFAULT_CACHE_LIMIT_BYTES, DEFAULT_RETENTION_MS, MATRIX_MAX_DEPTH, checkCompressionLevel, checkImageManifest, extraAttributes, lines, matrixText, notForType, oneLine, oneOf, parseBoolean, parseBuilderSettings, parseCacheSettings, parseMountSettings, parsePruneSettings, parseRef, parseRegistryPruneSettings, readRegistryPruneSettings, scopeLength, targetBytes, typedAttributes, valueOf, withCacheLimit, withInput, withRetention

;// CONCATENATED MODULE: ./src/cache-mounts/input.ts
/**
 * The cache-mount inputs as text: `cache-mounts` (empty, `auto` or lines), the image's default and
 * `cache-mount-build-args`. Pure and light: every main step reads them (src/inputs.ts), so nothing
 * here loads the Dockerfile reader; spec.ts turns them into mounts when they ask for any.
 */
/** The image the throwaway builds run in (`cache-mount-image`): it needs `sh`, `ls` and `tar`. */
const DEFAULT_MOUNT_IMAGE = 'docker.io/library/busybox:1.37';
/** `cache-mounts`: empty, `auto`, or one mount per line (`#` starts a comment line). */
function readMountsInput(value) {
    const lines = value
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
    if (lines.length === 0)
        return { kind: 'none' };
    if (lines.length === 1 && lines[0].toLowerCase() === 'auto')
        return { kind: 'auto' };
    return { kind: 'lines', lines };
}
/** `cache-mount-build-args`: `NAME=value` lines, as docker/build-push-action's `build-args`. */
function readBuildArgs(value) {
    const args = new Map();
    value.split(/\r?\n/).forEach((line, i) => {
        if (line.trim() === '')
            return;
        const eq = line.indexOf('=');
        const name = eq < 0 ? line.trim() : line.slice(0, eq).trim();
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
            throw new Error(`Input "cache-mount-build-args" line ${i + 1} does not start with a build argument name (letters, digits, _); expected NAME=value lines`);
        if (eq < 0)
            throw new Error(`Input "cache-mount-build-args" line ${i + 1}: ${name} has no =value; expected NAME=value lines`);
        args.set(name, line.slice(eq + 1));
    });
    return args;
}

// EXTERNAL MODULE: ./src/runner/workflow-commands.ts
var workflow_commands = __nccwpck_require__(1520);
// EXTERNAL MODULE: ./src/constants.ts
var constants = __nccwpck_require__(7242);
// EXTERNAL MODULE: ./src/cache-options/render.ts
var render = __nccwpck_require__(9381);
// EXTERNAL MODULE: ./src/runner/log.ts
var log = __nccwpck_require__(7708);
// EXTERNAL MODULE: ./src/units.ts
var units = __nccwpck_require__(1996);
;// CONCATENATED MODULE: ./src/inputs/reader.ts
/**
 * Reading one input: its value or default, and the errors that name it.
 */


/** A bad input: the step fails with this message. */
class reader_InputError extends Error {
    input;
    constructor(input, problem, accepted) {
        super(`Invalid input '${input}': ${problem}${accepted ? `. Accepted: ${accepted}` : ''}`);
        this.input = input;
        this.name = 'InputError';
    }
}
/**
 * Defaults the code applies when an input is empty; `action.yml` declares the same ones (a test
 * keeps them equal). Inputs whose default is an expression (`github-token`, `matrix`) or depends
 * on other inputs (`mode`, `scope`, `path`) are resolved in code.
 */
const DEFAULTS = {
    [constants/* Input */.pd.Type]: 'gha',
    [constants/* Input */.pd.Export]: 'auto',
    [constants/* Input */.pd.ExposeRuntime]: 'true',
    [constants/* Input */.pd.BakeTarget]: '*',
    [constants/* Input */.pd.Prune]: 'true',
    // Empty: the limit GitHub reports for the repository, else DEFAULT_CACHE_LIMIT.
    [constants/* Input */.pd.CacheLimit]: '',
    [constants/* Input */.pd.PruneTarget]: '90%',
    [constants/* Input */.pd.PruneGrace]: '1h',
    // Empty: the retention GitHub reports for the repository, else its default 7 days.
    [constants/* Input */.pd.OrphanAge]: '',
    [constants/* Input */.pd.ProtectDefaultBranch]: 'true',
    [constants/* Input */.pd.DryRun]: 'false',
    [constants/* Input */.pd.Summary]: 'true',
    [constants/* Input */.pd.BuilderUsage]: 'false',
    [constants/* Input */.pd.BuilderPrune]: 'false',
    [constants/* Input */.pd.Dockerfile]: 'Dockerfile',
    [constants/* Input */.pd.CacheMountImage]: DEFAULT_MOUNT_IMAGE,
};
/** The input's value, or its default when empty. */
function reader_valueOf(read, name) {
    return read(name) || DEFAULTS[name] || '';
}
const BOOLEAN = /^(true|false)$/i;
function parseBoolean(read, name) {
    const text = reader_valueOf(read, name);
    if (!BOOLEAN.test(text))
        throw new reader_InputError(name, `"${text}" is not a boolean`, 'true or false');
    return text.toLowerCase() === 'true';
}
function reader_withInput(name, text, parse, accepted) {
    try {
        return parse(text);
    }
    catch (error) {
        // The parsers end their messages in "; use <what is accepted>", which `accepted` replaces;
        // the value itself, quoted earlier in the message, may hold a ';'.
        throw new reader_InputError(name, error.message.replace(/; use [^;]*$/, ''), accepted);
    }
}
function reader_oneOf(name, text, allowed) {
    if (!allowed.includes(text)) {
        throw new reader_InputError(name, `"${text}" is not supported`, allowed.join(', '));
    }
    return text;
}
/** Lines of a multi-line input, trimmed, without blank lines and `#` comments. */
function reader_lines(text) {
    return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'));
}

// EXTERNAL MODULE: ./src/cache-options/attributes.ts
var attributes = __nccwpck_require__(5388);
;// CONCATENATED MODULE: ./src/cache-options/image-ref.ts
/**
 * Image references as BuildKit's registry cache parses them (Docker's normalised reference
 * grammar). Checked here so a bad `ref` fails the step with a message, not the build later.
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const NAME_MAX = 255;
const image_ref_IMAGE_REF_ACCEPTED = 'an image reference such as ghcr.io/owner/app or ghcr.io/owner/app:cache (optional registry host, a repository path, an optional tag)';
const HOST = new RegExp(`^${DOMAIN}$`);
const PATH = new RegExp(`^${PATH_COMPONENT}$`);
const TAG_ONLY = new RegExp(`^${TAG}$`);
const DIGEST_ONLY = new RegExp(`^${DIGEST}$`);
const refused = (text, why) => new RangeError(`"${text}" is not an image reference: ${why}`);
/**
 * Parses `registry/path[:tag][@digest]`; throws a `RangeError` that says what is wrong. A
 * repository path with upper-case letters is lower-cased (see ImageRef.given).
 */
function image_ref_parseImageRef(text) {
    if (text === '')
        throw refused(text, 'it is empty');
    if (/\s/.test(text))
        throw refused(text, 'it contains white space');
    if (text.includes('://'))
        throw refused(text, 'it has a URL scheme; give host/path');
    if (text.includes(','))
        throw refused(text, 'it contains a comma');
    const at = text.indexOf('@');
    const digest = at >= 0 ? text.slice(at + 1) : undefined;
    const named = at >= 0 ? text.slice(0, at) : text;
    const colon = named.lastIndexOf(':');
    const tag = colon > named.lastIndexOf('/') ? named.slice(colon + 1) : undefined;
    const name = tag === undefined ? named : named.slice(0, colon);
    const [first, ...rest] = name.split('/');
    // Docker reads the first component as a host only if it has a dot or port or is localhost;
    // otherwise it is a path component.
    const host = rest.length > 0 && (/[.:]/.test(first) || first === 'localhost') ? first : undefined;
    const path = host === undefined ? [first, ...rest] : rest;
    if (host !== undefined && !HOST.test(host))
        throw refused(text, `"${host}" is not a registry host`);
    if (path.some((c) => c === ''))
        throw refused(text, 'it has an empty path component');
    const lowered = path.map((c) => c.toLowerCase());
    for (const component of lowered) {
        if (!PATH.test(component)) {
            throw refused(text, `the path component "${component}" may hold only letters and digits, joined by ".", "_", "__" or "-"`);
        }
    }
    if (tag !== undefined && !TAG_ONLY.test(tag)) {
        throw refused(text, `the tag "${tag}" is not 1 to 128 letters, digits, "_", "." or "-" (not starting with "." or "-")`);
    }
    if (digest !== undefined && !DIGEST_ONLY.test(digest)) {
        throw refused(text, `the digest "${digest}" is not algorithm:hex (at least 32 hex digits)`);
    }
    const repository = [...(host === undefined ? [] : [host]), ...lowered].join('/');
    const canonical = `${repository}${tag === undefined ? '' : `:${tag}`}${digest === undefined ? '' : `@${digest}`}`;
    // The whole grammar once more, as BuildKit's parser reads it.
    if (!REFERENCE.test(canonical))
        throw refused(text, 'it is not registry/path[:tag][@digest]');
    if (repository.length > NAME_MAX) {
        throw refused(text, `its repository name is longer than ${NAME_MAX} characters`);
    }
    return {
        name: repository,
        ...(tag ? { tag } : {}),
        ...(digest ? { digest } : {}),
        ...(lowered.some((c, i) => c !== path[i]) ? { given: text } : {}),
    };
}

;// CONCATENATED MODULE: ./src/cache-options/model.ts
/** The cache-spec model: what one `--cache-from` / `--cache-to` entry holds. Pure types. */
/** The backends the action renders, as BuildKit names them. */
const CACHE_TYPES = ['gha', 'registry', 'inline', 'local', 's3', 'azblob'];
const CACHE_MODES = ['min', 'max'];

;// CONCATENATED MODULE: ./src/inputs/attributes.ts
/**
 * The attribute inputs: the typed ones that map onto one attribute each and the free-form
 * `attributes` matrix, each checked against what BuildKit accepts for the cache type.
 */




/** The typed inputs that map onto one attribute each, checked against the type's table. */
function typedAttributes(read, type) {
    const attrs = [];
    for (const [name, key] of attributes/* TYPED_ATTRIBUTE_INPUTS */.Ke) {
        const text = read(name);
        if (!text)
            continue;
        const info = attributes/* ATTRIBUTES */.iw[type][key];
        if (!info)
            throw notForType(name, type, (0,attributes/* typesWithAttribute */.gG)(key));
        oneLine(name, text);
        attrs.push([
            key,
            checkedValue(info, text, (problem, accepted) => new reader_InputError(name, problem, accepted)),
        ]);
    }
    return attrs;
}
const ONE_LINE_ACCEPTED = 'a value on one line (every value that becomes a BuildKit attribute must be: bake-set and build-push-action read one attribute set per line)';
/** Refuses a value with a line break (CR or LF), naming the input and, not quoting it, the value. */
function oneLine(name, text, value = 'it') {
    if (/[\r\n]/.test(text)) {
        throw new reader_InputError(name, `${value} holds a line break`, ONE_LINE_ACCEPTED);
    }
}
/** The levels each compression takes (util/compression): gzip and estargz 0–9, zstd 0–22. */
const COMPRESSION_LEVELS = {
    gzip: [0, 9],
    estargz: [0, 9],
    zstd: [0, 22],
};
/** `compression-level` within the range of the chosen `compression` (BuildKit's default gzip). */
/** An image manifest is an OCI manifest: BuildKit refuses it with Docker media types. */
function checkImageManifest(attrs) {
    const value = (key) => attrs.find(([k]) => k === key)?.[1];
    if (value('image-manifest') === 'true' && value('oci-mediatypes') === 'false') {
        throw new reader_InputError(constants/* Input */.pd.ImageManifest, 'true needs OCI media types, and oci-mediatypes is false', 'image-manifest: true with oci-mediatypes true (the default), or image-manifest: false');
    }
}
function checkCompressionLevel(attrs) {
    const level = attrs.find(([key]) => key === 'compression-level')?.[1];
    if (level === undefined)
        return;
    const compression = attrs.find(([key]) => key === 'compression')?.[1] ?? 'gzip';
    const range = COMPRESSION_LEVELS[compression];
    if (!range) {
        throw new reader_InputError(constants/* Input */.pd.CompressionLevel, `compression ${compression} takes no level`, 'a level with compression gzip or estargz (0-9) or zstd (0-22)');
    }
    const n = Number(level);
    if (n < range[0] || n > range[1]) {
        throw new reader_InputError(constants/* Input */.pd.CompressionLevel, `${level} is outside ${range[0]}-${range[1]}, the levels of ${compression}${attrs.some(([key]) => key === 'compression') ? '' : " (BuildKit's default compression)"}`, 'gzip and estargz 0-9, zstd 0-22');
    }
}
/** Booleans are written as Go's `true`/`false`, whatever case the user wrote. */
function checkedValue(info, text, fail) {
    const isBool = info.value === 'bool' || info.value === 'bool-or-empty';
    const value = isBool && BOOLEAN.test(text) ? text.toLowerCase() : text;
    if (!(0,attributes/* isAcceptedValue */.j3)(info.value, value)) {
        throw fail(`"${text}" is not accepted by BuildKit`, attributes/* VALUE_ACCEPTED */.u7[info.value]);
    }
    return value;
}
/** How deep a `matrix` may nest: GitHub's matrices are a few levels; the scope walks them. */
const MATRIX_MAX_DEPTH = 64;
/**
 * `matrix` as given, refused when it nests deeper than MATRIX_MAX_DEPTH (brackets outside JSON
 * strings, counted without parsing: a deep value would overflow the stack of whoever walks it).
 */
function matrixText(text) {
    let depth = 0;
    let deepest = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (inString) {
            if (c === '\\')
                i++;
            else if (c === '"')
                inString = false;
        }
        else if (c === '"')
            inString = true;
        else if (c === '[' || c === '{')
            deepest = Math.max(deepest, ++depth);
        else if (c === ']' || c === '}')
            depth--;
    }
    if (deepest > MATRIX_MAX_DEPTH) {
        throw new reader_InputError(constants/* Input */.pd.Matrix, `it nests ${deepest} levels deep`, `the default \${{ toJSON(matrix) }}, or JSON nested at most ${MATRIX_MAX_DEPTH} levels`);
    }
    return text;
}
/** The name among `names` within two edits of `text` (a typo), if any; the closest first. */
function nearest(text, names) {
    let best;
    for (const name of names) {
        const distance = editDistance(text, name);
        if (distance <= 2 && (!best || distance < best.distance))
            best = { name, distance };
    }
    return best?.name;
}
function editDistance(a, b) {
    if (Math.abs(a.length - b.length) > 2)
        return 3;
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const next = [i];
        for (let j = 1; j <= b.length; j++) {
            next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        row = next;
    }
    return row[b.length];
}
/** `extra-attrs`: one `key=value` per line; every key must be one BuildKit reads for `type`. */
function extraAttributes(text, type) {
    const table = attributes/* ATTRIBUTES */.iw[type];
    const entries = Object.entries(table);
    const viaInputs = [...new Set(entries.flatMap(([, info]) => (info.input ? [info.input] : [])))];
    const known = `${entries
        .filter(([, info]) => !info.input)
        .map(([key]) => key)
        .join(', ') || '(none)'}; set with their own inputs: ${viaInputs.join(', ')}`;
    const attrs = [];
    for (const [number, line] of reader_lines(text).entries()) {
        const at = line.indexOf('=');
        // The line itself is not quoted back: it may be a credential pasted without its key.
        if (at <= 0)
            throw new reader_InputError(constants/* Input */.pd.ExtraAttrs, `entry ${number + 1} is not key=value`, 'one key=value per line');
        const key = line.slice(0, at).trim().toLowerCase();
        const value = line.slice(at + 1).trim();
        const info = table[key];
        if (key === 'type') {
            throw new reader_InputError(constants/* Input */.pd.ExtraAttrs, '"type" is set by the \'type\' input', known);
        }
        // What comes before "=" is never quoted back: a pasted secret that holds "=" (base64
        // padding) would be printed, lower-cased, past the runner's mask. A typo is named by the
        // attribute it is close to.
        if (!info) {
            const near = nearest(key, Object.keys(table));
            throw new reader_InputError(constants/* Input */.pd.ExtraAttrs, `entry ${number + 1} names no attribute BuildKit reads for type ${type}${near ? ` (did you mean "${near}"?)` : ''}; it is not quoted here, as it may be a secret`, known);
        }
        if (info.input) {
            throw new reader_InputError(constants/* Input */.pd.ExtraAttrs, `"${key}" has its own input`, `set it with '${info.input}'`);
        }
        if (attrs.some(([seen]) => seen === key)) {
            throw new reader_InputError(constants/* Input */.pd.ExtraAttrs, `"${key}" is given twice`, 'each attribute once');
        }
        // A lone CR survives the split into lines; the value itself is not quoted (a credential).
        oneLine(constants/* Input */.pd.ExtraAttrs, value, `the value of "${key}"`);
        attrs.push([
            key,
            checkedValue(info, value, (problem, accepted) => new reader_InputError(constants/* Input */.pd.ExtraAttrs, `${key}: ${problem}`, accepted)),
        ]);
    }
    return attrs;
}

;// CONCATENATED MODULE: ./src/inputs/cache.ts
/**
 * The main step's cache inputs (`type`, `mode`, `scope`, `ref`, …) → CacheSettings.
 */






const SCOPE_MAX = 255;
/** Refuses a scope longer than SCOPE_MAX; `value` names it in the message. */
function cache_scopeLength(scope, value = 'it') {
    if (scope.length > SCOPE_MAX) {
        throw new reader_InputError(constants/* Input */.pd.Scope, `${value} is ${scope.length} characters long`, `at most ${SCOPE_MAX} characters`);
    }
}
// Bake target names are [a-zA-Z0-9_-]; patterns add * ? and [].
const BAKE_TARGET = /^[A-Za-z0-9_*?[\]-]+$/;
function parseCacheSettings(read) {
    const type = reader_oneOf(constants/* Input */.pd.Type, reader_valueOf(read, constants/* Input */.pd.Type), CACHE_TYPES);
    const table = attributes/* ATTRIBUTES */.iw[type];
    const modeText = read(constants/* Input */.pd.Mode);
    const mode = modeText
        ? reader_oneOf(constants/* Input */.pd.Mode, modeText, CACHE_MODES)
        : type === 'inline'
            ? 'min'
            : 'max';
    if (type === 'inline' && mode === 'max') {
        throw new reader_InputError(constants/* Input */.pd.Mode, 'type inline supports mode min only (BuildKit writes inline cache for the final image alone); use type registry to export max-mode cache', 'min, or type registry with mode max');
    }
    const scope = read(constants/* Input */.pd.Scope) || undefined;
    if (scope !== undefined) {
        cache_scopeLength(scope);
        oneLine(constants/* Input */.pd.Scope, scope);
    }
    const ref = parseRef(read, type);
    const path = onlyFor(read, constants/* Input */.pd.Path, type, ['local']);
    if (path !== undefined)
        oneLine(constants/* Input */.pd.Path, path);
    const ignoreErrorText = read(constants/* Input */.pd.IgnoreError);
    if (ignoreErrorText && !('ignore-error' in table)) {
        throw notForType(constants/* Input */.pd.IgnoreError, type, (0,attributes/* typesWithAttribute */.gG)('ignore-error'), 'inline cache is written by the image exporter, which does not read it');
    }
    const ignoreError = ignoreErrorText ? parseBoolean(read, constants/* Input */.pd.IgnoreError) : true;
    const typed = typedAttributes(read, type);
    checkCompressionLevel(typed);
    checkImageManifest(typed);
    // extra-attrs refuses every attribute that has an input, so the two never overlap.
    const attrs = [...typed, ...extraAttributes(read(constants/* Input */.pd.ExtraAttrs), type)];
    const secrets = attrs
        .filter(([key]) => table[key]?.secret)
        .map(([, value]) => value)
        .filter(Boolean);
    const bakeTarget = reader_valueOf(read, constants/* Input */.pd.BakeTarget);
    if (!BAKE_TARGET.test(bakeTarget)) {
        throw new reader_InputError(constants/* Input */.pd.BakeTarget, `"${bakeTarget}" is not a bake target name or pattern`, 'letters, digits, _, -, and the patterns * ? []');
    }
    const exportText = reader_oneOf(constants/* Input */.pd.Export, reader_valueOf(read, constants/* Input */.pd.Export).toLowerCase(), [
        'auto',
        'true',
        'false',
    ]);
    return {
        type,
        mode,
        ...(scope !== undefined ? { scope } : {}),
        ...(ref ? { ref } : {}),
        ...(path !== undefined ? { path } : {}),
        ignoreError,
        attrs,
        secrets,
        bakeTarget,
        matrix: matrixText(read(constants/* Input */.pd.Matrix)),
        export: exportText === 'auto' ? 'auto' : exportText === 'true',
        exposeRuntime: parseBoolean(read, constants/* Input */.pd.ExposeRuntime),
    };
}
function notForType(name, type, types, why) {
    return new reader_InputError(name, `it does not apply to type ${type}${why ? ` (${why})` : ''}`, `set it only with type ${types.join(', ')}`);
}
function onlyFor(read, name, type, types) {
    const text = read(name);
    if (!text)
        return undefined;
    if (!types.includes(type))
        throw notForType(name, type, types);
    return text;
}
function parseRef(read, type) {
    const needsRef = ['registry', 'inline'];
    const text = onlyFor(read, constants/* Input */.pd.Ref, type, needsRef);
    if (!needsRef.includes(type))
        return undefined;
    if (!text) {
        const what = type === 'registry' ? 'the cache repository' : 'the image the build pushes';
        throw new reader_InputError(constants/* Input */.pd.Ref, `type ${type} needs ${what}, and it is empty`, image_ref_IMAGE_REF_ACCEPTED);
    }
    const ref = reader_withInput(constants/* Input */.pd.Ref, text, image_ref_parseImageRef, image_ref_IMAGE_REF_ACCEPTED);
    if (type === 'registry' && ref.digest) {
        throw new reader_InputError(constants/* Input */.pd.Ref, `"${text}" names a digest, which cannot be exported to`, 'a repository with an optional tag, e.g. ghcr.io/owner/app:cache');
    }
    return ref;
}

;// CONCATENATED MODULE: ./src/inputs/prune.ts
/**
 * The pruning inputs of the post step and `prune` → PruneSettings, RegistryPruneSettings.
 */





/** GitHub's default cache retention: entries unused this long are dropped. */
const DEFAULT_RETENTION_MS = 7 * 86_400_000;
/** The settings with the retention GitHub reports for the repository, when orphan-age is empty. */
function withRetention(settings, retentionMs) {
    if (settings.orphanAgeSource === 'input')
        return settings;
    return { ...settings, orphanAgeMs: retentionMs, orphanAgeSource: 'github' };
}
/** GitHub's default repository cache limit, used when cache-limit is empty and none is reported. */
const DEFAULT_CACHE_LIMIT_BYTES = 10e9;
function parsePruneSettings(read) {
    const limitText = reader_valueOf(read, constants/* Input */.pd.CacheLimit);
    const orphanText = reader_valueOf(read, constants/* Input */.pd.OrphanAge);
    const cacheLimitBytes = limitText
        ? reader_withInput(constants/* Input */.pd.CacheLimit, limitText, units/* parseSize */.DB, units/* SIZE_ACCEPTED */.Uf)
        : DEFAULT_CACHE_LIMIT_BYTES;
    if (cacheLimitBytes <= 0)
        throw new reader_InputError(constants/* Input */.pd.CacheLimit, 'it is zero', 'a size above 0');
    const targetText = reader_valueOf(read, constants/* Input */.pd.PruneTarget);
    const targetAccepted = `${units/* PERCENT_ACCEPTED */.Ov} (of cache-limit), or ${units/* SIZE_ACCEPTED */.Uf}`;
    const pruneTarget = targetText.trim().endsWith('%')
        ? { share: reader_withInput(constants/* Input */.pd.PruneTarget, targetText, units/* parsePercent */.lo, targetAccepted) }
        : { bytes: reader_withInput(constants/* Input */.pd.PruneTarget, targetText, units/* parseSize */.DB, targetAccepted) };
    const pruneTargetBytes = targetBytes(pruneTarget, cacheLimitBytes);
    // A size against the limit GitHub will report is checked once it is known (withCacheLimit).
    if (pruneTargetBytes <= 0 || (limitText && pruneTargetBytes > cacheLimitBytes)) {
        throw new reader_InputError(constants/* Input */.pd.PruneTarget, `"${targetText}" is ${pruneTargetBytes} bytes, outside 1 byte to cache-limit (${cacheLimitBytes} bytes)`, targetAccepted);
    }
    return {
        prune: parseBoolean(read, constants/* Input */.pd.Prune),
        cacheLimitBytes,
        cacheLimitSource: limitText ? 'input' : 'default',
        pruneTargetBytes,
        pruneTarget,
        pruneGraceMs: reader_withInput(constants/* Input */.pd.PruneGrace, reader_valueOf(read, constants/* Input */.pd.PruneGrace), units/* parseDuration */.E9, units/* DURATION_ACCEPTED */.Vj),
        orphanAgeMs: orphanText
            ? reader_withInput(constants/* Input */.pd.OrphanAge, orphanText, units/* parseDuration */.E9, units/* DURATION_ACCEPTED */.Vj)
            : DEFAULT_RETENTION_MS,
        orphanAgeSource: orphanText ? 'input' : 'default',
        protectDefaultBranch: parseBoolean(read, constants/* Input */.pd.ProtectDefaultBranch),
        githubToken: read(constants/* Input */.pd.GithubToken),
        dryRun: parseBoolean(read, constants/* Input */.pd.DryRun),
        summary: parseBoolean(read, constants/* Input */.pd.Summary),
    };
}
const PRUNE_TYPES = (/* unused pure expression or super */ null && (['gha', 'registry']));
/**
 * `prune`'s `type`, `ref` and `scope`: undefined for type gha (the Actions cache), the registry
 * targets for type registry. The tag names the main step derives need both the repository and
 * the scope, so both are required.
 */
function targetBytes(target, limitBytes) {
    return 'share' in target ? Math.floor(limitBytes * target.share) : target.bytes;
}
/**
 * The settings with the limit GitHub reports for the repository, when cache-limit was left
 * empty: prune-target's share of it, or its size (at most the limit).
 */
function withCacheLimit(settings, reportedBytes) {
    if (settings.cacheLimitSource === 'input')
        return settings;
    return {
        ...settings,
        cacheLimitBytes: reportedBytes,
        cacheLimitSource: 'github',
        pruneTargetBytes: Math.min(reportedBytes, targetBytes(settings.pruneTarget, reportedBytes)),
    };
}
function prune_parseRegistryPruneSettings(read) {
    const type = oneOf(Input.Type, read(Input.Type) || 'gha', PRUNE_TYPES);
    if (type === 'gha') {
        for (const name of [Input.Ref, Input.Scope]) {
            if (read(name))
                throw new InputError(name, 'it is for type registry, and type is gha', 'type: registry with ref and scope, or neither');
        }
        return undefined;
    }
    const refLines = lines(read(Input.Ref));
    if (refLines.length === 0) {
        throw new InputError(Input.Ref, 'type registry needs the cache repository, and it is empty', `${IMAGE_REF_ACCEPTED}, one per line`);
    }
    const repositories = refLines.map((text) => {
        const ref = withInput(Input.Ref, text, parseImageRef, IMAGE_REF_ACCEPTED);
        if (ref.digest)
            throw new InputError(Input.Ref, `"${text}" names a digest`, 'a repository with an optional tag, as the main step takes');
        return ref;
    });
    const scopes = lines(read(Input.Scope));
    if (scopes.length === 0) {
        throw new InputError(Input.Scope, 'type registry needs the scopes the building jobs use, and it is empty', "one scope per line: each building job's scope input, or its job id where it sets none");
    }
    for (const scope of scopes)
        scopeLength(scope, `"${scope.slice(0, 40)}…"`);
    return { repositories, scopes };
}

;// CONCATENATED MODULE: ./src/inputs.ts
/**
 * The only reader of action inputs: typed, validated settings for the main step, the post step
 * and the `prune` entry point. The parsers take an input reader, so they are tested without
 * the runner's environment; `read*Settings()` bind them to `getInput` (src/runner/workflow-commands.ts).
 *
 * Every error names the input, says what was wrong and what is accepted.
 */














function parseBuilderSettings(read) {
    const storage = read(constants/* Input */.pd.BuilderKeepStorage);
    const duration = read(constants/* Input */.pd.BuilderKeepDuration);
    return {
        usage: parseBoolean(read, constants/* Input */.pd.BuilderUsage),
        prune: parseBoolean(read, constants/* Input */.pd.BuilderPrune),
        ...(storage
            ? { keepStorageBytes: reader_withInput(constants/* Input */.pd.BuilderKeepStorage, storage, units/* parseSize */.DB, units/* SIZE_ACCEPTED */.Uf) }
            : {}),
        ...(duration
            ? {
                keepDurationMs: reader_withInput(constants/* Input */.pd.BuilderKeepDuration, duration, units/* parseDuration */.E9, units/* DURATION_ACCEPTED */.Vj),
            }
            : {}),
        filters: reader_lines(read(constants/* Input */.pd.BuilderPruneFilter)),
    };
}
/** Image references are one word: registry/name[:tag][@digest]. */
const IMAGE_WORD = /^[a-z0-9][a-z0-9._\-/:@]*$/i;
function parseMountSettings(read) {
    const mounts = readMountsInput(read(constants/* Input */.pd.CacheMounts));
    const dockerfile = reader_valueOf(read, constants/* Input */.pd.Dockerfile);
    oneLine(constants/* Input */.pd.Dockerfile, dockerfile);
    const builder = read(constants/* Input */.pd.Builder) || undefined;
    if (builder !== undefined) {
        oneLine(constants/* Input */.pd.Builder, builder);
        if (/\s/.test(builder))
            throw new reader_InputError(constants/* Input */.pd.Builder, 'it holds a blank', "a buildx builder's name (steps.<id>.outputs.name of docker/setup-buildx-action) or a BuildKit address such as tcp://buildkitd:1234");
    }
    const image = reader_valueOf(read, constants/* Input */.pd.CacheMountImage);
    if (!IMAGE_WORD.test(image))
        throw new reader_InputError(constants/* Input */.pd.CacheMountImage, 'it is not an image reference', `an image with sh and tar, by tag or digest (default ${DEFAULT_MOUNT_IMAGE})`);
    const buildArgs = readBuildArgs(read(constants/* Input */.pd.CacheMountBuildArgs));
    return { mounts, dockerfile, ...(builder ? { builder } : {}), image, buildArgs };
}
/** `runner.getInput` with surrounding white space trimmed (extra-attrs keeps its inner lines). */
const actionInput = (name) => workflow_commands/* getInput */.V4(name);
/** Cache settings from the action's inputs; credentials in attributes are masked. */
function readCacheSettings() {
    const settings = parseCacheSettings(actionInput);
    // Every form the outputs and the log print it in, each masked line by line too.
    (0,log/* maskSecret */.$l)(...settings.secrets.flatMap(render/* renderedForms */.H0));
    return settings;
}
/** Pruning settings from the action's inputs; the GitHub token is masked. */
function readPruneSettings() {
    const settings = parsePruneSettings(actionInput);
    if (settings.githubToken)
        (0,log/* maskSecret */.$l)(settings.githubToken);
    return settings;
}
function readRegistryPruneSettings() {
    return parseRegistryPruneSettings(actionInput);
}
function readMountSettings() {
    return parseMountSettings(actionInput);
}
function readBuilderSettings() {
    return parseBuilderSettings(actionInput);
}


/***/ }),

/***/ 719:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   OU: () => (/* binding */ localPaths),
/* harmony export */   j5: () => (/* binding */ localExportDir)
/* harmony export */ });
/* unused harmony export globEscape */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/**
 * The directories one `type=local` scope uses. BuildKit imports from `path` and exports into a fresh
 * `<path>-new`; the post step swaps the new layout in, so blobs the new cache no longer references
 * leave with the old directory instead of piling up (BuildKit's local exporter never deletes a blob,
 * see the recorded `tree-after-two-exports.txt`). Pure.
 */

/**
 * Where BuildKit exports a local cache: a fresh directory beside the restored one, so the old
 * blobs do not pile up; the post step swaps it in (docker/build-push-action#252's "Move cache").
 */
function localExportDir(path) {
    return `${path}-new`;
}
/**
 * Whether `path` is `dir` or one of its parents. The post step replaces `path` with the cache and
 * the next job's main step clears it: the checkout, HOME, RUNNER_TEMP or the tool cache would go.
 */
function covers(path, dir) {
    const inner = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.normalize)(dir).replace(/(.)[\\/]+$/, '$1');
    return inner === path || inner.startsWith(path.endsWith('/') ? path : `${path}/`);
}
function localPaths(path, protectedDirs = []) {
    if (!(0,node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute)(path)) {
        throw new Error(`Input "path" is "${path}": type=local needs an absolute directory (the default is under RUNNER_TEMP).`);
    }
    const clean = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.normalize)(path).replace(/(.)[\\/]+$/, '$1');
    if (clean === '/' || /^[A-Za-z]:\\?$/.test(clean)) {
        throw new Error(`Input "path" is "${path}": a file-system root cannot hold the cache, name a directory under it.`);
    }
    if (clean.includes('\n'))
        throw new Error('Input "path" contains a line break: name one directory.');
    for (const { name, dir } of protectedDirs) {
        if (!dir || !(0,node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute)(dir) || !covers(clean, dir))
            continue;
        throw new Error(`Input "path" is "${path}", which ${(0,node_path__WEBPACK_IMPORTED_MODULE_0__.normalize)(dir) === clean ? 'is' : 'contains'} ${name} (${dir}): the post step replaces the directory with the cache, and the next job's restore would delete what is there. Accepted: a directory of its own, such as one under RUNNER_TEMP (the default).`);
    }
    return {
        path: clean,
        export: localExportDir(clean),
        previous: `${clean}-old`,
        cachePattern: globEscape(clean),
    };
}
/**
 * Escapes the characters @actions/glob would read as a pattern, the way its own `Pattern.globEscape`
 * does, so a scope named `a*b` names one directory.
 */
function globEscape(path) {
    return (process.platform === 'win32' ? path : path.replace(/\\/g, '\\\\'))
        .replace(/\[(?=[^/]+\])/g, '[[]')
        .replace(/\?/g, '[?]')
        .replace(/\*/g, '[*]');
}


/***/ }),

/***/ 1977:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   BT: () => (/* binding */ mergeQueueBase),
/* harmony export */   Ll: () => (/* binding */ importChain),
/* harmony export */   bP: () => (/* binding */ refSlug)
/* harmony export */ });
/* unused harmony exports branchRef, pullRequestRef, pullRequestNumber, branchName, canRead, readByOtherRefs */
/**
 * Git refs, the one place that reads `refs/heads/…`, `refs/pull/…` and `refs/tags/…`: which refs a
 * run imports from, and who can read whose cache. A run restores from its own ref, the default
 * branch and, for a pull request, its base branch (docs/github-cache.md §1). `gha` gets that chain
 * from the runtime token and BuildKit reads every ref in it; `registry` tags mirror it. Pure.
 */
const HEADS = 'refs/heads/';
const TAGS = 'refs/tags/';
/** A branch name → its ref: `main` → `refs/heads/main`. */
function branchRef(name) {
    return `${HEADS}${name}`;
}
/** A pull request's number → the ref its jobs write their caches to: 7 → `refs/pull/7/merge`. */
function pullRequestRef(number) {
    return `refs/pull/${number}/merge`;
}
/** `refs/pull/<n>/merge` (or `/head`) → n. */
function pullRequestNumber(ref) {
    const match = /^refs\/pull\/([1-9][0-9]*)\/(?:merge|head)$/.exec(ref);
    return match ? Number(match[1]) : undefined;
}
const MERGE_QUEUE = /^refs\/heads\/gh-readonly-queue\/(.+)\/pr-[1-9][0-9]*-[0-9a-f]{7,64}$/;
/**
 * A merge queue's ref (`refs/heads/gh-readonly-queue/<base>/pr-<n>-<sha>`) → its base branch's
 * ref. Such a ref lives while its queue entry does, and no later run reads what it exports.
 */
function mergeQueueBase(ref) {
    const base = MERGE_QUEUE.exec(ref)?.[1];
    return base === undefined ? undefined : branchRef(base);
}
/** `refs/heads/<name>` → name. */
function branchName(ref) {
    return ref.startsWith(HEADS) && ref.length > HEADS.length ? ref.slice(HEADS.length) : undefined;
}
/**
 * Whether a job in `reader`'s ref may read entries in `owner`'s ref, so an index written in
 * `reader` may reference blobs stored in `owner` (BuildKit does not re-upload a blob it can see:
 * fixtures/buildkit-v0.24.0-gha, "the feature index references blobs that live in
 * refs/heads/main"). A pull request's base branch is not known here, so any branch counts:
 * it errs towards keeping.
 */
function canRead(reader, owner, defaultRef) {
    if (reader === owner || owner === defaultRef)
        return true;
    return pullRequestNumber(reader) !== undefined && branchName(owner) !== undefined;
}
/**
 * Whether refs other than `owner` may read its entries (canRead): every ref reads the default
 * branch, a pull request any branch. Nothing but a pull request itself reads its ref.
 */
function readByOtherRefs(owner, defaultRef) {
    return owner === defaultRef || branchName(owner) !== undefined;
}
/**
 * Own ref, then the PR base (or the merge queue's base), then the default branch, as full refs,
 * without repeats.
 */
function importChain(context) {
    const chain = [
        context.ref,
        context.baseRef && branchRef(context.baseRef),
        context.ref && mergeQueueBase(context.ref),
        context.defaultBranch && branchRef(context.defaultBranch),
    ].filter((ref) => Boolean(ref));
    return [...new Set(chain)];
}
/** A readable name for a ref: `feature/x` for a branch, `pr-12` for a pull request, `tag-v1`. */
function refSlug(ref) {
    const pull = pullRequestNumber(ref);
    if (pull !== undefined)
        return `pr-${pull}`;
    const branch = branchName(ref);
    if (branch !== undefined)
        return branch;
    if (ref.startsWith(TAGS))
        return `tag-${ref.slice(TAGS.length)}`;
    return ref.replace(/^refs\//, '');
}


/***/ }),

/***/ 3403:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   FN: () => (/* binding */ escapeLegacyCommands),
/* harmony export */   GH: () => (/* binding */ neutralLine),
/* harmony export */   J3: () => (/* binding */ neutralText),
/* harmony export */   Q6: () => (/* binding */ visibleText),
/* harmony export */   kc: () => (/* binding */ errorText),
/* harmony export */   pF: () => (/* binding */ singleLine),
/* harmony export */   uz: () => (/* binding */ splitLines),
/* harmony export */   yO: () => (/* binding */ escapeLineBreaks)
/* harmony export */ });
/**
 * What the runner reads as a workflow command in a step's output: a line that starts with `::`
 * (`::add-mask::`, `::error::`, `::set-output …`), and the legacy form `##[command]` anywhere in
 * a line. A logged value (an input, an environment value, a key from the listing, an error text)
 * must start neither, so every line the steps log goes through `neutralLine` (src/runner/log.ts), and a
 * value that may hold a line break through `singleLine`, which also keeps it readable on one line.
 * Pure.
 */
/** `##[` written so the runner does not read it: `##\[`. */
const LEGACY_COMMAND = /##\[/g;
/** `##[` anywhere written as `##\[`: what neutralLine does to the middle of a line. */
function escapeLegacyCommands(text) {
    return text.replace(LEGACY_COMMAND, '##\\[');
}
/**
 * Characters a terminal or a browser acts on instead of showing: C0 and C1 controls (ESC starts
 * colour and cursor sequences, NUL cuts text), DEL, and the bidirectional overrides and isolates
 * that reorder what follows (a key `abc\u202Eexe.` reads backwards). Tab, CR and LF are left to
 * the callers that handle lines.
 */
const INVISIBLE = 
// eslint-disable-next-line no-control-regex -- matching control characters is the point
/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Each INVISIBLE character written as `\u{…}`: shown literally, acted on by nothing. */
function visibleText(text) {
    return text.replace(INVISIBLE, (c) => `\\u{${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}}`);
}
/**
 * One line that starts no workflow command and carries no control character: `##[` becomes
 * `##\[`, a leading `::` `\::`, ESC `\u{001B}`.
 */
function neutralLine(line) {
    return visibleText(escapeLegacyCommands(line)).replace(/^::/, '\\::');
}
/** CR and LF written as `\r` and `\n`: the text on one line. */
function escapeLineBreaks(text) {
    return text.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}
/** The lines of a text, as the runner reads them: a lone CR ends a line too. */
function splitLines(text) {
    return text.split(/\r\n|\r|\n/);
}
/** Text on one line (CR and LF written as `\r`, `\n`) that starts no workflow command. */
function singleLine(text) {
    return neutralLine(escapeLineBreaks(text));
}
/** Every line of a block neutralised. */
function neutralText(text) {
    return splitLines(text).map(neutralLine).join('\n');
}
/** An error's message, or the thrown value as text: what a step logs of what went wrong. */
function errorText(error) {
    return error instanceof Error ? error.message : String(error);
}


/***/ }),

/***/ 7708:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $l: () => (/* binding */ maskSecret),
/* harmony export */   Rm: () => (/* binding */ log)
/* harmony export */ });
/* unused harmony export writeSummary */
/* harmony import */ var _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1520);
/* harmony import */ var _log_line_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3403);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2995);
/**
 * The steps' log (src/runner/workflow-commands.ts), with every line neutralised (src/runner/log-line.ts), so
 * that no logged value can start a workflow command. Warnings and failures are escaped for CR,
 * LF and `%` as workflow commands are; `##[` is neutralised here.
 */



const log = {
    info: (text) => _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_log_line_js__WEBPACK_IMPORTED_MODULE_2__/* .neutralText */ .J3)(text)),
    debug: (text) => _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz((0,_log_line_js__WEBPACK_IMPORTED_MODULE_2__/* .neutralLine */ .GH)(text)),
    warning: (text) => _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e((0,_log_line_js__WEBPACK_IMPORTED_MODULE_2__/* .neutralLine */ .GH)(text)),
    failed: (text) => _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1((0,_log_line_js__WEBPACK_IMPORTED_MODULE_2__/* .neutralLine */ .GH)(text)),
    group: (title) => _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .startGroup */ .Oh((0,_log_line_js__WEBPACK_IMPORTED_MODULE_2__/* .neutralLine */ .GH)(title)),
    endGroup: () => _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .endGroup */ .N4(),
};
/**
 * Appends what `render` returns to the job summary, nothing when it is empty. A failure, in
 * rendering or in writing, is one warning: a summary never fails a step.
 */
async function writeSummary(render) {
    try {
        const markdown = render();
        if (markdown)
            await runner.appendSummary(markdown);
    }
    catch (error) {
        log.warning(`the job summary could not be written: ${errorText(error)}`);
    }
}
/**
 * Masks secrets in every form they may be printed in (src/runner/secrets.ts), and remembers them so
 * that text cut short is redacted before the cut.
 */
function maskSecret(...values) {
    for (const form of (0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .rememberSecrets */ .hR)(values))
        _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(form);
}


/***/ }),

/***/ 2995:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   hR: () => (/* binding */ rememberSecrets)
/* harmony export */ });
/* unused harmony exports secretForms, redactSecrets, forgetSecrets */
/* harmony import */ var _log_line_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3403);
/**
 * The secrets this process was given, in every form it may print them: the runner masks exact
 * strings, line by line, so a secret that holds a line break is masked by each of its lines and by
 * its form on one line (src/runner/log-line.ts singleLine writes CR and LF as `\r`, `\n`); and text that
 * is cut short (an error body) is redacted before it is cut, so no fragment of a secret survives
 * the cut unmasked. Pure but for the process-wide list; src/runner/log.ts tells the runner.
 */

const known = new Set();
/** Lines shorter than this are not masked on their own: they would mask ordinary words. */
const MIN_LINE = 4;
/**
 * The strings to mask for `value`: itself, its one-line form, and each of its lines (for a
 * value with a line break); and each of those as a logged line prints it when it holds `##[` or
 * starts with `::` (src/runner/log-line.ts neutralLine), in the middle of a line and at its start.
 */
function secretForms(value) {
    if (value === '')
        return [];
    const forms = [value];
    if (/[\r\n]/.test(value)) {
        forms.push((0,_log_line_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeLineBreaks */ .yO)(value));
        for (const line of (0,_log_line_js__WEBPACK_IMPORTED_MODULE_0__/* .splitLines */ .uz)(value))
            if (line.length >= MIN_LINE)
                forms.push(line);
    }
    const printed = forms.flatMap((form) => [(0,_log_line_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeLegacyCommands */ .FN)(form), (0,_log_line_js__WEBPACK_IMPORTED_MODULE_0__/* .neutralLine */ .GH)(form)]);
    return [...new Set([...forms, ...printed])];
}
/** Remembers `values` (and their forms) as secrets; returns every form to mask. */
function rememberSecrets(values) {
    const forms = [...new Set(values.flatMap(secretForms))];
    for (const form of forms)
        known.add(form);
    return forms;
}
/** `text` with every remembered secret form replaced by `***`, longest first. */
function redactSecrets(text) {
    let out = text;
    for (const form of [...known].sort((a, b) => b.length - a.length)) {
        if (out.includes(form))
            out = out.split(form).join('***');
    }
    return out;
}
/** Forgets every secret (tests). */
function forgetSecrets() {
    known.clear();
}


/***/ }),

/***/ 1502:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ runStep)
/* harmony export */ });
/* unused harmony export reportStray */
/* harmony import */ var _log_line_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3403);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7708);
/**
 * The process around a step: what happens to errors nobody awaited, and when the process ends.
 *
 * - HTTP clients can leave sockets and retry timers behind (@actions/cache notes this for its
 *   restore and exits early after it), which would keep the step running
 *   after its work is done; so the step exits as soon as `run()` settles.
 * - An error thrown from a callback nobody awaits (actions/cache installs the same guard for a
 *   known upload leak in @actions/toolkit) would crash the process and fail the step. The main step
 *   reports it as a failure, as it does every error; the post step and `prune` report it as a
 *   warning, because they must never fail a job that built fine.
 */


/** Reports an error that escaped every `await`, in the way the step reports its own errors. */
function reportStray(kind, error) {
    if (kind === 'main')
        _log_js__WEBPACK_IMPORTED_MODULE_0__/* .log */ .Rm.failed((0,_log_line_js__WEBPACK_IMPORTED_MODULE_1__/* .errorText */ .kc)(error));
    else
        _log_js__WEBPACK_IMPORTED_MODULE_0__/* .log */ .Rm.warning(`${kind === 'post' ? 'post step' : 'prune'}: ${(0,_log_line_js__WEBPACK_IMPORTED_MODULE_1__/* .errorText */ .kc)(error)}`);
}
/** Runs a step's `run()` with the stray-error guard installed, then exits with its exit code. */
async function runStep(run, kind, proc = process) {
    const stray = (error) => reportStray(kind, error);
    proc.on('uncaughtException', stray);
    proc.on('unhandledRejection', stray);
    await run();
    proc.exit(Number(proc.exitCode ?? 0) || 0);
}


/***/ }),

/***/ 1520:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $e: () => (/* binding */ warning),
/* harmony export */   C1: () => (/* binding */ setFailed),
/* harmony export */   LZ: () => (/* binding */ saveState),
/* harmony export */   N4: () => (/* binding */ endGroup),
/* harmony export */   Oh: () => (/* binding */ startGroup),
/* harmony export */   Pq: () => (/* binding */ setSecret),
/* harmony export */   V4: () => (/* binding */ getInput),
/* harmony export */   Yz: () => (/* binding */ debug),
/* harmony export */   dN: () => (/* binding */ exportVariable),
/* harmony export */   pq: () => (/* binding */ info),
/* harmony export */   uH: () => (/* binding */ setOutput)
/* harmony export */ });
/* unused harmony exports getState, appendSummary */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/**
 * The runner's side of a JavaScript action: inputs from `INPUT_*`, outputs, state and exported
 * variables through the runner's files (`GITHUB_OUTPUT`, `GITHUB_STATE`, `GITHUB_ENV`, heredoc
 * entries with a random delimiter), masks and log lines as workflow commands on stdout, and the
 * job summary (`GITHUB_STEP_SUMMARY`). It writes exactly what @actions/core 3 writes for the same
 * calls (__tests__/runner/workflow-commands.test.ts runs both side by side); it exists so the steps do
 * not load @actions/core, whose OIDC client brings in an HTTP stack (undici) that no step uses
 * and whose loading cost more start-up than the main step's own work (docs/benchmarks.md §3).
 */



const text = (value) => value === null || value === undefined
    ? ''
    : typeof value === 'string' || value instanceof String
        ? String(value)
        : JSON.stringify(value);
const escapeData = (value) => text(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (value) => escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
/** `::name key=value,…::message` on stdout. */
function command(name, properties, message) {
    const props = Object.entries(properties)
        .filter(([, value]) => value)
        .map(([key, value]) => `${key}=${escapeProperty(value)}`)
        .join(',');
    process.stdout.write(`::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`);
}
/** `name<<delimiter`, the value, the delimiter: one entry of a runner file. */
function keyValue(name, value) {
    const delimiter = `ghadelimiter_${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`;
    const converted = text(value);
    if (name.includes(delimiter))
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    if (converted.includes(delimiter))
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    return `${name}<<${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${converted}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${delimiter}`;
}
/** Appends to the runner file `GITHUB_<kind>`, or says why it cannot. */
function fileCommand(kind, message) {
    const path = process.env[`GITHUB_${kind}`];
    if (!path)
        throw new Error(`Unable to find environment variable for file command ${kind}`);
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(path))
        throw new Error(`Missing file at path: ${path}`);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.appendFileSync)(path, `${message}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`, { encoding: 'utf8' });
}
/** An input's value, trimmed; '' when not set. */
function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}
function setOutput(name, value) {
    if (process.env.GITHUB_OUTPUT)
        return fileCommand('OUTPUT', keyValue(name, value));
    process.stdout.write(node_os__WEBPACK_IMPORTED_MODULE_2__.EOL);
    command('set-output', { name }, text(value));
}
function saveState(name, value) {
    if (process.env.GITHUB_STATE)
        return fileCommand('STATE', keyValue(name, value));
    command('save-state', { name }, text(value));
}
/** What the main step saved under `name`, as the runner hands it to the post step. */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
/** Sets the variable for this process and every later step of the job. */
function exportVariable(name, value) {
    process.env[name] = text(value);
    if (process.env.GITHUB_ENV)
        return fileCommand('ENV', keyValue(name, value));
    command('set-env', { name }, text(value));
}
function setSecret(secret) {
    command('add-mask', {}, secret);
}
function info(message) {
    process.stdout.write(message + node_os__WEBPACK_IMPORTED_MODULE_2__.EOL);
}
function debug(message) {
    command('debug', {}, message);
}
function warning(message) {
    command('warning', {}, message);
}
/** An error annotation, and the step fails when it exits. */
function setFailed(message) {
    process.exitCode = 1;
    command('error', {}, message);
}
function startGroup(name) {
    command('group', {}, name);
}
function endGroup() {
    command('endgroup', {}, '');
}
/**
 * Appends Markdown to the job summary. Synchronous file calls: loading node:fs/promises would cost
 * the main step a few milliseconds of start-up for a summary it rarely writes.
 */
async function appendSummary(markdown) {
    const path = process.env.GITHUB_STEP_SUMMARY;
    if (!path) {
        throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
    }
    try {
        accessSync(path, constants.R_OK | constants.W_OK);
    }
    catch {
        throw new Error(`Unable to access summary file: '${path}'. Check if the file has correct read/write permissions.`);
    }
    appendFileSync(path, markdown, { encoding: 'utf8' });
}


/***/ }),

/***/ 3683:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Dw: () => (/* binding */ exposeRuntime),
/* harmony export */   Ge: () => (/* binding */ tokenRefs),
/* harmony export */   S5: () => (/* binding */ discoverRuntime),
/* harmony export */   mK: () => (/* binding */ describeRuntime),
/* harmony export */   mS: () => (/* binding */ missingForGha)
/* harmony export */ });
/* unused harmony exports isGhes, cacheServiceProtocol, cacheServiceUrl, runtimeCredentials, decodeTokenScopes */
/* harmony import */ var _runner_workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1520);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7242);
/* harmony import */ var _runner_log_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(7708);
/**
 * The Actions cache runtime: which cache service this job talks to (v2, or v1 on GHES), what its
 * runtime token may read and write, and handing the runtime variables to later steps.
 *
 * The runner gives `ACTIONS_RUNTIME_TOKEN`, `ACTIONS_RESULTS_URL`, `ACTIONS_CACHE_URL` and
 * `ACTIONS_CACHE_SERVICE_V2` to JavaScript actions only, not to `run:` steps
 * (actions/runner src/Runner.Worker/Handlers/NodeScriptActionHandler.cs vs ScriptHandler.cs);
 * buildx and buildctl read them to fill in `type=gha` (docs/github-cache.md).
 *
 * Everything but `exposeRuntime` is pure and takes the environment as an argument.
 */



/** GHES is anything but github.com, *.ghe.com and *.localhost (@actions/cache config.ts isGhes). */
function isGhes(serverUrl) {
    const host = new URL(serverUrl || 'https://github.com').hostname.trimEnd().toUpperCase();
    return !(host === 'GITHUB.COM' || host.endsWith('.GHE.COM') || host.endsWith('.LOCALHOST'));
}
/** Go's strconv.ParseBool true values: what buildx and buildctl accept for ACTIONS_CACHE_SERVICE_V2. */
const GO_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
/** The protocol as @actions/cache chooses it (config.ts getCacheServiceVersion). */
function cacheServiceProtocol(env) {
    if (isGhes(env[_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.ServerUrl]))
        return 'v1';
    return env[_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.CacheServiceV2] ? 'v2' : 'v1';
}
/** The service URL for a protocol (@actions/cache config.ts getCacheServiceURL). */
function cacheServiceUrl(env, protocol) {
    const url = protocol === 'v2' ? env[_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.ResultsUrl] : env[_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.CacheUrl] || env[_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.ResultsUrl];
    return url || undefined;
}
/** Protocol, URL and token for the post step's cache-service client; the token stays in memory. */
function runtimeCredentials(env) {
    const protocol = cacheServiceProtocol(env);
    const url = cacheServiceUrl(env, protocol);
    const token = env[Env.RuntimeToken];
    return url && token ? { protocol, url, token } : undefined;
}
/**
 * The scopes of a runtime token: a JWT whose `ac` claim is a JSON string holding
 * `[{"Scope":"refs/heads/main","Permission":3}]`, Permission 1 = read, 2 = write
 * (docs/github-cache.md). The signature is not checked; nothing of the token
 * appears in an error.
 */
function decodeTokenScopes(token) {
    const parts = token.split('.');
    if (parts.length !== 3)
        throw new Error('the runtime token is not a JWT');
    let claims;
    try {
        claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    }
    catch {
        throw new Error('the runtime token payload is not JSON');
    }
    const ac = claims?.ac;
    if (typeof ac !== 'string')
        throw new Error('the runtime token has no "ac" claim');
    let entries;
    try {
        entries = JSON.parse(ac);
    }
    catch {
        throw new Error('the runtime token\'s "ac" claim is not JSON');
    }
    if (!Array.isArray(entries))
        throw new Error('the runtime token\'s "ac" claim is not a list');
    return entries.map((entry) => {
        if (typeof entry?.Scope !== 'string' || typeof entry.Permission !== 'number') {
            throw new Error('the runtime token\'s "ac" claim has an entry without Scope and Permission');
        }
        return {
            ref: entry.Scope,
            read: (entry.Permission & 1) !== 0,
            write: (entry.Permission & 2) !== 0,
        };
    });
}
const KNOWN_CACHE_MODES = ['none', 'read', 'write', 'write-only'];
function discoverRuntime(env) {
    const protocol = cacheServiceProtocol(env);
    const ghes = isGhes(env[_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.ServerUrl]);
    const token = env[_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.RuntimeToken];
    const v2Flag = env[_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.CacheServiceV2];
    const warnings = [];
    if (v2Flag && !ghes && !GO_TRUE.includes(v2Flag)) {
        // @actions/cache takes any non-empty value as v2, Go's ParseBool does not (runs-on/runs-on#541).
        warnings.push(`${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.CacheServiceV2}="${v2Flag}" is not a value buildx and buildctl read as true (they accept ${GO_TRUE.join(', ')}); they will use the v1 cache service`);
    }
    if (v2Flag && ghes && GO_TRUE.includes(v2Flag)) {
        warnings.push(`${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.CacheServiceV2} is set on GHES, which only serves the v1 cache service; buildx and buildctl will try v2`);
    }
    let scopes;
    let scopesUnknown;
    if (!token) {
        scopesUnknown = `${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.RuntimeToken} is not set`;
    }
    else {
        try {
            scopes = decodeTokenScopes(token);
        }
        catch (error) {
            scopesUnknown = error.message;
        }
    }
    const cacheMode = (env[_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.CacheMode] ?? '').trim().toLowerCase();
    const known = KNOWN_CACHE_MODES.includes(cacheMode);
    return {
        protocol,
        ghes,
        ...(cacheServiceUrl(env, protocol) ? { serviceUrl: cacheServiceUrl(env, protocol) } : {}),
        hasToken: Boolean(token),
        ...(scopes ? { scopes } : {}),
        ...(scopesUnknown ? { scopesUnknown } : {}),
        cacheMode,
        // The same reading of ACTIONS_CACHE_MODE as @actions/cache 6.3.0's.
        modeAllowsRead: !known || cacheMode === 'read' || cacheMode === 'write',
        modeAllowsWrite: !known || cacheMode === 'write' || cacheMode === 'write-only',
        warnings,
    };
}
/** The refs the token may read and write, and the ref a gha export lands in (the last writable). */
function tokenRefs(info) {
    const scopes = info.scopes ?? [];
    const readable = scopes.filter((scope) => scope.read).map((scope) => scope.ref);
    const writable = scopes.filter((scope) => scope.write).map((scope) => scope.ref);
    // BuildKit names the index by the last scope with write permission (docs/buildkit-gha-format.md).
    const exportRef = writable.at(-1);
    return { readable, writable, ...(exportRef ? { exportRef } : {}) };
}
/** The variables `type=gha` needs that are missing, for the chosen protocol. */
function missingForGha(info) {
    const missing = [];
    if (!info.hasToken)
        missing.push(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.RuntimeToken);
    if (!info.serviceUrl)
        missing.push(info.protocol === 'v2' ? _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.ResultsUrl : _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.CacheUrl);
    return missing;
}
/** Lines describing the runtime for the log; never the token. */
function describeRuntime(info) {
    const service = info.protocol === 'v2' ? 'v2 (Twirp, results service)' : `v1 (REST${info.ghes ? ', GHES' : ''})`;
    const refs = tokenRefs(info);
    const lines = [`Cache service: ${service}${info.serviceUrl ? ` at ${info.serviceUrl}` : ''}`];
    if (info.scopes) {
        lines.push(`Readable refs: ${refs.readable.join(', ') || '(none)'}`);
        lines.push(`Writable refs: ${refs.writable.join(', ') || '(none)'}`);
    }
    else {
        lines.push(`Token scopes unknown: ${info.scopesUnknown}`);
    }
    if (info.cacheMode)
        lines.push(`${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.CacheMode}: ${info.cacheMode}`);
    return lines;
}
/**
 * Exports the runtime variables that are present to the steps after this one, the token masked
 * first, and returns their names. Only these four: not the other ACTIONS_* variables (the ID
 * token request, step debug flags) that a blanket copy would hand to every later script.
 */
function exposeRuntime(env) {
    const exported = [];
    for (const name of _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .EXPOSED_RUNTIME_ENV */ .U9) {
        const value = env[name];
        if (!value)
            continue;
        if (name === _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Env */ .o9.RuntimeToken)
            (0,_runner_log_js__WEBPACK_IMPORTED_MODULE_2__/* .maskSecret */ .$l)(value);
        _runner_workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .exportVariable */ .dN(name, value);
        exported.push(name);
    }
    return exported;
}


/***/ }),

/***/ 2462:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Rx: () => (/* binding */ saveMountsState),
/* harmony export */   qJ: () => (/* binding */ saveMainState)
/* harmony export */ });
/* unused harmony exports STATE_VERSION, loadMainState, parseMainState, loadMountsState, parseMountsState */
/* harmony import */ var _runner_workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1520);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7242);
/**
 * Main → post state: what the post step needs and cannot re-read from inputs. One JSON document
 * under one state key (`runner.saveState` writes `$GITHUB_STATE`; the post step sees it as
 * `STATE_<key>`). Typed, tolerant of absence (main may have failed before saving) and of
 * documents from other versions, and secret-free: no field can hold a token.
 */



const STATE_VERSION = 1;
/** Saves the state for the post step. */
function saveMainState(state) {
    _runner_workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .State */ .Uw.Main, JSON.stringify(state));
}
/** The state the main step saved, or undefined when it saved none (or none this version reads). */
function loadMainState() {
    return parseMainState(runner.getState(State.Main));
}
/** Parses a saved state document; anything unreadable is treated as absent. */
function parseMainState(text) {
    const value = jsonOf(text);
    return isMainState(value) ? value : undefined;
}
/** A saved document's JSON value; undefined when there is none or it is not JSON. */
function jsonOf(text) {
    if (!text)
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
const isString = (value) => typeof value === 'string';
const isStringList = (value) => Array.isArray(value) && value.every(isString);
const isOptional = (value, check) => value === undefined || check(value);
function isLocalState(value) {
    const local = value;
    return (typeof local === 'object' &&
        local !== null &&
        typeof local.cacheHit === 'boolean' &&
        isOptional(local.restoredKey, isString) &&
        isOptional(local.manifestDigest, isString));
}
function isMainState(value) {
    const state = value;
    return (typeof state === 'object' &&
        state !== null &&
        state.version === STATE_VERSION &&
        CACHE_TYPES.includes(state.type) &&
        isString(state.scope) &&
        isOptional(state.path, isString) &&
        typeof state.importEnabled === 'boolean' &&
        typeof state.exportEnabled === 'boolean' &&
        (state.protocol === 'v1' || state.protocol === 'v2') &&
        isOptional(state.ref, isString) &&
        isStringList(state.readableRefs) &&
        isStringList(state.writableRefs) &&
        isOptional(state.exportRef, isString) &&
        isString(state.startedAt) &&
        isOptional(state.exportKeyMap, (v) => typeof v === 'boolean') &&
        isOptional(state.local, isLocalState));
}
function saveMountsState(state) {
    _runner_workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .State */ .Uw.Mounts, JSON.stringify(state));
}
function loadMountsState() {
    return parseMountsState(runner.getState(State.Mounts));
}
function parseMountsState(text) {
    const saved = jsonOf(text);
    if (typeof saved !== 'object' ||
        saved === null ||
        saved.version !== STATE_VERSION ||
        typeof saved.exportEnabled !== 'boolean' ||
        !isString(saved.exportReason) ||
        !isStringList(saved.restoreWarnings) ||
        !isMountsState(saved.mounts)) {
        return undefined;
    }
    return saved;
}
const isObject = (value) => typeof value === 'object' && value !== null;
const isCount = (value) => Number.isSafeInteger(value) && value >= 0;
function isIdentity(value) {
    if (!isObject(value) || !isString(value.key))
        return false;
    const base = value.base;
    return (isOptional(base, (b) => isObject(b) && isCount(b.uid) && isCount(b.gid) && isCount(b.mode)) &&
        isOptional(value.from, isString));
}
function isMountsState(value) {
    if (!isObject(value))
        return false;
    const target = value.target;
    return (isString(value.dir) &&
        isString(value.scope) &&
        isString(value.namespace) &&
        isString(value.image) &&
        isObject(target) &&
        ((target.client === 'buildx' && isOptional(target.builder, isString)) ||
            (target.client === 'buildctl' && isOptional(target.addr, isString))) &&
        isOptional(value.injectMs, (v) => typeof v === 'number') &&
        Array.isArray(value.mounts) &&
        value.mounts.every((m) => isObject(m) &&
            isIdentity(m.identity) &&
            isString(m.label) &&
            // A file name of the action's own making, never a path.
            isString(m.file) &&
            /^[0-9a-f]{16}\.tar$/.test(m.file) &&
            isOptional(m.restoredKey, isString) &&
            isOptional(m.restoredDigest, isString) &&
            isOptional(m.injected, (v) => typeof v === 'boolean')));
}


/***/ }),

/***/ 2130:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// UNUSED EXPORTS: restoreLocalCache

// EXTERNAL MODULE: ./src/runner/workflow-commands.ts
var workflow_commands = __nccwpck_require__(1520);
// EXTERNAL MODULE: ./src/runner/log.ts
var log = __nccwpck_require__(7708);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: ./src/constants.ts
var constants = __nccwpck_require__(7242);
// EXTERNAL MODULE: ./src/event.ts
var src_event = __nccwpck_require__(807);
// EXTERNAL MODULE: ./src/runner/log-line.ts
var log_line = __nccwpck_require__(3403);
// EXTERNAL MODULE: ./src/inputs.ts + 7 modules
var inputs = __nccwpck_require__(2511);
// EXTERNAL MODULE: ./src/builder/prune-options.ts
var prune_options = __nccwpck_require__(3220);
// EXTERNAL MODULE: ./src/runtime.ts
var src_runtime = __nccwpck_require__(3683);
// EXTERNAL MODULE: ./src/cache-options/access.ts
var cache_options_access = __nccwpck_require__(6983);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./src/local/paths.ts
var paths = __nccwpck_require__(719);
// EXTERNAL MODULE: ./src/cache-options/attributes.ts
var attributes = __nccwpck_require__(5388);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./src/cache-options/hash.ts

/** The first `length` hex digits of sha256(text): a stable tag that tells names apart. */
function shortHash(text, length = 8) {
    return (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex').slice(0, length);
}

// EXTERNAL MODULE: ./src/refs.ts
var src_refs = __nccwpck_require__(1977);
;// CONCATENATED MODULE: ./src/cache-options/docker-tag.ts
/** How a ref becomes a registry tag (the `registry` type's per-branch and per-PR cache tags). Pure. */

const TAG_MAX = 128;
const HASH_LENGTH = 8;
/**
 * A Docker tag made of the given parts joined by `-`. Tags allow `[A-Za-z0-9_.-]`, must start
 * with a letter, digit or `_`, and hold at most 128 characters (Docker's reference grammar);
 * anything else becomes `-`, and an over-long tag keeps its start and ends in a hash
 * of the whole, so two long names that share a start still get different tags.
 */
function dockerTag(parts) {
    const raw = parts.filter((part) => Boolean(part)).join('-');
    const tag = raw
        .replace(/[^A-Za-z0-9_.-]+/g, '-')
        .replace(/^[.-]+/, '')
        .replace(/-{2,}/g, '-');
    if (tag.length === 0)
        return `_${shortHash(raw, HASH_LENGTH)}`;
    if (tag.length <= TAG_MAX)
        return tag;
    return `${tag.slice(0, TAG_MAX - HASH_LENGTH - 1)}-${shortHash(raw, HASH_LENGTH)}`;
}

;// CONCATENATED MODULE: ./src/cache-options/plan.ts
/**
 * Settings → the cache entries to import and export, per backend. Pure: the values are already
 * validated by `inputs.ts`; this decides which entries exist and which attributes go where.
 */






/**
 * The default local cache directory of a scope: `<RUNNER_TEMP>/buildkit-cache/<scope>`, the scope
 * made file-name-safe, with a hash when that changed it so two scopes never share a directory.
 */
function localCacheDir(tempDir, scope) {
    const safe = scope.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
    const name = safe === scope && safe !== '' ? safe : [safe, shortHash(scope)].filter(Boolean).join('-');
    return (0,external_node_path_.join)(tempDir, 'buildkit-cache', name);
}
/** The registry tag of a scope on a ref: `<ref's tag>-<scope>-<ref slug>`, made tag-safe. */
function registryTag(ref, scope, gitRef) {
    return dockerTag([ref.tag, scope, gitRef && (0,src_refs/* refSlug */.bP)(gitRef)]);
}
function planCache(settings, refs, access) {
    const imports = access.importEnabled ? importSpecs(settings, refs) : [];
    const exports = access.exportEnabled ? [exportSpec(settings, refs)] : [];
    const buildArgs = settings.type === 'inline' && access.exportEnabled ? ['BUILDKIT_INLINE_CACHE=1'] : [];
    return { imports, exports, buildArgs };
}
function importSpecs(settings, refs) {
    const extra = attrsFor(settings, 'import');
    switch (settings.type) {
        case 'gha':
            return [spec('gha', [['scope', settings.scope]], extra)];
        case 'registry': {
            const image = required(settings.ref, 'ref');
            // Without a ref of its own (outside Actions) the run still imports what it exports.
            const gitRefs = refs.ref ? (0,src_refs/* importChain */.Ll)(refs) : [undefined, ...(0,src_refs/* importChain */.Ll)(refs)];
            return gitRefs.map((gitRef) => spec('registry', [['ref', imageWithTag(image, settings.scope, gitRef)]], extra));
        }
        case 'inline':
            // The inline cache travels in the image config; BuildKit reads it through the registry
            // importer.
            return [spec('registry', [['ref', formatImageRef(required(settings.ref, 'ref'))]], extra)];
        case 'local':
            return [spec('local', [['src', required(settings.path, 'path')]], extra)];
        case 's3':
        case 'azblob':
            return [spec(settings.type, [['name', settings.scope]], extra)];
    }
}
function exportSpec(settings, refs) {
    const extra = attrsFor(settings, 'export');
    // BuildKit drops mode and ignore-error for inline; an explicit mode=min also keeps this entry
    // distinct from the one buildx adds for the BUILDKIT_INLINE_CACHE build arg, so passing both is
    // no "duplicate cache exports".
    if (settings.type === 'inline')
        return spec('inline', [['mode', 'min']], extra);
    const identity = (() => {
        switch (settings.type) {
            case 'gha':
                return [['scope', settings.scope]];
            case 'registry': {
                const image = required(settings.ref, 'ref');
                return [['ref', imageWithTag(image, settings.scope, refs.ref)]];
            }
            case 'local':
                return [['dest', (0,paths/* localExportDir */.j5)(required(settings.path, 'path'))]];
            case 's3':
            case 'azblob':
                return [['name', settings.scope]];
        }
    })();
    return spec(settings.type, [...identity, ['mode', settings.mode]], [...extra, ['ignore-error', String(settings.ignoreError)]]);
}
function spec(type, identity, rest) {
    return { type, attrs: [...identity, ...rest] };
}
/** The user's attributes that the importer or the exporter of this type reads. */
function attrsFor(settings, direction) {
    const table = attributes/* ATTRIBUTES */.iw[settings.type];
    return settings.attrs.filter(([key]) => table[key]?.directions.includes(direction));
}
function imageWithTag(image, scope, gitRef) {
    return `${image.name}:${registryTag(image, scope, gitRef)}`;
}
function formatImageRef(image) {
    return `${image.name}${image.tag ? `:${image.tag}` : ''}${image.digest ? `@${image.digest}` : ''}`;
}
function required(value, name) {
    // inputs.ts refuses settings without it; reaching this is a programming error.
    if (value === undefined)
        throw new Error(`internal: cache plan needs ${name}`);
    return value;
}

// EXTERNAL MODULE: ./src/cache-options/render.ts
var render = __nccwpck_require__(9381);
;// CONCATENATED MODULE: ./src/cache-options/scope.ts
/**
 * The default scope: one per job, and one per matrix leg. Pure.
 *
 * BuildKit's own default scope is `buildkit` for every job, so two jobs that export overwrite each
 * other's index (moby/buildkit#2524). `GITHUB_JOB` tells jobs apart but is shared by the legs of a
 * matrix; the action sees the leg through its `matrix` input, whose default is
 * `${{ toJSON(matrix) }}`: action input defaults may use the github, strategy, matrix, job and
 * runner contexts (the runner's action schema, "input-default-context").
 */

/** BuildKit's default scope, used when not even the job is known (outside Actions). */
const BUILDKIT_DEFAULT_SCOPE = 'buildkit';
const READABLE_MAX = 40;
/**
 * `build` for a job without a matrix; `build-linux-amd64-3fa4b1c2` for a leg whose matrix is
 * `{"platform":"linux/amd64"}`: the values for people, a hash of the whole matrix so that legs
 * never share a scope even when their values read alike. `matrix` is JSON (the input's default)
 * or any text that tells the legs apart.
 */
function defaultScope(job, matrix) {
    const base = job || BUILDKIT_DEFAULT_SCOPE;
    const leg = matrixLeg(matrix);
    if (leg === undefined)
        return base;
    const readable = leafValues(leg)
        .join('-')
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, READABLE_MAX)
        .replace(/-+$/, '');
    const digest = shortHash(canonicalJson(leg));
    return [base, readable, digest].filter(Boolean).join('-');
}
/** The matrix as a value, or undefined for a job without one (`toJSON(matrix)` gives `null`). */
function matrixLeg(matrix) {
    const text = matrix?.trim();
    if (!text)
        return undefined;
    let leg;
    try {
        leg = JSON.parse(text);
    }
    catch {
        return text;
    }
    if (leg === null || (typeof leg === 'object' && Object.keys(leg).length === 0))
        return undefined;
    return leg;
}
function leafValues(value) {
    if (value === null || value === undefined)
        return [];
    if (typeof value !== 'object')
        return [String(value)];
    return Object.values(value).flatMap(leafValues);
}
/** JSON with object keys sorted, so that a matrix reordered in the workflow keeps its scope. */
function canonicalJson(value) {
    if (value === null || typeof value !== 'object')
        return JSON.stringify(value);
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

// EXTERNAL MODULE: ./src/state.ts
var state = __nccwpck_require__(2462);
;// CONCATENATED MODULE: ./src/cache-options/key-map.ts
/**
 * Whether a gha export carries `ghtoken`: BuildKit then lists the blob keys through the REST API
 * instead of looking each layer up (docs/buildkit-gha-format.md §3), so its layers' last use says
 * nothing about which index references them.
 */
function exportUsesKeyMap(exports) {
    return exports.some((spec) => spec.type === 'gha' && spec.attrs.some(([key, value]) => key === 'ghtoken' && value));
}

;// CONCATENATED MODULE: ./src/steps/main.ts
/**
 * The main step: read the inputs and the runtime, expose the runtime to later steps, decide what
 * to import and export, render the cache specs, and save what the post step needs.
 * It fails the step on bad input; everything it decides is logged with its reason.
 */
















async function run() {
    try {
        await mainStep(process.env);
    }
    catch (error) {
        log/* log */.Rm.failed((0,log_line/* errorText */.kc)(error));
    }
}
async function mainStep(env) {
    const token = env[constants/* Env */.o9.RuntimeToken];
    if (token)
        (0,log/* maskSecret */.$l)(token);
    const settings = (0,inputs/* readCacheSettings */.Ij)();
    // The post step's inputs are checked here too, so a typo fails this step before the build
    // rather than becoming a warning after it (the post step only warns).
    (0,inputs/* readPruneSettings */.yb)();
    (0,prune_options/* pruneOptions */.T6)((0,inputs/* readBuilderSettings */.lQ)());
    const mountSettings = (0,inputs/* readMountSettings */.ll)();
    const runtime = (0,src_runtime/* discoverRuntime */.S5)(env);
    prepareRuntime(settings, runtime, env);
    const refs = refContext(env);
    const scope = settings.scope ?? defaultScope(env[constants/* Env */.o9.Job], settings.matrix);
    const access = (0,cache_options_access/* decideAccess */.J)(settings.type, settings.export, runtime, refs.ref);
    if (access.warning)
        log/* log */.Rm.warning(access.warning);
    const path = settings.type === 'local' ? localCachePath(settings.path, scope, env) : undefined;
    const local = path !== undefined
        ? await restoreLocalCache({
            scope,
            path,
            importEnabled: access.importEnabled,
            commit: env[constants/* Env */.o9.Sha],
        })
        : undefined;
    const plan = planCache({
        type: settings.type,
        mode: settings.mode,
        scope,
        ignoreError: settings.ignoreError,
        attrs: settings.attrs,
        ...(settings.ref ? { ref: settings.ref } : {}),
        ...(path !== undefined ? { path } : {}),
    }, refs, access);
    logSpecs(settings, scope, access, plan);
    setOutputs(plan, settings.bakeTarget, scope, access);
    if (local)
        workflow_commands/* setOutput */.uH(constants/* Output */.k7.CacheHit, String(local.cacheHit));
    const { readable, writable, exportRef } = (0,src_runtime/* tokenRefs */.Ge)(runtime);
    (0,state/* saveMainState */.qJ)({
        version: 1,
        type: settings.type,
        scope,
        ...(path !== undefined ? { path } : {}),
        importEnabled: access.importEnabled,
        exportEnabled: access.exportEnabled,
        protocol: runtime.protocol,
        ...(env[constants/* Env */.o9.Ref] ? { ref: env[constants/* Env */.o9.Ref] } : {}),
        readableRefs: readable,
        writableRefs: writable,
        ...(exportRef ? { exportRef } : {}),
        startedAt: new Date().toISOString(),
        ...(exportUsesKeyMap(plan.exports) ? { exportKeyMap: true } : {}),
        ...(local ? { local } : {}),
    });
    if (mountSettings.mounts.kind !== 'none') {
        // Loaded only when asked for: the cache mounts' code and @actions/cache stay out of start-up.
        const { carryMountsIn } = await Promise.all(/* import() */[__nccwpck_require__.e(119), __nccwpck_require__.e(351), __nccwpck_require__.e(287)]).then(__nccwpck_require__.bind(__nccwpck_require__, 6287));
        await carryMountsIn({
            env,
            settings: mountSettings,
            scope,
            exportSetting: settings.export,
            runtime,
        });
    }
}
/**
 * Logs the cache runtime and, for type gha, insists on it and exposes it to later steps. Only gha
 * and local use the Actions cache: for the others the runtime is a debugging detail.
 */
function prepareRuntime(settings, runtime, env) {
    if (settings.type === 'gha' || settings.type === 'local') {
        log/* log */.Rm.group('Cache runtime');
        for (const line of (0,src_runtime/* describeRuntime */.mK)(runtime))
            log/* log */.Rm.info(line);
        log/* log */.Rm.endGroup();
        for (const warning of runtime.warnings)
            log/* log */.Rm.warning(warning);
    }
    else {
        for (const line of [...(0,src_runtime/* describeRuntime */.mK)(runtime), ...runtime.warnings])
            log/* log */.Rm.debug(line);
    }
    if (settings.type !== 'gha')
        return;
    const missing = (0,src_runtime/* missingForGha */.mS)(runtime);
    if (missing.length > 0) {
        throw new Error(`type gha needs ${missing.join(' and ')}, and this step does not have them: the runner sets them only for JavaScript actions. ` +
            'Run this action as a step of a GitHub Actions job (not from a script, nor a container step that drops these variables), ' +
            'or choose another type (registry, local, s3, azblob, inline).');
    }
    if (settings.exposeRuntime) {
        const exported = (0,src_runtime/* exposeRuntime */.Dw)(env);
        log/* log */.Rm.info(`Exposed to later steps: ${exported.join(', ')} (the token masked)`);
    }
    else {
        log/* log */.Rm.info('Runtime variables not exposed: expose-runtime is false');
    }
}
/**
 * type local's directory, normalised once, so the specs, the restore and the post step's swap
 * name the same directories (`/cache/` must export to `/cache-new`, not into `/cache/-new`).
 */
function localCachePath(given, scope, env) {
    return (0,paths/* localPaths */.OU)(given ?? localCacheDir(env[constants/* Env */.o9.RunnerTemp] || (0,external_node_os_.tmpdir)(), scope), [constants/* Env */.o9.Workspace, constants/* Env */.o9.Home, constants/* Env */.o9.RunnerTemp, constants/* Env */.o9.ToolCache].map((name) => ({
        name,
        dir: env[name] ?? '',
    }))).path;
}
function logSpecs(settings, scope, access, plan) {
    log/* log */.Rm.group('Cache specs');
    log/* log */.Rm.info((0,log_line/* singleLine */.pF)(`Type ${settings.type}, scope ${scope}, mode ${settings.mode}`));
    if (settings.ref?.given) {
        log/* log */.Rm.info((0,log_line/* singleLine */.pF)(`ref: "${settings.ref.given}" has upper-case letters in its repository path, which OCI does not allow; using ${settings.ref.name} (the tag keeps its case)`));
    }
    log/* log */.Rm.info(access.importReason);
    log/* log */.Rm.info(access.exportReason);
    // One log line per spec: a value may hold a line break (quoted, so the spec is intact).
    const logLines = (specs) => specs.length > 0 ? specs.map((spec) => (0,log_line/* singleLine */.pF)((0,render/* buildPushLines */.gO)([spec]))) : ['(none)'];
    log/* log */.Rm.info(['cache-from:', ...logLines(plan.imports)].join('\n'));
    log/* log */.Rm.info(['cache-to:', ...logLines(plan.exports)].join('\n'));
    log/* log */.Rm.endGroup();
}
function setOutputs(plan, bakeTarget, scope, access) {
    workflow_commands/* setOutput */.uH(constants/* Output */.k7.CacheFrom, (0,render/* buildPushLines */.gO)(plan.imports));
    workflow_commands/* setOutput */.uH(constants/* Output */.k7.CacheTo, (0,render/* buildPushLines */.gO)(plan.exports));
    workflow_commands/* setOutput */.uH(constants/* Output */.k7.BuildctlArgs, (0,render/* buildctlArgs */.hW)(plan));
    workflow_commands/* setOutput */.uH(constants/* Output */.k7.BuildxArgs, (0,render/* buildxArgs */.w$)(plan));
    const bake = (0,render/* bakeSet */.gN)(plan, bakeTarget);
    if ('unavailable' in bake)
        log/* log */.Rm.warning(`bake-set is empty: ${bake.unavailable}`);
    workflow_commands/* setOutput */.uH(constants/* Output */.k7.BakeSet, 'lines' in bake ? bake.lines : '');
    workflow_commands/* setOutput */.uH(constants/* Output */.k7.BuildArgs, plan.buildArgs.join('\n'));
    workflow_commands/* setOutput */.uH(constants/* Output */.k7.Scope, scope);
    workflow_commands/* setOutput */.uH(constants/* Output */.k7.ExportEnabled, String(access.exportEnabled));
}
/** This run's refs: `GITHUB_REF`, `GITHUB_BASE_REF`, and the default branch from the event. */
function refContext(env) {
    const ref = env[constants/* Env */.o9.Ref];
    const baseRef = env[constants/* Env */.o9.BaseRef];
    const defaultBranch = (0,src_event/* defaultBranchOf */.d)((0,src_event/* readEvent */.j)(env));
    if (!defaultBranch)
        log/* log */.Rm.debug('Default branch unknown: the event payload does not name it');
    return {
        ...(ref ? { ref } : {}),
        ...(baseRef ? { baseRef } : {}),
        ...(defaultBranch ? { defaultBranch } : {}),
    };
}
/**
 * `type=local` restore through `src/local/`: the newest saved generation of this scope into
 * `path`. It and @actions/cache are imported here, on demand, so that no other type loads them at
 * start-up (ncc emits them as chunks of their own).
 */
async function restoreLocalCache(request) {
    const [{ nodeFs }, { restoreLocalCache: restoreLocal }] = await Promise.all([
        __nccwpck_require__.e(/* import() */ 4).then(__nccwpck_require__.bind(__nccwpck_require__, 4)),
        __nccwpck_require__.e(/* import() */ 625).then(__nccwpck_require__.bind(__nccwpck_require__, 3625)),
    ]);
    if (!request.importEnabled) {
        // Nothing to restore (ACTIONS_CACHE_MODE write-only), but a stale export left in <path>-new
        // would still be swapped in and saved as this build's.
        await nodeFs.remove((0,paths/* localPaths */.OU)(request.path).export);
        return { cacheHit: false };
    }
    const cache = await Promise.all(/* import() */[__nccwpck_require__.e(305), __nccwpck_require__.e(119)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4305));
    log/* log */.Rm.group(`Local cache ${request.scope}`);
    try {
        const result = await restoreLocal({
            scope: request.scope,
            path: request.path,
            ...(request.commit ? { commit: request.commit } : {}),
        }, {
            restoreCache: cache.restoreCache,
            isFeatureAvailable: cache.isFeatureAvailable,
            fs: nodeFs,
        });
        for (const warning of result.warnings)
            log/* log */.Rm.warning(`type local: ${warning}`);
        log/* log */.Rm.info((0,log_line/* singleLine */.pF)(result.restoredKey
            ? `Restored ${result.restoredKey} into ${result.src} (cache manifest ${result.manifestDigest ?? 'unreadable'})`
            : `Nothing saved yet for scope ${request.scope}; BuildKit starts from ${result.src} as it is`));
        return {
            cacheHit: result.cacheHit,
            ...(result.restoredKey ? { restoredKey: result.restoredKey } : {}),
            ...(result.manifestDigest ? { manifestDigest: result.manifestDigest } : {}),
        };
    }
    finally {
        log/* log */.Rm.endGroup();
    }
}


/***/ }),

/***/ 1996:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DB: () => (/* binding */ parseSize),
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   LS: () => (/* binding */ plural),
/* harmony export */   Ov: () => (/* binding */ PERCENT_ACCEPTED),
/* harmony export */   Uf: () => (/* binding */ SIZE_ACCEPTED),
/* harmony export */   Vj: () => (/* binding */ DURATION_ACCEPTED),
/* harmony export */   lo: () => (/* binding */ parsePercent),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* unused harmony export formatDuration */
/**
 * Parsers for the size, duration and percentage values that inputs accept. Pure: each returns the
 * value or throws a `RangeError` whose message says what is accepted; `inputs.ts` prefixes the
 * input's name.
 */
const SIZE_UNITS = {
    b: 1,
    kb: 1e3,
    mb: 1e6,
    gb: 1e9,
    tb: 1e12,
    kib: 1024,
    mib: 1024 ** 2,
    gib: 1024 ** 3,
    tib: 1024 ** 4,
};
const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;
const SIZE_ACCEPTED = 'a number with a unit: B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024), e.g. 10GB';
/**
 * `10GB` → 10_000_000_000; `512MiB` → 536_870_912; `1024B` → 1024 bytes. A bare number is refused:
 * in an action input, `prune-target: 90` is far likelier to mean 90% than 90 bytes, and reading it
 * as bytes would prune everything pruning may touch.
 */
function parseSize(text) {
    const match = SIZE.exec(text.trim());
    const unit = match?.[2] ? SIZE_UNITS[match[2].toLowerCase()] : undefined;
    if (!match || unit === undefined) {
        throw new RangeError(`"${text}" is not a size; use ${SIZE_ACCEPTED}`);
    }
    const bytes = Math.round(Number(match[1]) * unit);
    if (!Number.isSafeInteger(bytes))
        throw new RangeError(`"${text}" is too large`);
    return bytes;
}
const DURATION_UNITS = {
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000,
    w: 604_800_000,
};
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
const DURATION_ACCEPTED = 'a number with a unit: ms, s, m, h, d or w, or several together, e.g. 30s, 15m, 1h, 7d, 1h30m';
/** `15m` → 900_000 ms; `1h30m` → 5_400_000 ms; `7d` → 604_800_000 ms. */
function parseDuration(text) {
    const compact = text.trim().toLowerCase();
    let total = 0;
    let consumed = 0;
    DURATION_PART.lastIndex = 0;
    for (let part = DURATION_PART.exec(compact); part; part = DURATION_PART.exec(compact)) {
        total += Number(part[1]) * DURATION_UNITS[part[2]];
        consumed = DURATION_PART.lastIndex;
    }
    if (compact === '' || consumed !== compact.length) {
        throw new RangeError(`"${text}" is not a duration; use ${DURATION_ACCEPTED}`);
    }
    return Math.round(total);
}
const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/;
const PERCENT_ACCEPTED = 'a percentage above 0% and up to 100%, e.g. 90%';
/** `90%` → 0.9. Zero is refused: a target of nothing would delete everything. */
function parsePercent(text) {
    const match = PERCENT.exec(text.trim());
    const value = match ? Number(match[1]) : NaN;
    if (!(value > 0 && value <= 100)) {
        throw new RangeError(`"${text}" is not a percentage; use ${PERCENT_ACCEPTED}`);
    }
    return value / 100;
}
const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];
/** Bytes in decimal units, as GitHub states cache sizes ("10 GB"). */
function formatBytes(bytes) {
    let value = bytes;
    let unit = 0;
    while (Math.abs(value) >= 1000 && unit < DECIMAL_UNITS.length - 1) {
        value /= 1000;
        unit++;
    }
    const digits = unit === 0 || Math.abs(value) >= 100 ? 0 : 1;
    return `${value.toFixed(digits)} ${DECIMAL_UNITS[unit]}`;
}
/** A duration for the log, in its largest whole unit with one decimal: `2.0 h`, `90 s`, `3.5 min`. */
function formatDuration(ms) {
    if (ms >= 3_600_000)
        return `${(ms / 3_600_000).toFixed(1)} h`;
    if (ms >= 60_000)
        return `${(ms / 60_000).toFixed(1)} min`;
    return `${Math.round(ms / 1000)} s`;
}
/** `n` and the noun for it: `1 tag`, `2 tags` (`nouns` for an irregular plural: `entries`). */
function plural(n, noun, nouns = `${noun}s`) {
    return `${n} ${n === 1 ? noun : nouns}`;
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 8995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 2018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 7016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(1622);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 

//# sourceMappingURL=index.js.map