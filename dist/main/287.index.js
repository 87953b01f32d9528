export const id = 287;
export const ids = [287];
export const modules = {

/***/ 6287:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  carryMountsIn: () => (/* binding */ carryMountsIn)
});

// UNUSED EXPORTS: carryMountsOut

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/builder/prune-options.ts
var prune_options = __webpack_require__(3220);
// EXTERNAL MODULE: ./src/builder/tool-units.ts
var tool_units = __webpack_require__(6267);
;// CONCATENATED MODULE: ./src/builder/records.ts
/**
 * Parses what `buildctl` and `docker buildx` print about the builder's cache records. Pure.
 *
 * JSON where the tool offers it:
 * - `buildctl du --format '{{json .}}'`: one JSON array of BuildKit `client.UsageInfo`;
 * - `buildctl prune --format '{{json .}}'`: one `UsageInfo` object per line (the template is
 *   applied per record);
 * - `docker buildx du --format json` (buildx ≥ 0.28): one object per line whose keys are the
 *   formatter's method names and whose `Size` is a printed size.
 * Text where it does not: `docker buildx prune --verbose` and `docker buildx du --verbose` before 0.28
 * print `Key: value` blocks, the same shape as `buildctl du -v`.
 */

/** `buildctl du --format '{{json .}}'`. */
function records_parseBuildctlUsage(stdout) {
    const doc = parseJson(stdout.trim() === '' ? '[]' : stdout, 'buildctl du');
    // A builder with nothing cached prints `null` (a nil Go slice).
    if (doc === null)
        return { records: [], approximate: false };
    if (!Array.isArray(doc))
        throw new Error(`buildctl du printed JSON that is not a list: ${excerpt(stdout)}`);
    return {
        records: doc.map((item, i) => usageInfo(item, `buildctl du record ${i}`)),
        approximate: false,
    };
}
/** `buildctl prune --format '{{json .}}'`: one object per line. */
function records_parseBuildctlPrune(stdout) {
    const records = lines(stdout).map((line, i) => usageInfo(parseJson(line, 'buildctl prune'), `buildctl prune record ${i}`));
    return { records, approximate: false };
}
/** `docker buildx du --format json`: one object per line, printed sizes. */
function records_parseBuildxUsage(stdout) {
    const records = lines(stdout).map((line, i) => {
        const where = `docker buildx du record ${i}`;
        const r = object(parseJson(line, 'docker buildx du'), where);
        const size = typeof r.Size === 'string' ? parsePrintedSize(r.Size) : undefined;
        if (typeof r.ID !== 'string' || size === undefined || typeof r.Reclaimable !== 'boolean') {
            throw new Error(`${where} lacks ID, Size or Reclaimable: ${excerpt(line)}`);
        }
        return clean({
            id: r.ID,
            size,
            reclaimable: r.Reclaimable,
            shared: bool(r.Shared),
            mutable: bool(r.Mutable),
            type: records_text(r.Type),
            description: records_text(r.Description),
        });
    });
    return { records, approximate: true };
}
/** `Key: value` blocks separated by blank lines (`buildctl du -v`, `docker buildx du|prune --verbose`). */
function records_parseVerboseRecords(stdout) {
    const records = [];
    for (const block of stdout.split(/\n\s*\n/)) {
        const fields = new Map();
        for (const line of block.split('\n')) {
            const match = /^([A-Za-z][A-Za-z ]*):\s*(.*)$/.exec(line.trim());
            if (match)
                fields.set(match[1].toLowerCase(), match[2].trim());
        }
        const id = fields.get('id');
        if (id === undefined)
            continue; // the closing "Reclaimable:/Total:" summary
        const size = parsePrintedSize(fields.get('size') ?? '');
        if (size === undefined)
            throw new Error(`The record ${id} has no readable Size: ${excerpt(block)}`);
        const lastUsed = fields.get('last used');
        records.push(clean({
            id,
            size,
            reclaimable: fields.get('reclaimable') !== 'false',
            shared: flag(fields.get('shared')),
            mutable: flag(fields.get('mutable')),
            type: fields.get('type') || undefined,
            description: fields.get('description') || undefined,
            lastUsed: lastUsed && !lastUsed.endsWith(' ago') ? goTimeToIso(lastUsed) : undefined,
        }));
    }
    return { records, approximate: true };
}
function usageInfo(value, where) {
    const r = object(value, where);
    if (typeof r.id !== 'string' || typeof r.size !== 'number' || typeof r.inUse !== 'boolean') {
        throw new Error(`${where} lacks id, size or inUse: ${excerpt(JSON.stringify(value))}`);
    }
    return clean({
        id: r.id,
        size: Math.max(0, r.size),
        reclaimable: !r.inUse,
        shared: bool(r.shared),
        mutable: bool(r.mutable),
        type: records_text(r.recordType),
        description: records_text(r.description),
        lastUsed: isoTime(r.lastUsedAt),
    });
}
/** `2026-11-26 14:24:29.078408868 +0000 UTC` (Go's time.String) → ISO-8601, or undefined. */
function goTimeToIso(value) {
    const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d+))? ([+-]\d{2})(\d{2})/.exec(value);
    if (!match)
        return undefined;
    const millis = (match[3] ?? '').slice(0, 3).padEnd(3, '0');
    return isoTime(`${match[1]}T${match[2]}.${millis}${match[4]}:${match[5]}`);
}
/** Normalises an RFC 3339 time (Go prints nanoseconds) to `toISOString()` form. */
function isoTime(value) {
    if (typeof value !== 'string' || value === '')
        return undefined;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
function parseJson(text, tool) {
    try {
        return JSON.parse(text);
    }
    catch {
        throw new Error(`${tool} printed something that is not JSON: ${excerpt(text)}`);
    }
}
function object(value, where) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new Error(`${where} is not a JSON object: ${excerpt(JSON.stringify(value))}`);
    }
    return value;
}
function lines(text) {
    return text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
}
const bool = (v) => (typeof v === 'boolean' ? v : undefined);
const records_text = (v) => (typeof v === 'string' && v !== '' ? v : undefined);
const flag = (v) => (v === 'true' ? true : v === 'false' ? false : undefined);
/** Drops undefined fields so records compare and serialise cleanly. */
function clean(record) {
    return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
function excerpt(text) {
    const one = text.replace(/\s+/g, ' ').trim();
    return one.length > 120 ? `${one.slice(0, 120)}…` : one;
}

;// CONCATENATED MODULE: ./src/builder/maintenance.ts
/**
 * The builder's own cache (`/var/lib/buildkit` and the like on self-hosted runners): report its usage
 * and prune it with BuildKit's own knobs, through `buildctl` or `docker buildx`, whichever is there.
 * The tool is reached only through the injected {@link Runner}.
 */



/** How many of the largest records the usage report keeps. */
const LARGEST_RECORDS = 10;
/** buildctl first: a runner with a standalone buildkitd has it on purpose; hosted runners have only docker. */
async function detectBuilderTool(run) {
    if ((await run('buildctl', ['--version'])).exitCode === 0)
        return 'buildctl';
    if ((await run('docker', ['buildx', 'version'])).exitCode === 0)
        return 'buildx';
    return undefined;
}
async function builderUsage(tool, run) {
    let parsed;
    if (tool === 'buildctl') {
        parsed = parseBuildctlUsage(await output(run, 'buildctl', ['du', '--format', '{{json .}}']));
    }
    else {
        const json = await run('docker', ['buildx', 'du', '--format', 'json']);
        // `--format` arrived in buildx 0.28 (docker/buildx b6baad40); older ones only print text.
        if (json.exitCode !== 0 && /unknown flag: --format/.test(json.stderr)) {
            parsed = parseVerboseRecords(await output(run, 'docker', ['buildx', 'du', '--verbose']));
        }
        else {
            parsed = parseBuildxUsage(checked(json, 'docker', ['buildx', 'du', '--format', 'json']));
        }
    }
    const { records } = parsed;
    // Same sums as the tools' own summary lines.
    const sum = (pick) => records.filter(pick).reduce((n, r) => n + r.size, 0);
    return {
        tool,
        records: records.length,
        totalBytes: sum(() => true),
        reclaimableBytes: sum((r) => r.reclaimable),
        sharedBytes: sum((r) => r.shared === true),
        largest: largest(records),
        approximate: parsed.approximate,
    };
}
async function builderPrune(tool, options, run) {
    const [command, args] = tool === 'buildctl'
        ? ['buildctl', buildctlPruneArgs(options)]
        : ['docker', buildxPruneArgs(options)];
    const stdout = await output(run, command, args);
    const parsed = tool === 'buildctl' ? parseBuildctlPrune(stdout) : parseVerboseRecords(stdout);
    return {
        tool,
        command: [command, ...args].join(' '),
        records: parsed.records.length,
        freedBytes: parsed.records.reduce((n, r) => n + r.size, 0),
        largest: largest(parsed.records),
        approximate: parsed.approximate,
    };
}
/** Detects the tool once, prunes (if asked), then reports usage (if asked) so it shows what is left. */
async function builderMaintenance(request, run) {
    const report = { warnings: [] };
    if (!request.usage && !request.prune)
        return report;
    const tool = await detectBuilderTool(run);
    if (!tool) {
        report.warnings.push('Neither buildctl nor docker buildx is on PATH: builder-usage and builder-prune did nothing.');
        return report;
    }
    report.tool = tool;
    if (request.prune) {
        try {
            report.prune = await builderPrune(tool, request.prune, run);
        }
        catch (error) {
            report.warnings.push(`Pruning the builder cache failed: ${errorText(error)}`);
        }
    }
    if (request.usage) {
        try {
            report.usage = await builderUsage(tool, run);
        }
        catch (error) {
            report.warnings.push(`Reading the builder cache usage failed: ${errorText(error)}`);
        }
    }
    return report;
}
function largest(records) {
    return [...records]
        .sort((a, b) => b.size - a.size || a.id.localeCompare(b.id))
        .slice(0, LARGEST_RECORDS);
}
async function output(run, command, args) {
    return checked(await run(command, args), command, args);
}
function checked(result, command, args) {
    if (result.exitCode === 0)
        return result.stdout;
    const detail = result.stderr.trim().split('\n').slice(-3).join(' / ') || 'no error output';
    throw new Error(`${command} ${args.slice(0, command === 'docker' ? 2 : 1).join(' ')} exited with ${result.exitCode}: ${detail}`);
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/builder/process.ts
/**
 * Runs the builder's tools as child processes. The one place `src/builder/` touches the process
 * boundary; tests put executables on PATH that answer with recorded output.
 */

/** `du` on a large builder prints one record per snapshot: leave room. */
const MAX_OUTPUT = 64 * 1024 * 1024;
function process_processRunner(options = {}) {
    return (command, args) => new Promise((resolve) => {
        (0,external_node_child_process_.execFile)(command, args, {
            env: options.env ?? process.env,
            timeout: options.timeoutMs ?? 300_000,
            maxBuffer: MAX_OUTPUT,
            encoding: 'utf8',
        }, (error, stdout, stderr) => {
            if (!error)
                return resolve({ exitCode: 0, stdout, stderr });
            const e = error;
            if (e.code === 'ENOENT')
                return resolve({ exitCode: 127, stdout: '', stderr: `${command}: not found` });
            if (e.killed) {
                return resolve({
                    exitCode: 124,
                    stdout,
                    stderr: `${stderr}\n${command} timed out and was stopped`.trim(),
                });
            }
            resolve({
                exitCode: typeof e.code === 'number' ? e.code : 1,
                stdout,
                stderr: stderr || e.message,
            });
        });
    });
}

// EXTERNAL MODULE: ./src/cache-options/access.ts
var cache_options_access = __webpack_require__(6983);
// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(7242);
// EXTERNAL MODULE: ./src/runner/workflow-commands.ts
var workflow_commands = __webpack_require__(1520);
// EXTERNAL MODULE: ./src/runner/log.ts
var runner_log = __webpack_require__(7708);
// EXTERNAL MODULE: ./src/units.ts
var units = __webpack_require__(1996);
// EXTERNAL MODULE: ./src/event.ts
var src_event = __webpack_require__(807);
;// CONCATENATED MODULE: ./src/github/caches.ts
/**
 * GitHub's REST API for Actions caches (`/repos/{owner}/{repo}/actions/caches`): a complete
 * listing or none, delete by id, repository usage. General on purpose: pruning and `type=local`
 * rotation both use it.
 */



/** The most the API returns per page. */
const PAGE_SIZE = 100;
/** A listing that cannot be trusted to hold every entry; nothing may be deleted on its basis. */
class IncompleteListingError extends Error {
    constructor(message, options) {
        super(`cache listing incomplete: ${message}`, options);
        this.name = 'IncompleteListingError';
    }
}
/**
 * A listing that holds more entries than its reader set out to read (ListOptions.maxEntries):
 * read no further than its first page, and not retried.
 */
class caches_ListingTooLargeError extends Error {
    total;
    limit;
    constructor(total, limit) {
        super(`${total} entries, more than the ${limit} worth reading`);
        this.total = total;
        this.limit = limit;
        this.name = 'ListingTooLargeError';
    }
}
/** A time as GitHub writes it: ISO 8601 with its zone (`Z` or an offset). */
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
/**
 * A listed time in ms, or NaN. A time without a zone would be read in the runner's zone, hours
 * off: that is a defect of the listing, not a time (rule 3 of docs/pruning-rules.md).
 */
function parseListedTime(value) {
    if (typeof value !== 'string' || !ZONED.test(value.trim()))
        return Number.NaN;
    return Date.parse(value.trim());
}
/**
 * `servedAt`: GitHub's time when it answered the page. An entry whose last use is not given
 * (null or absent) counts as used then: unknown means "just used", never "unused since created".
 */
function toEntry(raw, page, servedAt) {
    const createdAt = parseListedTime(raw.created_at);
    const unknownUse = raw.last_accessed_at === null || raw.last_accessed_at === undefined;
    const lastAccessedAt = unknownUse
        ? Math.max(createdAt, servedAt)
        : parseListedTime(raw.last_accessed_at);
    if (typeof raw.id !== 'number' ||
        typeof raw.ref !== 'string' ||
        typeof raw.key !== 'string' ||
        Number.isNaN(createdAt) ||
        Number.isNaN(lastAccessedAt)) {
        // An entry we cannot place or date could be anything; the whole listing is unusable.
        throw new IncompleteListingError(`page ${page} holds an entry without id, ref, key or dates with a time zone`);
    }
    return {
        id: raw.id,
        ref: raw.ref,
        key: raw.key,
        version: raw.version ?? '',
        createdAt,
        lastAccessedAt,
        sizeInBytes: raw.size_in_bytes ?? 0,
    };
}
async function fetchPage(octokit, repo, filter, page, order = 'oldest-created-first') {
    const { data, headers } = await octokit.request('GET /repos/{owner}/{repo}/actions/caches', {
        ...repo,
        ...(filter.key === undefined ? {} : { key: filter.key }),
        ...(filter.ref === undefined ? {} : { ref: filter.ref }),
        // Oldest first for a whole listing: entries created while we read land on the last pages, so
        // the earlier pages do not shift under us (last access first reorders on every lookup).
        ...(order === 'oldest-created-first'
            ? { sort: 'created_at', direction: 'asc' }
            : order === 'largest-first'
                ? { sort: 'size_in_bytes', direction: 'desc' }
                : { sort: 'last_accessed_at', direction: 'desc' }),
        per_page: PAGE_SIZE,
        page,
    });
    if (typeof data?.total_count !== 'number' || !Array.isArray(data.actions_caches)) {
        throw new IncompleteListingError(`page ${page} is not a cache list`);
    }
    // GitHub's time of the answer; without a Date header, the runner's.
    const served = Date.parse(headers.date ?? '');
    const servedAt = Number.isNaN(served) ? Date.now() : served;
    return {
        total: data.total_count,
        entries: data.actions_caches.map((e) => toEntry(e, page, servedAt)),
    };
}
/**
 * Checks that the pages add up to one listing: every page but the last is full, the last holds
 * the rest of its total, no entry appears twice, and no total shrank (a deletion between two
 * page reads shifts later entries onto pages already read, so one would be missed). Totals that
 * grow are fine: with oldest-first order, new entries only land on the last pages.
 */
function checkPages(pages) {
    const first = pages[0];
    if (first === undefined)
        return 'no page was read';
    const last = pages[pages.length - 1];
    for (const [i, page] of pages.entries()) {
        if (page.total < first.total)
            return `the total fell from ${first.total} to ${page.total}`;
        if (i < pages.length - 1 && page.entries.length !== PAGE_SIZE) {
            return `page ${i + 1} of ${pages.length} returned ${page.entries.length} of ${PAGE_SIZE} entries`;
        }
    }
    const expectedLast = last.total - PAGE_SIZE * (pages.length - 1);
    if (last.entries.length !== Math.max(0, expectedLast) || expectedLast > PAGE_SIZE) {
        return `the last page (${pages.length}) returned ${last.entries.length} entries where the total of ${last.total} needs ${expectedLast}`;
    }
    const ids = new Set();
    for (const page of pages) {
        for (const entry of page.entries) {
            if (ids.has(entry.id))
                return `entry ${entry.id} appeared twice`;
            ids.add(entry.id);
        }
    }
    return undefined;
}
async function listOnce(octokit, repo, filter, options) {
    const read = async (page) => {
        options.onPage?.(page);
        pages[page - 1] = await fetchPage(octokit, repo, filter, page);
    };
    const pages = [];
    await read(1);
    if (options.maxEntries !== undefined && pages[0].total > options.maxEntries)
        throw new caches_ListingTooLargeError(pages[0].total, options.maxEntries);
    let count = Math.max(1, Math.ceil(pages[0].total / PAGE_SIZE));
    const rest = Array.from({ length: count - 1 }, (_, i) => i + 2);
    await forEachLimited(rest, options.concurrency ?? REQUEST_CONCURRENCY, read);
    // Entries created while we read can push the total past what page 1 promised.
    for (;;) {
        const needed = Math.max(...pages.map((p) => Math.ceil(p.total / PAGE_SIZE)));
        if (needed <= count)
            break;
        await read(++count);
    }
    const problem = checkPages(pages);
    if (problem !== undefined)
        throw new IncompleteListingError(problem);
    return pages.flatMap((p) => p.entries);
}
/**
 * Every cache entry matching `filter`, or an error (rule 3 of docs/pruning-rules.md): a failed
 * page or a listing whose pages do not add up throws IncompleteListingError (after `attempts` tries for the latter), so a caller
 * never acts on a partial view.
 */
async function caches_listCaches(octokit, repo, filter = {}, options = {}) {
    const attempts = options.attempts ?? 3;
    for (let attempt = 1;; attempt++) {
        try {
            return await listOnce(octokit, repo, filter, options);
        }
        catch (error) {
            if (error instanceof IncompleteListingError && attempt < attempts)
                continue;
            if (error instanceof IncompleteListingError || error instanceof caches_ListingTooLargeError)
                throw error;
            throw new IncompleteListingError(`a page could not be read (${describeError(error)})`, {
                cause: error,
            });
        }
    }
}
/**
 * The entries created or used at or after `since` (ms), most recently used first: the first pages
 * of the listing by last access, read until an entry older than `since` (GitHub sets
 * `last_accessed_at` at creation too). What pruning re-checks its plan against before deleting
 * (rule 10 of docs/pruning-rules.md). Not a whole listing: an entry used while the pages are read
 * moves to page 1, already read, and is seen as it was; one deleted meanwhile may shift another
 * past a page boundary, which only matters with more than a page of recent entries.
 */
async function caches_listRecentlyUsed(octokit, repo, since, options = {}) {
    const seen = new Map();
    for (let page = 1;; page++) {
        options.onPage?.(page);
        let result;
        try {
            result = await fetchPage(octokit, repo, {}, page, 'last-used-first');
        }
        catch (error) {
            if (error instanceof IncompleteListingError)
                throw error;
            throw new IncompleteListingError(`a page could not be read (${describeError(error)})`, {
                cause: error,
            });
        }
        let older = false;
        for (const entry of result.entries) {
            if (Math.max(entry.lastAccessedAt, entry.createdAt) < since)
                older = true;
            else if (!seen.has(entry.id))
                seen.set(entry.id, entry);
        }
        if (older || result.entries.length < PAGE_SIZE || page * PAGE_SIZE >= result.total)
            break;
    }
    return [...seen.values()];
}
/**
 * The repository's largest entries: the first page of the listing by size, largest first (one
 * request). Where the bytes are when the repository holds too many entries to list whole (rule 12
 * of docs/pruning-rules.md): a flood of small entries does not push a ref's layers off it.
 */
async function caches_listLargest(octokit, repo, options = {}) {
    options.onPage?.(1);
    try {
        return (await fetchPage(octokit, repo, {}, 1, 'largest-first')).entries;
    }
    catch (error) {
        if (error instanceof IncompleteListingError)
            throw error;
        throw new IncompleteListingError(`a page could not be read (${describeError(error)})`, {
            cause: error,
        });
    }
}
/**
 * Deletes one entry by id. Never by key: a key delete removes that key in every ref
 * (docs/github-cache.md §3). A 404 means somebody (GitHub's eviction, another run) was first.
 */
async function caches_deleteCacheById(octokit, repo, id) {
    try {
        await octokit.request('DELETE /repos/{owner}/{repo}/actions/caches/{cache_id}', {
            ...repo,
            cache_id: id,
        });
        return 'deleted';
    }
    catch (error) {
        if (error instanceof RequestError && error.status === 404)
            return 'missing';
        throw error;
    }
}
/** The repository's cache usage. GitHub refreshes it about every 5 minutes. */
async function caches_getCacheUsage(octokit, repo) {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/cache/usage', {
        ...repo,
    });
    return {
        activeBytes: data.active_caches_size_in_bytes,
        activeCount: data.active_caches_count,
    };
}
/**
 * The repository's cache storage limit as GitHub reports it (`max_cache_size_gb`, set by an
 * administrator since pay-as-you-go caches), in bytes (GB as 10^9, as cache-limit reads it);
 * undefined when the answer is not a positive number. 402, 403 and 404 (no such feature, no
 * permission) are errors for the caller to fall back on.
 */
async function caches_getCacheStorageLimit(octokit, repo) {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/cache/storage-limit', {
        ...repo,
    });
    const gb = data?.max_cache_size_gb;
    return typeof gb === 'number' && Number.isFinite(gb) && gb > 0 ? gb * 1e9 : undefined;
}
/**
 * How long the repository's cache keeps an entry nobody uses, as GitHub reports it
 * (`max_cache_retention_days`, 7 unless an administrator changed it), in ms; undefined when the
 * answer is not a positive number.
 */
async function caches_getCacheRetention(octokit, repo) {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/cache/retention-limit', { ...repo });
    const days = data
        ?.max_cache_retention_days;
    return typeof days === 'number' && Number.isFinite(days) && days > 0
        ? days * 86_400_000
        : undefined;
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js
var github = __webpack_require__(1351);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/utils.js + 19 modules
var utils = __webpack_require__(6809);
;// CONCATENATED MODULE: ./src/github/octokit.ts
/**
 * The Octokit every REST call goes through: `@actions/github`'s client (GITHUB_API_URL, proxy)
 * with `@octokit/plugin-throttling` (primary and secondary rate limits), `@octokit/plugin-retry`
 * (5xx and timeouts, with backoff), a per-attempt timeout, and `Retry-After` on plain 429s.
 */






const DEFAULTS = {
    requestTimeoutMs: 30_000,
    retries: 3,
    rateLimitRetries: 3,
    maxRateLimitWaitMs: 120_000,
    paceWrites: true,
    delayScale: 1,
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * A 429 that names no secondary or primary limit is left alone by the throttling plugin, and the
 * retry plugin would retry it on its own 1s/4s/9s schedule; GitHub asks clients to wait for
 * `Retry-After` instead (docker/actions-toolkit#944). Registered first, so it is the innermost
 * wrapper and sees the 429 before the other plugins do.
 */
function retryAfter429(octokit, options) {
    const settings = options.retryAfter429;
    octokit.hook.wrap('request', async (request, requestOptions) => {
        for (let attempt = 0;; attempt++) {
            try {
                return await request(requestOptions);
            }
            catch (error) {
                if (!(error instanceof RequestError) || error.status !== 429)
                    throw error;
                if (/secondary rate/i.test(error.message))
                    throw error; // the throttling plugin's case
                const headers = error.response?.headers ?? {};
                const waitMs = parseRetryAfterMs(headers['retry-after'], Date.now()) ?? 60_000;
                if (attempt >= settings.rateLimitRetries || waitMs > settings.maxRateLimitWaitMs)
                    throw error;
                settings.onRateLimited?.(waitMs, `${requestOptions.method} ${requestOptions.url}`);
                await sleep(waitMs * settings.delayScale);
            }
        }
    });
}
/** A fetch whose every call is aborted after `timeoutMs`, on top of the caller's own signal. */
function withTimeout(fetchImpl, timeoutMs) {
    return (input, init) => {
        const timeout = AbortSignal.timeout(timeoutMs);
        const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        return fetchImpl(input, { ...init, signal });
    };
}
/** Builds the Octokit for the REST client; see OctokitSettings for what each knob does. */
function octokit_createOctokit(settings) {
    const s = { ...DEFAULTS, ...settings };
    const baseFetch = defaults.request?.fetch ?? fetch;
    const scaledBase = Math.max(1, Math.round(1000 * s.delayScale));
    const withinLimits = (retryAfterSeconds, retryCount, route) => {
        const waitMs = retryAfterSeconds * 1000;
        if (retryCount >= s.rateLimitRetries || waitMs > s.maxRateLimitWaitMs)
            return false;
        s.onRateLimited?.(waitMs, route);
        return true;
    };
    const options = {
        baseUrl: s.baseUrl.replace(/\/+$/, ''),
        request: { ...defaults.request, fetch: withTimeout(baseFetch, s.requestTimeoutMs) },
        retry: {
            retries: s.retries,
            retryAfterBaseValue: scaledBase,
            // 429 is retried by retryAfter429 and the throttling plugin, which honour Retry-After.
            doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
        },
        throttle: {
            retryAfterBaseValue: scaledBase,
            onRateLimit: (after, o, _, count) => withinLimits(after, count, `${o.method} ${o.url}`),
            onSecondaryRateLimit: (after, o, _, count) => withinLimits(after, count, `${o.method} ${o.url}`),
            // A duck-typed stand-in: the plugin only calls `write.key(id).schedule(options, task)`.
            ...(s.paceWrites ? {} : { write: unpacedWrites }),
        },
        retryAfter429: {
            rateLimitRetries: s.rateLimitRetries,
            maxRateLimitWaitMs: s.maxRateLimitWaitMs,
            delayScale: s.delayScale,
            onRateLimited: s.onRateLimited,
        },
    };
    const plugins = [retryAfter429, throttling, retry];
    return getOctokit(s.token, options, ...plugins);
}
/**
 * Stands in for the throttling plugin's write limiter (a module-wide Bottleneck group that lets
 * one write through per second) when the caller turns pacing off: every write is let through.
 */
const unpacedWrites = {
    key: () => ({
        schedule: (_options, task) => task(),
    }),
};

;// CONCATENATED MODULE: ./src/github/client.ts
/**
 * One object for everything the action asks of GitHub's REST API, bound to a repository and a
 * token. Pruning and `type=local` take it (or the parts they use) as an argument, so their tests
 * can hand in a fake.
 */





/** `owner/name` → Repo, or an error naming what was wrong. */
function parseRepository(repository) {
    const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repository);
    if (!match) {
        throw new Error(`repository ${JSON.stringify(repository)} is not of the form "owner/name"`);
    }
    return { owner: match[1], repo: match[2] };
}
function client_createGitHubClient(settings) {
    const clock = settings.clock ?? Date.now;
    const repo = parseRepository(settings.repository);
    const octokit = createOctokit(settings);
    const serverClock = new ServerClock();
    octokit.hook.after('request', (response) => {
        serverClock.observe(response.headers.date, clock());
    });
    octokit.hook.error('request', (error) => {
        const headers = error
            .response?.headers;
        serverClock.observe(headers?.date, clock());
        throw error;
    });
    return {
        listCaches: (filter, options) => listCaches(octokit, repo, filter, options),
        listRecentlyUsed: (since, options) => listRecentlyUsed(octokit, repo, since, options),
        listLargest: (options) => listLargest(octokit, repo, options),
        deleteCache: (id) => deleteCacheById(octokit, repo, id),
        getCacheUsage: () => getCacheUsage(octokit, repo),
        getCacheStorageLimit: () => getCacheStorageLimit(octokit, repo),
        getCacheRetention: () => getCacheRetention(octokit, repo),
        getPullRequestState: (number) => getPullRequestState(octokit, repo, number),
        branchExists: (branch) => branchExists(octokit, repo, branch),
        getDefaultBranch: () => getDefaultBranch(octokit, repo),
        listBranches: () => listBranches(octokit, repo),
        getPullRequest: (number) => getPullRequest(octokit, repo, number),
        closedPullRequestsFrom: (branch) => closedPullRequestsFrom(octokit, repo, branch),
        clockOffset: () => serverClock.offset(),
        isPermissionDenied,
        isRateLimited,
        describeError,
    };
}

// EXTERNAL MODULE: ./src/inputs.ts + 7 modules
var inputs = __webpack_require__(2511);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/buildkit/keys.ts
/**
 * BuildKit's `type=gha` key layout (docs/buildkit-gha-format.md): one entry per layer blob, `buildkit-blob-1-<digest>`, and one entry per export of a scope,
 * `index-<scope>-1-<first 8 hex of sha256(writing ref)>[-sig]#<N>`. Every entry carries the same version.
 * Pure: no I/O.
 */

/** sha256("|go-actionscache-1.0"): the version BuildKit's cache client sends with every key, blob or index. */
const keys_BUILDKIT_CACHE_VERSION = '693bb7016429d80366022f036f84856888c9f13e00145f5f6f4dce303a38d6f2';
/** The key-format version BuildKit embeds in its keys (`1`), not a protocol version. */
const KEY_FORMAT = '1';
const BLOB_KEY_PREFIX = `buildkit-blob-${KEY_FORMAT}-`;
const keys_INDEX_KEY_PREFIX = 'index-';
/** An OCI digest: `algorithm:encoded`; BuildKit writes sha256, the grammar allows others. */
const DIGEST = '[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-f0-9]{32,}';
const BLOB_KEY = new RegExp(`^${BLOB_KEY_PREFIX}(${DIGEST})(-sig)?$`);
const DIGEST_ONLY = new RegExp(`^${DIGEST}$`);
// Scopes may contain dashes and even "-1-": the greedy `(.+)` makes the match bind the last
// `-1-<8 hex>`, i.e. the key is parsed from the right.
const INDEX_KEY = /^index-(.+)-1-([0-9a-f]{8})(-sig)?#([0-9]+)$/;
/** First 8 hex digits of sha256(ref): the ref part of an index key (`refs/heads/main` → `f921bd05`). */
function refHash(ref) {
    return createHash('sha256').update(ref).digest('hex').slice(0, 8);
}
/** The key of a layer blob entry (`signature` for the `-sig` blob of a signed index, BuildKit ≥ 0.27). */
function keys_blobKey(digest, signature = false) {
    return `${BLOB_KEY_PREFIX}${digest}${signature ? '-sig' : ''}`;
}
/** The index key without its generation: what importers look up by prefix. */
function indexKeyBase(scope, ref, signed = false) {
    return `${keys_INDEX_KEY_PREFIX}${scope}-${KEY_FORMAT}-${refHash(ref)}${signed ? '-sig' : ''}`;
}
/** The key of generation `n` (1, 2, …) of an index. */
function indexKey(base, generation) {
    return `${base}#${generation}`;
}
/** Classifies a cache key as a BuildKit blob, a BuildKit index generation, or something else. */
function keys_parseKey(key) {
    const blob = BLOB_KEY.exec(key);
    if (blob)
        return { kind: 'blob', digest: blob[1], signature: blob[2] !== undefined };
    const index = INDEX_KEY.exec(key);
    if (index) {
        const generation = Number(index[4]);
        if (Number.isSafeInteger(generation) && generation > 0) {
            return {
                kind: 'index',
                scope: index[1],
                refHash: index[2],
                signed: index[3] !== undefined,
                generation,
                base: key.slice(0, key.lastIndexOf('#')),
            };
        }
    }
    return { kind: 'other' };
}
/** Whether `value` is a digest BuildKit could have written as a blob (`sha256:<hex>`, or another algorithm). */
function keys_isDigest(value) {
    return DIGEST_ONLY.test(value);
}
/** Whether an entry with this version was written by BuildKit's gha backend. */
function keys_isBuildKitVersion(version) {
    return version === keys_BUILDKIT_CACHE_VERSION;
}

;// CONCATENATED MODULE: ./src/prune/marker.ts
/**
 * Markers: tiny cache entries in which a job declares what a live index of its own ref
 * references, so that jobs which cannot read that ref's indexes (a pull request's, from the
 * default branch) need not guess it from times (analysis.ts couldReference). Only the key
 * matters, because every job lists every key through the REST API while only the ref's own jobs
 * can download its entries: the key names the index entry it describes and carries a Bloom filter
 * of the blob keys that index references. A filter has no false negatives, so a blob key it
 * rejects is certainly not referenced; a false positive only keeps a blob a little longer.
 * A marker counts only in its index's ref (rule 13 of docs/pruning-rules.md). Pure: no I/O.
 *
 * Layout: `buildkit-cache-action-uses-1-<index entry id>-<hashes>-<filter, base64url>`, at most
 * 512 characters (GitHub's key limit), with its own version so that nobody's lookup ever finds it.
 */


const marker_MARKER_KEY_PREFIX = 'buildkit-cache-action-uses-';
/** sha256("buildkit-cache-action uses 1"): the version every marker is saved with. */
const marker_MARKER_VERSION = (0,external_node_crypto_.createHash)('sha256')
    .update('buildkit-cache-action uses 1')
    .digest('hex');
const FORMAT = '1';
/** Filter bits per blob key: about 0.05 % false positives with the best number of hashes. */
const BITS_PER_KEY = 16;
const MAX_HASHES = 16;
const MARKER_KEY = /^buildkit-cache-action-uses-1-([1-9][0-9]{0,15})-([1-9][0-9]?)-([A-Za-z0-9_-]+)$/;
/** Bit positions of a blob key: up to 16 independent 32-bit words of two sha256 digests. */
function positions(blobKey, hashes, bits) {
    const words = Buffer.concat([
        createHash('sha256').update(blobKey).digest(),
        createHash('sha256').update(`${blobKey}\n`).digest(),
    ]);
    return Array.from({ length: hashes }, (_, i) => words.readUInt32BE(4 * i) % bits);
}
/** The marker key of the index entry `indexId` referencing `blobKeys`. */
function marker_markerKey(indexId, blobKeys) {
    if (!Number.isSafeInteger(indexId) || indexId < 1) {
        throw new Error(`a marker describes a cache entry id, a positive integer; got ${indexId}`);
    }
    const head = `${marker_MARKER_KEY_PREFIX}${FORMAT}-${indexId}-`;
    const keys = [...new Set(blobKeys)];
    // Room for the hash count (two digits and a dash); the filter is whole bytes, 4 characters
    // for 3 of them (base64url without padding decodes to exactly the bytes encoded).
    const room = MAX_KEY_LENGTH - head.length - 3;
    const bytes = Math.max(1, Math.min(Math.floor((room * 6) / 8), Math.max(16, Math.ceil((keys.length * BITS_PER_KEY) / 8))));
    const bits = bytes * 8;
    const hashes = keys.length === 0
        ? 1
        : Math.max(1, Math.min(MAX_HASHES, Math.round((bits / keys.length) * Math.LN2)));
    const filter = Buffer.alloc(bytes);
    for (const key of keys) {
        for (const p of positions(key, hashes, bits))
            filter[p >> 3] |= 1 << (p & 7);
    }
    return `${head}${hashes}-${filter.toString('base64url')}`;
}
/** Reads a marker key; undefined for anything else. */
function marker_parseMarker(key) {
    const match = MARKER_KEY.exec(key);
    if (!match)
        return undefined;
    const indexId = Number(match[1]);
    const hashes = Number(match[2]);
    if (!Number.isSafeInteger(indexId) || hashes > MAX_HASHES)
        return undefined;
    const filter = Buffer.from(match[3], 'base64url');
    // Only what markerKey writes: the text of whole bytes, nothing dropped in decoding.
    if (filter.length === 0 || filter.toString('base64url') !== match[3])
        return undefined;
    const bits = filter.length * 8;
    return {
        indexId,
        mayReference: (blobKey) => positions(blobKey, hashes, bits).every((p) => (filter[p >> 3] >> (p & 7)) & 1),
    };
}

;// CONCATENATED MODULE: ./src/prune/analysis.ts
/**
 * What a cache listing says about BuildKit's entries before anything is decided (docs/pruning-rules.md):
 * which entries are BuildKit's or ours, which index generations are live, and which live,
 * readable indexes reference each blob entry. Pure: the clock and the index contents come in
 * as arguments.
 */




/**
 * Each entry's classification, made once: a run's phases (live indexes, stale refs, the plan)
 * all ask, and the answer depends only on the key, the version and the run's own key prefixes.
 */
const classifications = new WeakMap();
function classify(entry, ownKeyPrefixes) {
    const known = classifications.get(entry);
    if (known?.prefixes === ownKeyPrefixes)
        return known.c;
    const c = classifyKey(entry, ownKeyPrefixes);
    classifications.set(entry, { prefixes: ownKeyPrefixes, c });
    return c;
}
function classifyKey(entry, ownKeyPrefixes) {
    if (ownKeyPrefixes.some((prefix) => prefix !== '' && entry.key.startsWith(prefix))) {
        const hash = entry.key.indexOf('#');
        return { entry, kind: 'local', scope: hash < 0 ? entry.key : entry.key.slice(0, hash + 1) };
    }
    if (entry.key.startsWith(NOTE_KEY_PREFIX)) {
        if (entry.version !== MARKER_VERSION)
            return { entry, kind: 'foreign' };
        const until = parseNote(entry.key);
        return until === undefined
            ? { entry, kind: 'foreign', unknownLayout: true }
            : { entry, kind: 'note', until };
    }
    if (entry.key.startsWith(MARKER_KEY_PREFIX)) {
        if (entry.version !== MARKER_VERSION)
            return { entry, kind: 'foreign' };
        const marker = parseMarker(entry.key);
        return marker
            ? { entry, kind: 'marker', marker }
            : { entry, kind: 'foreign', unknownLayout: true };
    }
    if (!isBuildKitVersion(entry.version))
        return { entry, kind: 'foreign' };
    const key = parseKey(entry.key);
    if (key.kind === 'blob')
        return { entry, kind: 'blob' };
    if (key.kind === 'index') {
        return {
            entry,
            kind: 'index',
            scope: key.scope,
            series: `${entry.ref}\n${key.base}`,
            generation: key.generation,
            signed: key.signed,
        };
    }
    // BuildKit's version on a key this code cannot parse: a newer BuildKit may have changed its key
    // layout. Never ours to delete, and it may reference anything its ref sees (rule 4).
    return { entry, kind: 'foreign', unknownLayout: true };
}
/** Latest time anybody created or touched the entry. */
function analysis_lastUsed(entry) {
    return Math.max(entry.createdAt, entry.lastAccessedAt);
}
/**
 * Orders two generations of one series as importers see them: the prefix lookup returns the newest
 * created entry, so by created_at, then by the number after `#`, then by id.
 */
function analysis_byGeneration(a, b) {
    return (a.entry.createdAt - b.entry.createdAt ||
        (a.generation ?? 0) - (b.generation ?? 0) ||
        a.entry.id - b.entry.id);
}
/**
 * Sorts each series' generations as importers see them: the prefix lookup returns the newest
 * created entry, so order by created_at, then by the number after `#` (docs/buildkit-gha-format.md §2).
 * A generation is superseded when its successor was created.
 */
function generations(entries, now, graceMs) {
    const series = new Map();
    for (const c of entries) {
        if (c.kind !== 'index' || c.series === undefined)
            continue;
        const list = series.get(c.series) ?? [];
        list.push(c);
        series.set(c.series, list);
    }
    const result = new Map();
    for (const list of series.values()) {
        list.sort(analysis_byGeneration);
        list.forEach((c, i) => {
            const successor = list[i + 1];
            if (successor === undefined)
                result.set(c.entry.id, 'newest');
            else if (now - successor.entry.createdAt < graceMs)
                result.set(c.entry.id, 'recently-superseded');
            else
                result.set(c.entry.id, 'superseded');
        });
    }
    return result;
}
/** Live generations (newest or recently superseded) in refs the token can read. */
function analysis_liveReadableIndexes(entries, policy, now) {
    const classified = entries.map((e) => classify(e, policy.ownKeyPrefixes));
    const generation = generations(classified, now, policy.graceMs);
    const readable = new Set(policy.readableRefs);
    return classified
        .filter((c) => readable.has(c.entry.ref) && analysis_isLive(generation.get(c.entry.id)))
        .map((c) => c.entry);
}
function analysis_isLive(generation) {
    return generation === 'newest' || generation === 'recently-superseded';
}
/**
 * Rule 5: whether the export that wrote `index` could have used the blob entry `blob`, judged from
 * their times alone. BuildKit's exporter looks up every layer of the index it writes, one after the
 * other, and only then writes the index (docs/buildkit-gha-format.md §3, §4); a lookup
 * that finds an entry refreshes its `last_accessed_at`, and a layer it does not find it uploads.
 * So an index uses an entry only if the entry existed before the index was written and was used
 * during that export, which lasts less than `windowMs` (prune-grace).
 *
 * In the index's own ref one more case exists: two exports racing for a new layer. The loser's
 * lookup misses the winner's reservation, its reserve gets 409 "already exists", and its index
 * references the winner's entry without having touched it (docs/buildkit-gha-format.md §4). That entry was
 * reserved during the winner's export, at most one more export earlier, and (were `created_at`
 * taken at commit) committed at most one export later. Another ref's entry is only ever found.
 *
 * A listing is not one instant: an index written after the listing began (`listedFrom`) may
 * have looked the entry up after the listing read it, so the entry's last use as listed proves
 * nothing about that index; only that the entry existed before it does.
 */
function analysis_couldReference(index, blob, windowMs, listedFrom = Infinity, 
/** False when exports may skip their lookups (ghtoken): then only the first test holds. */
lookups = true) {
    const race = index.ref === blob.ref ? windowMs : 0;
    if (blob.createdAt > index.createdAt + race)
        return false;
    if (!lookups)
        return true;
    return index.createdAt >= listedFrom || analysis_lastUsed(blob) >= index.createdAt - windowMs - race;
}
/**
 * The live generations among `indexes` in refs outside `readable`: what an index listing of the
 * repository says about the indexes this job cannot read.
 */
function liveOutOfReachIndexes(indexes, policy, now) {
    const readable = new Set(policy.readableRefs);
    const unique = new Map();
    for (const e of indexes) {
        if (readable.has(e.ref))
            continue;
        const c = classify(e, policy.ownKeyPrefixes);
        if (c.kind === 'index')
            unique.set(e.id, c);
    }
    const list = [...unique.values()];
    const generation = generations(list, now, policy.graceMs);
    return list.filter((c) => analysis_isLive(generation.get(c.entry.id)));
}
/**
 * Refs this job cannot read (and does not drop) with an index generation superseded longer than
 * prune-grace ago: each had an export after which nothing could judge what the export left
 * behind (the post step that follows an export must keep the generation it superseded).
 */
function analysis_staleOutOfReachRefs(indexes, policy, now) {
    const skip = new Set([...policy.readableRefs, ...policy.dropRefs]);
    const list = indexes
        .filter((e) => !skip.has(e.ref))
        .map((e) => classify(e, policy.ownKeyPrefixes))
        .filter((c) => c.kind === 'index');
    const generation = generations(list, now, policy.graceMs);
    const refs = new Set(list.filter((c) => generation.get(c.entry.id) === 'superseded').map((c) => c.entry.ref));
    return [...refs].sort();
}
function analysis_analyze(entries, indexes, policy, now, 
/** Every index entry of the repository, when known (a whole listing, or the `index-` listing). */
indexListing, 
/** The repository's markers, for a listing of some refs only (a whole listing holds them). */
markerListing = []) {
    const classified = entries.map((e) => classify(e, policy.ownKeyPrefixes));
    const byId = new Map(classified.map((c) => [c.entry.id, c]));
    const generation = generations(classified, now, policy.graceMs);
    const readable = new Set(policy.readableRefs);
    const blobsByKey = new Map();
    for (const c of classified) {
        if (c.kind !== 'blob')
            continue;
        const list = blobsByKey.get(c.entry.key) ?? [];
        list.push(c);
        blobsByKey.set(c.entry.key, list);
    }
    const reads = new Map();
    const referencers = new Map();
    const failedReads = [];
    for (const c of classified) {
        if (c.kind !== 'index' || !readable.has(c.entry.ref) || !analysis_isLive(generation.get(c.entry.id))) {
            continue;
        }
        const read = indexes.get(c.entry.id);
        reads.set(c.entry.id, read);
        if (read === undefined || !read.ok) {
            failedReads.push(c);
            continue;
        }
        for (const key of read.blobKeys) {
            for (const blob of blobsByKey.get(key) ?? []) {
                if (!canRead(c.entry.ref, blob.entry.ref, policy.defaultRef))
                    continue;
                const list = referencers.get(blob.entry.id) ?? [];
                list.push(c.entry.id);
                referencers.set(blob.entry.id, list);
            }
        }
    }
    // Entries in a layout this code does not know, from the entries or the index listing, once each.
    const unknown = new Map();
    for (const c of classified)
        if (c.unknownLayout)
            unknown.set(c.entry.id, c);
    for (const e of indexListing ?? []) {
        if (byId.has(e.id))
            continue;
        const c = classify(e, policy.ownKeyPrefixes);
        if (c.unknownLayout)
            unknown.set(e.id, c);
    }
    // Rule 4 in a readable ref; in a ref this job cannot read (a fork's pull request can write any
    // key there) such an entry is judged like an index of that ref, by times (rule 5): it may use
    // what existed when it was written, for as long as it is listed, and no more.
    const unknownOutOfReach = [];
    for (const c of unknown.values()) {
        if (!isBuildKitVersion(c.entry.version))
            continue;
        if (readable.has(c.entry.ref))
            failedReads.push(c);
        else
            unknownOutOfReach.push(c);
    }
    return {
        now,
        policy,
        unknown: [...unknown.values()],
        declared: analysis_declarations([...entries, ...markerListing], [...entries, ...(indexListing ?? [])]),
        entries: classified,
        byId,
        blobsByKey,
        generation,
        reads,
        referencers,
        failedReads,
        ...(indexListing
            ? { outOfReach: [...liveOutOfReachIndexes(indexListing, policy, now), ...unknownOutOfReach] }
            : {}),
    };
}
/**
 * What markers declare, by the id of the index entry each describes: only a marker in the same
 * ref as a listed index with that id counts (a job writes markers for its own ref's indexes).
 */
function analysis_declarations(markers, indexes) {
    const refOf = new Map();
    for (const e of indexes)
        if (e.key.startsWith(INDEX_KEY_PREFIX))
            refOf.set(e.id, e.ref);
    const declared = new Map();
    for (const e of markers) {
        if (e.version !== MARKER_VERSION)
            continue;
        const marker = parseMarker(e.key);
        if (!marker || refOf.get(marker.indexId) !== e.ref)
            continue;
        // Two markers of one index (a retried save) declare the union: either may be the true one.
        const other = declared.get(marker.indexId);
        declared.set(marker.indexId, other ? (key) => other(key) || marker.mayReference(key) : marker.mayReference);
    }
    return declared;
}

;// CONCATENATED MODULE: ./src/prune/inventory.ts

const add = (tally, entry) => {
    tally.count++;
    tally.bytes += entry.sizeInBytes;
};
const empty = () => ({ count: 0, bytes: 0 });
function inventory_inventory(plan) {
    const { analysis } = plan;
    const readable = new Set(analysis.policy.readableRefs);
    const deleted = new Set(plan.deletions.map((d) => d.entry.id));
    const scopes = new Map();
    const refs = new Map();
    const reasons = new Map();
    for (const planned of plan.entries) {
        const { entry } = planned;
        const reasonKey = `${planned.verdict}\n${planned.reason}`;
        const reasonRow = reasons.get(reasonKey) ?? {
            verdict: planned.verdict,
            reason: planned.reason,
            tally: empty(),
        };
        add(reasonRow.tally, entry);
        reasons.set(reasonKey, reasonRow);
        if (planned.kind === 'foreign')
            continue;
        const refRow = refs.get(entry.ref) ?? {
            ref: entry.ref,
            entries: empty(),
            ...(readable.has(entry.ref) ? { unreferencedBlobs: empty() } : {}),
            deleted: empty(),
        };
        add(refRow.entries, entry);
        if (deleted.has(entry.id))
            add(refRow.deleted, entry);
        if (planned.kind === 'blob' &&
            refRow.unreferencedBlobs &&
            !analysis.referencers.has(entry.id)) {
            add(refRow.unreferencedBlobs, entry);
        }
        refs.set(entry.ref, refRow);
        if (planned.kind !== 'index' || planned.scope === undefined)
            continue;
        const scopeKey = `${entry.ref}\n${planned.scope}`;
        const row = scopes.get(scopeKey) ?? {
            ref: entry.ref,
            scope: planned.scope,
            generations: 0,
            liveGenerations: 0,
            read: readable.has(entry.ref) ? 'read' : 'not-readable',
            deleted: empty(),
        };
        row.generations++;
        if (isLive(analysis.generation.get(entry.id))) {
            row.liveGenerations++;
            const read = analysis.reads.get(entry.id);
            if (row.read === 'read' && (read === undefined || !read.ok))
                row.read = 'failed';
        }
        if (deleted.has(entry.id))
            add(row.deleted, entry);
        scopes.set(scopeKey, row);
    }
    const liveBlobs = liveBlobsByScope(analysis);
    const scopeRows = [...scopes.entries()].map(([key, row]) => ({
        ...row,
        ...(row.read === 'read' ? { liveBlobs: liveBlobs.get(key) ?? empty() } : {}),
    }));
    const byRef = (a, b) => a.ref.localeCompare(b.ref);
    return {
        scopes: scopeRows.sort((a, b) => byRef(a, b) || a.scope.localeCompare(b.scope)),
        refs: [...refs.values()].sort(byRef),
        reasons: [...reasons.values()].sort((a, b) => a.verdict.localeCompare(b.verdict) || b.tally.bytes - a.tally.bytes),
    };
}
/** Blobs referenced by each scope's live indexes (a blob shared by two scopes counts in both). */
function liveBlobsByScope(analysis) {
    const liveBlobs = new Map();
    for (const [blobId, indexIds] of analysis.referencers) {
        const blob = analysis.byId.get(blobId).entry;
        const seen = new Set();
        for (const indexId of indexIds) {
            const index = analysis.byId.get(indexId);
            const scopeKey = `${index.entry.ref}\n${index.scope}`;
            if (seen.has(scopeKey))
                continue;
            seen.add(scopeKey);
            const tally = liveBlobs.get(scopeKey) ?? empty();
            add(tally, blob);
            liveBlobs.set(scopeKey, tally);
        }
    }
    return liveBlobs;
}
/**
 * Scopes that got more than one index generation in `ref` since `since`: two exports to one
 * scope within a run, so one job's index replaced another's (docs/buildkit-gha-format.md §4, last writer
 * wins; matrix jobs sharing a scope).
 */
function inventory_scopeCollisions(plan, ref, since) {
    const counts = new Map();
    for (const { entry, kind, scope } of plan.entries) {
        if (kind !== 'index' || scope === undefined || entry.ref !== ref || entry.createdAt < since) {
            continue;
        }
        counts.set(scope, (counts.get(scope) ?? 0) + 1);
    }
    return [...counts]
        .filter(([, n]) => n > 1)
        .map(([scope, generations]) => ({ scope, generations }))
        .sort((a, b) => a.scope.localeCompare(b.scope));
}
/** GitHub's limit on cache entries a repository may create in one minute (429 beyond it). */
const inventory_UPLOADS_PER_MINUTE = 200;
/**
 * The most entries created in `ref` since `since` within any one minute: what this job's export
 * asked of the repository's upload rate (UPLOADS_PER_MINUTE), as the listing shows it.
 */
function inventory_peakCreationsPerMinute(plan, ref, since) {
    const times = plan.entries
        .filter(({ entry }) => entry.ref === ref && entry.createdAt >= since)
        .map(({ entry }) => entry.createdAt)
        .sort((a, b) => a - b);
    let peak = 0;
    for (let start = 0, end = 0; end < times.length; end++) {
        while (times[end] - times[start] >= 60_000)
            start++;
        peak = Math.max(peak, end - start + 1);
    }
    return peak;
}

;// CONCATENATED MODULE: ./src/prune/deadline.ts
/**
 * One deadline over a whole pruning run (rule 12 of docs/pruning-rules.md): every request the run
 * waits for is raced against it, so a hung API or a slow download cannot hold the step past its
 * time. The request itself is left to finish or fail on its own; the step exits when `run()`
 * returns (src/runner/step-process.ts).
 */
/** The run's time ran out while it waited for `what`. */
class deadline_DeadlineExceeded extends Error {
    what;
    constructor(what) {
        super(`the time allowed for pruning ran out while ${what}`);
        this.what = what;
        this.name = 'DeadlineExceeded';
    }
}
/**
 * `work`, or DeadlineExceeded once `deadline` (ms on `clock`) has passed: at once when it has
 * already, otherwise after the time left, measured in real time.
 */
async function deadline_beforeDeadline(work, deadline, clock, what) {
    if (deadline === undefined)
        return work;
    // A result or failure that comes after the deadline goes nowhere (and must not be unhandled).
    work.catch(() => undefined);
    const left = deadline - clock();
    if (left <= 0)
        throw new deadline_DeadlineExceeded(what);
    let timer;
    const expired = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new deadline_DeadlineExceeded(what)), left);
    });
    try {
        return await Promise.race([work, expired]);
    }
    finally {
        clearTimeout(timer);
    }
}

;// CONCATENATED MODULE: ./src/prune/usage-graph.ts
/**
 * Who uses which layer, built once from the analysis: every "may this blob go?" of the passes is a
 * query here against the indexes that survive so far (`Survivors`). A blob's uses are
 *
 * - the live readable indexes whose documents reference it (read: rule 0);
 * - the live readable indexes that could not be read, which may use anything their ref sees
 *   (rule 4), and entries of BuildKit's version in a layout this code does not know;
 * - the live indexes this job cannot read whose times (and marker, when they have one) say they
 *   may have used it: in its own ref with a race window of prune-grace, in refs that see its ref
 *   without (rule 5). Known only with the repository's indexes (`evidence`);
 * - without those, in a ref this job cannot read, any index that sees the ref (rule 12: such a
 *   ref goes whole or not at all).
 *
 * Answers that depend only on the listing are computed once and remembered; answers that depend on
 * what the passes deleted take the survivors as an argument.
 */



/** Indexes sorted by creation, for the range queries of UsageGraph.mayUse. */
class ByCreation {
    list;
    times;
    constructor(list) {
        this.list = [...list].sort((a, b) => a.entry.createdAt - b.entry.createdAt);
        this.times = this.list.map((c) => c.entry.createdAt);
    }
    /** The first position whose time is at least `t`. */
    at(t) {
        let lo = 0;
        let hi = this.times.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (this.times[mid] < t)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
    /**
     * Those created within [from, until], then those created at or after `late` (past `until`),
     * each once, in order of creation.
     */
    *from(from, until, late = Infinity) {
        const start = this.at(from);
        const end = until === Infinity ? this.list.length : this.at(until + 1);
        for (let i = start; i < end; i++)
            yield this.list[i];
        if (late === Infinity)
            return;
        for (let i = Math.max(end, this.at(late)); i < this.list.length; i++)
            yield this.list[i];
    }
}
function someOf(items, pick) {
    for (const item of items)
        if (pick(item))
            return true;
    return false;
}
class usage_graph_UsageGraph {
    analysis;
    policy;
    listedFrom;
    complete;
    step;
    readable;
    /** Live indexes the job cannot read that see a ref, by that ref: its own, and other refs'. */
    usersByRef = new Map();
    /** users() by blob id. */
    usersOf = new Map();
    usedByIndex;
    indexList;
    constructor(analysis, policy, 
    /** When the listing that gave indexes and blobs together began (analysis.ts couldReference). */
    listedFrom = Infinity, 
    /** Whether the listing covers the whole repository. */
    complete = false, 
    /** Called once per entry of a long walk: the run's deadline can end it (rule 12). */
    step = () => { }) {
        this.analysis = analysis;
        this.policy = policy;
        this.listedFrom = listedFrom;
        this.complete = complete;
        this.step = step;
        this.readable = new Set(policy.readableRefs);
    }
    isReadable(ref) {
        return this.readable.has(ref);
    }
    /**
     * Whether the live indexes this job cannot read are known (a whole listing, or the repository's
     * index listing), so that their markers and times can tell which blobs they may use (rule 5).
     */
    get evidence() {
        return this.analysis.outOfReach !== undefined;
    }
    /**
     * Whether the uses of a blob of `ref` are known one by one: read in a readable ref, told by
     * times elsewhere when the repository's indexes are known. Otherwise any index that sees the
     * ref may use any of its blobs (rule 12).
     */
    knowsUsers(ref) {
        return this.evidence || this.readable.has(ref);
    }
    /**
     * Why a surviving use keeps the blob, if one does: a read index references it (rule 0), a failed
     * read may (rule 4), an index this job cannot read may use it (rule 5). `outOfReach: false`
     * leaves the last out (a copy's users find the default branch's entry instead: rule 7).
     */
    keptBy(blob, survivors, outOfReach = true) {
        if (this.referenced(blob, survivors))
            return 'referenced';
        if (this.maybeReferenced(blob, survivors))
            return 'failed-read-index';
        return outOfReach ? this.outOfReachUse(blob, survivors) : undefined;
    }
    /**
     * Rule 6: without the repository's indexes, a blob of a ref that others read may be used by a
     * live index of theirs that no one here can see; it stays for orphan-age after its last use.
     */
    unknownUse(blob) {
        const { defaultRef, orphanAgeMs } = this.policy;
        return !this.evidence &&
            readByOtherRefs(blob.entry.ref, defaultRef) &&
            this.analysis.now - lastUsed(blob.entry) < orphanAgeMs
            ? 'recently-used'
            : undefined;
    }
    /** A surviving index this job cannot read may use the blob (rule 5). */
    outOfReachUse(blob, survivors) {
        const users = this.outOfReachUsers(blob, survivors);
        if (users?.own)
            return 'out-of-reach-index';
        if (users?.other)
            return 'other-ref-index';
        return undefined;
    }
    /** A surviving live readable index references this blob entry. */
    referenced(blob, survivors) {
        return (this.analysis.referencers.get(blob.entry.id) ?? []).some((id) => !survivors.deleted(id));
    }
    /** A surviving live index that could not be read may reference this blob entry. */
    maybeReferenced(blob, survivors) {
        return this.analysis.failedReads.some((index) => !survivors.deleted(index.entry.id) &&
            canRead(index.entry.ref, blob.entry.ref, this.policy.defaultRef));
    }
    /**
     * Whether surviving live indexes this job cannot read may use the blob (rule 5): indexes of its
     * own ref, and of other refs that see its ref. Undefined when they are not known (rule 6).
     */
    outOfReachUsers(blob, survivors) {
        if (!this.evidence)
            return undefined;
        const users = this.outOfReachSeeing(blob.entry.ref);
        const uses = (x) => !survivors.deleted(x.entry.id) && this.couldUse(x, blob);
        return {
            own: someOf(this.mayUse(users.own, blob, true), uses),
            other: someOf(this.mayUse(users.other, blob, false), uses),
        };
    }
    /**
     * The indexes of `list` whose creation times could pass couldReference for `blob` (the rest
     * cannot): one or two ranges of the list by creation, found by binary search, so a query costs
     * the indexes that may use the blob, not every index a fork wrote. `own`: the blob's own ref,
     * where exports may race for a layer.
     */
    mayUse(list, blob, own) {
        const { graceMs, exportsLookUpLayers } = this.policy;
        const race = own ? graceMs : 0;
        const from = blob.entry.createdAt - race;
        if (!exportsLookUpLayers)
            return list.from(from, Infinity);
        const until = lastUsed(blob.entry) + graceMs + race;
        const late = Math.max(from, this.listedFrom);
        // Written while the blob was in use, or after the listing began.
        if (late <= until)
            return list.from(from, Infinity);
        return list.from(from, until, late);
    }
    /** Live indexes this job cannot read that see `ref`: its own, and other refs'. */
    outOfReachSeeing(ref) {
        let users = this.usersByRef.get(ref);
        if (users === undefined) {
            const own = [];
            const other = [];
            for (const x of this.analysis.outOfReach ?? []) {
                if (x.entry.ref === ref)
                    own.push(x);
                else if (canRead(x.entry.ref, ref, this.policy.defaultRef))
                    other.push(x);
            }
            users = { own: new ByCreation(own), other: new ByCreation(other) };
            this.usersByRef.set(ref, users);
        }
        return users;
    }
    couldUse(index, blob) {
        // Times say which entries the index may have found (without lookups, only that the entry
        // existed before it); a marker says which keys it references.
        const { graceMs, exportsLookUpLayers } = this.policy;
        if (!couldReference(index.entry, blob.entry, graceMs, this.listedFrom, exportsLookUpLayers)) {
            return false;
        }
        const declared = this.analysis.declared.get(index.entry.id);
        return declared === undefined || declared(blob.entry.key);
    }
    /**
     * The live indexes that reference a blob entry (read) or, from a ref this job cannot read, may
     * (by times and markers, in a ref that sees its ref); deleted ones included. The blob's own ref
     * may be readable: a pull request this job cannot read may use a branch's blob.
     */
    users(blob) {
        const known = this.usersOf.get(blob.entry.id);
        if (known)
            return known;
        const ids = [...(this.analysis.referencers.get(blob.entry.id) ?? [])];
        if (this.evidence) {
            const { own, other } = this.outOfReachSeeing(blob.entry.ref);
            for (const x of this.mayUse(own, blob, true)) {
                if (this.couldUse(x, blob))
                    ids.push(x.entry.id);
            }
            for (const x of this.mayUse(other, blob, false)) {
                if (this.couldUse(x, blob))
                    ids.push(x.entry.id);
            }
        }
        this.usersOf.set(blob.entry.id, ids);
        return ids;
    }
    /** users() inverted: the blob entries an index uses or may use. */
    usedBy(indexId) {
        if (this.usedByIndex === undefined) {
            const map = new Map();
            for (const c of this.analysis.entries) {
                this.step();
                if (c.kind !== 'blob')
                    continue;
                for (const id of this.users(c)) {
                    const list = map.get(id);
                    if (list)
                        list.push(c);
                    else
                        map.set(id, [c]);
                }
            }
            this.usedByIndex = map;
        }
        return this.usedByIndex.get(indexId) ?? [];
    }
    /**
     * Rule 7. Whether a blob outside the default branch, in a ref this job cannot read, is a copy it
     * may delete: the default branch holds the same key and version for a surviving live index this
     * job read (so it stays while that index lives; the default branch is protected, so not even
     * the budget takes it in this plan), and every live index that may use the copy (its ref's, or
     * a pull request's that reads that ref: couldReference) was written after the default branch's
     * entry was created. Those indexes' imports then find the default branch's entry, and once the
     * job has looked it up (`lookUpFirst`) its last use is no earlier than any of them was written,
     * so whoever later judges it sees that they may use it (couldReference) and keeps it while they
     * live (rule 5), exactly as if their exports had found it there. The lookup must find that entry:
     * no other ref the job reads may hold the key, which only a whole listing tells.
     */
    copyOfKept(blob, survivors) {
        const { defaultRef, protectDefaultBranch, exportsLookUpLayers } = this.policy;
        if (!protectDefaultBranch || !this.evidence || !exportsLookUpLayers)
            return false;
        if (blob.entry.ref === defaultRef)
            return false;
        if (!this.readable.has(defaultRef) || this.readable.has(blob.entry.ref))
            return false;
        const holders = this.analysis.blobsByKey.get(blob.entry.key) ?? [];
        const elsewhere = holders.some((c) => c.entry.ref !== defaultRef && this.readable.has(c.entry.ref));
        if (elsewhere || (this.readable.size > 1 && !this.complete))
            return false;
        const kept = holders.find((c) => c.entry.ref === defaultRef);
        if (kept === undefined ||
            kept.entry.version !== blob.entry.version ||
            survivors.deleted(kept.entry.id) ||
            !(this.analysis.referencers.get(kept.entry.id) ?? []).some((id) => !survivors.deleted(id) && this.analysis.byId.get(id)?.entry.ref === defaultRef)) {
            return false;
        }
        return this.users(blob).every((id) => kept.entry.createdAt <= (this.analysis.byId.get(id)?.entry.createdAt ?? -Infinity));
    }
    /**
     * Whether each blob of `ref` can be told apart by the indexes that use it (rule 9's groups): read
     * in a readable ref with no failed read; by times elsewhere, with the repository's indexes and no
     * failed read that sees the ref.
     */
    attributable(ref) {
        const { defaultRef } = this.policy;
        return this.readable.has(ref)
            ? !this.analysis.failedReads.some((index) => index.entry.ref === ref)
            : this.evidence &&
                !this.analysis.failedReads.some((index) => canRead(index.entry.ref, ref, defaultRef));
    }
    /**
     * Whether an entry of `ref` may use any of its layers without the graph knowing which: without
     * the repository's indexes, an entry of BuildKit's version in a layout this code does not know
     * (rules 4, 12). Such a ref cannot be evicted whole.
     */
    unknownUserIn(ref) {
        return (!this.evidence &&
            this.analysis.unknown.some((c) => c.entry.ref === ref && isBuildKitVersion(c.entry.version)));
    }
    /**
     * The deleted indexes a deleted blob must wait for (rule 8): those that reference it (read, or
     * a failed read that sees its ref); those that times say may use it, when chosen before it (a
     * whole-ref step takes a blob whatever indexes elsewhere may do); and, where the uses are not
     * known one by one, every deleted index that sees its ref.
     */
    waitsFor(blob, survivors, chosenBefore) {
        const { defaultRef } = this.policy;
        const read = new Set(this.analysis.referencers.get(blob.entry.id) ?? []);
        const ids = this.users(blob).filter((id) => survivors.deleted(id) && (read.has(id) || chosenBefore(id)));
        const seeing = (index) => survivors.deleted(index.entry.id) && canRead(index.entry.ref, blob.entry.ref, defaultRef);
        for (const index of this.analysis.failedReads)
            if (seeing(index))
                ids.push(index.entry.id);
        if (!this.knowsUsers(blob.entry.ref)) {
            this.indexList ??= this.analysis.entries.filter((x) => x.kind === 'index');
            for (const index of this.indexList)
                if (seeing(index))
                    ids.push(index.entry.id);
        }
        return [...new Set(ids)].sort((x, y) => x - y);
    }
}

;// CONCATENATED MODULE: ./src/prune/rules.ts
/**
 * The rulebook as data: every reason a plan gives an entry, the rule of docs/pruning-rules.md it
 * applies (by number), whether it keeps or deletes, and its words in the log and the job summary.
 * A test ties RULE_TITLES to the rulebook's headings, so a rule renumbered in one place fails the
 * suite; change a rule's number here and there together.
 */
/** The rulebook's numbered headings (`## N. Title`), in order. */
const RULE_TITLES = (/* unused pure expression or super */ null && ([
    'The invariant',
    'Only what is ours',
    'prune-grace',
    'A listing is complete or unused',
    'Read exactly; what cannot be understood keeps everything it might reference',
    'What a live index of another ref may use is kept while it lives',
    "Without the other refs' live indexes, orphan-age",
    'Copies',
    'Order',
    'The budget',
    'Re-check before deleting',
    'Deletes',
    'Bounded in time, memory and quota',
    'Markers',
]));
/** Every reason, with its rule, its verdict and its words. */
const rules_REASONS = {
    foreign: { rule: 1, verdict: 'keep', text: "not BuildKit's or this action's" },
    'unknown-layout': {
        rule: 1,
        verdict: 'keep',
        text: "BuildKit's or this action's version on a key this version of the action cannot parse (a newer one may have written it)",
    },
    'within-grace': { rule: 2, verdict: 'keep', text: 'created or used within prune-grace' },
    'newest-generation': { rule: 2, verdict: 'keep', text: 'the newest index generation' },
    'recently-superseded': { rule: 2, verdict: 'keep', text: 'superseded within prune-grace' },
    referenced: { rule: 0, verdict: 'keep', text: 'referenced by a live index' },
    'failed-read-index': {
        rule: 4,
        verdict: 'keep',
        text: 'a live index that may use it could not be read',
    },
    'out-of-reach-index': {
        rule: 5,
        verdict: 'keep',
        text: 'a live index of its ref, which this job cannot read, may use it (by its marker, or by times)',
    },
    'other-ref-index': {
        rule: 5,
        verdict: 'keep',
        text: 'a live index of another ref, which this job cannot read, may use it (by its marker, or by times): kept while that index lives',
    },
    'recently-used': {
        rule: 6,
        verdict: 'keep',
        text: "used within orphan-age, and which live indexes of other refs may use it could not be told (the repository's index listing failed)",
    },
    'local-entry': { rule: 1, verdict: 'keep', text: 'a type=local entry, rotated by its own step' },
    marker: {
        rule: 13,
        verdict: 'keep',
        text: 'declares what a live index of its ref references',
    },
    'budget-note': {
        rule: 12,
        verdict: 'keep',
        text: 'tells post steps that the budget could not be met, and until when to back off',
    },
    'not-pruned-here': { rule: 12, verdict: 'keep', text: 'in a ref this run does not prune' },
    superseded: { rule: 2, verdict: 'delete', text: 'superseded index generation' },
    unreferenced: { rule: 5, verdict: 'delete', text: 'no live index references it' },
    copy: {
        rule: 7,
        verdict: 'delete',
        text: 'a copy of a layer the default branch keeps for a live index: the indexes that may use it find that one',
    },
    'stale-marker': {
        rule: 13,
        verdict: 'delete',
        text: 'declares what an index that is no longer live referenced',
    },
    'stale-note': { rule: 12, verdict: 'delete', text: 'a budget note whose back-off is over' },
    'pr-closed': {
        rule: 1,
        verdict: 'delete',
        text: 'cache of the closed pull request (or of a merge queue entry that ended)',
    },
    'budget-closed-pr': {
        rule: 9,
        verdict: 'delete',
        text: 'over budget: cache of a closed pull request',
    },
    'budget-deleted-branch': {
        rule: 9,
        verdict: 'delete',
        text: 'over budget: cache of a deleted branch',
    },
    'budget-superseded': {
        rule: 9,
        verdict: 'delete',
        text: 'over budget: superseded index generation',
    },
    'budget-unreferenced': {
        rule: 9,
        verdict: 'delete',
        text: 'over budget: no live index may use it (orphan-age aside)',
    },
    'budget-copy': {
        rule: 9,
        verdict: 'delete',
        text: 'over budget: a copy of a layer the default branch keeps for a live index (the indexes that may use it find that one)',
    },
    'budget-lru-group': {
        rule: 9,
        verdict: 'delete',
        text: 'over budget: (ref, scope) group, least recently used (groups no later job read go first)',
    },
};
/** A reason in words (the log and the job summary). */
const rules_REASON_TEXT = Object.fromEntries(Object.entries(rules_REASONS).map(([reason, row]) => [reason, row.text]));
/** Whether deleting for this reason needs the copy's lookups first (rule 7). */
const rules_isCopy = (reason) => reason === 'copy' || reason === 'budget-copy';

;// CONCATENATED MODULE: ./src/prune/decisions.ts
/**
 * The verdicts a plan has given so far, shared by its passes: each entry's decision, the deletes
 * in the order they were chosen, and usage once they have run. `protection` is the one answer to
 * "must this entry stay, whatever pass is asking?" (rules 1, 2, 4, 5, on the usage graph).
 */



class decisions_Decisions {
    analysis;
    graph;
    graceMs;
    usage;
    shouldStop;
    decisions = new Map();
    /** Deleted ids in the order they were chosen: regular pass, then the budget's steps. */
    order = [];
    /** Where each deleted id is in `order`. */
    position = new Map();
    steps = 0;
    constructor(analysis, graph, graceMs, 
    /** Usage before any delete; less each delete's size as it is chosen. */
    usage, 
    /** Asked every few hundred steps; true ends planning with DeadlineExceeded (rule 12). */
    shouldStop = () => false) {
        this.analysis = analysis;
        this.graph = graph;
        this.graceMs = graceMs;
        this.usage = usage;
        this.shouldStop = shouldStop;
    }
    /** One step of planning: the run's deadline can end it (rule 12). */
    step() {
        if (++this.steps % 256 === 0 && this.shouldStop())
            throw new DeadlineExceeded('planning');
    }
    get(id) {
        return this.decisions.get(id);
    }
    deleted(id) {
        return this.decisions.get(id)?.verdict === 'delete';
    }
    /** Whether `id` was chosen for deletion before `than` (both deleted). */
    chosenBefore(id, than) {
        return (this.position.get(id) ?? Infinity) < (this.position.get(than) ?? Infinity);
    }
    withinGrace(c) {
        return this.analysis.now - lastUsed(c.entry) < this.graceMs;
    }
    /**
     * Why an entry must stay whatever pass is deciding, if it must: somebody else's entry or one in
     * a layout this code does not know (rules 1, 4), anything used within prune-grace, a generation
     * superseded within it (rule 2), a blob that a surviving use keeps (the usage graph: rules 0, 4,
     * 5). A copy's users find the default branch's entry instead (rule 7): `outOfReach: false`
     * leaves them out.
     */
    protection(c, outOfReach = true) {
        if (c.kind === 'foreign')
            return c.unknownLayout ? 'unknown-layout' : 'foreign';
        if (this.withinGrace(c))
            return 'within-grace';
        if (this.analysis.generation.get(c.entry.id) === 'recently-superseded')
            return 'recently-superseded';
        if (c.kind !== 'blob')
            return undefined;
        return this.graph.keptBy(c, this, outOfReach);
    }
    keep(c, reason) {
        this.decisions.set(c.entry.id, { verdict: 'keep', reason });
    }
    delete(c, reason) {
        this.decisions.set(c.entry.id, { verdict: 'delete', reason });
        this.position.set(c.entry.id, this.order.length);
        this.order.push(c.entry.id);
        this.usage -= c.entry.sizeInBytes;
    }
    /** Deletes the entry unless it is protected (a copy: by what keeps it besides its users). */
    tryDelete(c, reason) {
        if (this.deleted(c.entry.id) || this.protection(c, !isCopy(reason)) !== undefined)
            return false;
        this.delete(c, reason);
        return true;
    }
    overTarget(targetBytes) {
        return this.usage > targetBytes;
    }
}

;// CONCATENATED MODULE: ./src/prune/regular-pass.ts
/**
 * The regular pass (rules 2, 5 to 7, 13): every listed entry gets its verdict. It removes the
 * garbage of the refs the run prunes: superseded generations, stale markers and notes, blobs no
 * surviving use keeps, and everything of the refs it drops (a closed pull request).
 */

function regular_pass_regularPass(d, policy) {
    const { analysis, graph } = d;
    const drop = new Set(policy.dropRefs);
    // Readable refs by their indexes; others, when times can tell, by evidence.
    const prune = new Set([
        ...policy.pruneRefs.filter((ref) => graph.isReadable(ref)),
        ...(graph.evidence ? policy.evidenceRefs.filter((ref) => !graph.isReadable(ref)) : []),
    ]);
    const blobs = [];
    for (const c of analysis.entries) {
        d.step();
        const protection = c.kind === 'blob' ? undefined : d.protection(c);
        if (c.kind === 'blob')
            blobs.push(c);
        // A closed pull request's entries go with it whatever their keys (a fork writes any), but
        // not what was used within prune-grace nor somebody else's version (rule 1).
        else if (protection === 'unknown-layout' && drop.has(c.entry.ref) && !d.withinGrace(c))
            d.delete(c, 'pr-closed');
        else if (protection !== undefined)
            d.keep(c, protection);
        else if (drop.has(c.entry.ref))
            d.delete(c, 'pr-closed');
        else if (c.kind === 'marker')
            judgeMarker(d, c, prune);
        else if (c.kind === 'note')
            judgeNote(d, c, prune);
        else if (analysis.generation.get(c.entry.id) === 'newest')
            d.keep(c, 'newest-generation');
        else if (!prune.has(c.entry.ref))
            d.keep(c, 'not-pruned-here');
        else if (c.kind === 'local')
            d.keep(c, 'local-entry');
        else
            d.delete(c, 'superseded');
    }
    // Blobs last: whether one is used depends on which indexes survive.
    for (const blob of blobs) {
        d.step();
        const ref = blob.entry.ref;
        const protection = d.protection(blob, false);
        if (protection !== undefined)
            d.keep(blob, protection);
        else if (!drop.has(ref) && !prune.has(ref))
            d.keep(blob, 'not-pruned-here');
        else {
            const used = graph.outOfReachUse(blob, d);
            if (used !== undefined && !drop.has(ref) && graph.copyOfKept(blob, d))
                d.delete(blob, 'copy');
            else if (used !== undefined)
                d.keep(blob, used);
            else if (drop.has(ref))
                d.delete(blob, 'pr-closed');
            else
                judgeUnused(d, blob);
        }
    }
}
/**
 * A blob that no surviving use keeps, in a ref this run prunes: garbage (rule 5), unless which
 * live indexes of other refs may use it cannot be told, in a ref others read: then it is kept for
 * orphan-age after its last use (rule 6).
 */
function judgeUnused(d, blob) {
    const kept = d.graph.unknownUse(blob);
    if (kept !== undefined)
        d.keep(blob, kept);
    else
        d.delete(blob, 'unreferenced');
}
/**
 * Rule 13. A marker stays while the index it describes lives; in a ref this run prunes (listed
 * whole) it goes once that index is superseded or gone.
 */
function judgeMarker(d, c, prune) {
    const index = d.analysis.byId.get(c.marker?.indexId ?? 0);
    const live = index?.entry.ref === c.entry.ref && isLive(d.analysis.generation.get(index.entry.id));
    if (live)
        d.keep(c, 'marker');
    else if (!prune.has(c.entry.ref))
        d.keep(c, 'not-pruned-here');
    else
        d.delete(c, 'stale-marker');
}
/** A budget note stays until its back-off is over (rule 12), then goes where the run prunes. */
function judgeNote(d, c, prune) {
    if ((c.until ?? 0) > d.analysis.now)
        d.keep(c, 'budget-note');
    else if (!prune.has(c.entry.ref))
        d.keep(c, 'not-pruned-here');
    else
        d.delete(c, 'stale-note');
}

;// CONCATENATED MODULE: ./src/prune/delete-order.ts
/**
 * The order of deletes (rule 8): in which order a step takes what it deletes, and what each
 * delete must wait for. An entry waits for the deletes that, left undone, would leave it needed:
 * a blob for the indexes that used it, the newest generation for the older ones of its series.
 */

const byLastUse = (a, b) => analysis_lastUsed(a.entry) - analysis_lastUsed(b.entry) || a.entry.id - b.entry.id;
/**
 * Indexes before blobs (a blob becomes free once its indexes go), older generations before newer
 * (rule 8), blobs least recently used first.
 */
const delete_order_indexesFirst = (a, b) => Number(a.kind === 'blob') - Number(b.kind === 'blob') ||
    (a.kind === 'index' && b.kind === 'index' ? analysis_byGeneration(a, b) : byLastUse(a, b));
/** The ids a deleted entry must wait for. */
function delete_order_waitsFor(d, c) {
    if (c.kind === 'index') {
        // Deleting the newest generation while an older one of its series stays would make that one
        // the newest again, its blobs perhaps gone (rule 8): it waits for the older ones it deletes.
        if (d.analysis.generation.get(c.entry.id) !== 'newest')
            return [];
        return d.analysis.entries
            .filter((o) => o.kind === 'index' &&
            o.series === c.series &&
            byGeneration(o, c) < 0 &&
            d.deleted(o.entry.id))
            .map((o) => o.entry.id)
            .sort((x, y) => x - y);
    }
    if (c.kind !== 'blob')
        return [];
    return d.graph.waitsFor(c, d, (id) => d.chosenBefore(id, c.entry.id));
}

;// CONCATENATED MODULE: ./src/prune/budget-groups.ts
/**
 * The budget's last step (rule 9): whole groups, the unit the budget evicts. A group is one
 * scope's index generations in one ref with the blobs only they use, or a whole ref where the
 * usage graph cannot tell its blobs apart.
 */


/**
 * Eviction groups, in the order they go: groups never read since they were written first, then
 * groups whose layers were imported again, each least recently used first. Where the graph tells
 * which index uses which blob (`attributable`), one group per scope: its generations and the blobs
 * of its ref that only its surviving indexes use (a blob another scope may use stays with that
 * one). Elsewhere the whole ref is one group, unless an entry the graph cannot read may use any
 * of its layers (then none). A group with anything used within prune-grace is not a candidate.
 */
function budget_groups_evictionGroups(d, policy) {
    const { graph } = d;
    const refs = new Map();
    for (const c of d.analysis.entries) {
        d.step();
        if (c.kind === 'foreign' || d.deleted(c.entry.id))
            continue;
        if (c.entry.ref === policy.defaultRef && policy.protectDefaultBranch)
            continue;
        const list = refs.get(c.entry.ref);
        if (list)
            list.push(c);
        else
            refs.set(c.entry.ref, [c]);
    }
    const groups = [];
    for (const [ref, members] of refs) {
        if (!graph.attributable(ref)) {
            if (!graph.unknownUserIn(ref))
                groups.push(members);
            continue;
        }
        const byScope = new Map();
        for (const c of members) {
            // A marker goes with its index (a later run finds it stale), a note when it expires.
            if (c.kind === 'blob' || c.kind === 'marker' || c.kind === 'note')
                continue;
            const list = byScope.get(c.scope ?? '');
            if (list)
                list.push(c);
            else
                byScope.set(c.scope ?? '', [c]);
        }
        for (const owners of byScope.values()) {
            const ids = new Set(owners.map((c) => c.entry.id));
            const exclusive = members.filter((c) => {
                if (c.kind !== 'blob')
                    return false;
                const users = graph.users(c).filter((id) => !d.deleted(id));
                return users.length > 0 && users.every((id) => ids.has(id));
            });
            groups.push([...owners, ...exclusive]);
        }
    }
    const lastUse = (group) => Math.max(...group.map((c) => lastUsed(c.entry)));
    const reused = (group) => (group.some((c) => reusedLayers(d, c)) ? 1 : 0);
    return groups
        .filter((group) => !group.some((c) => d.withinGrace(c)))
        .sort((x, y) => reused(x) - reused(y) ||
        lastUse(x) - lastUse(y) ||
        x[0].entry.ref.localeCompare(y[0].entry.ref) ||
        (x[0].scope ?? '').localeCompare(y[0].scope ?? ''));
}
/**
 * Whether a group member shows that its layers are imported again (rule 9): a blob, or a blob in
 * the same ref that an index uses, accessed more than prune-grace after it was created (the
 * writing job's own lookups come within that). Blobs of other refs say nothing about this group:
 * the default branch's are read by every build.
 */
function reusedLayers(d, c) {
    const graceMs = d.graceMs;
    const read = (blob) => blob.entry.lastAccessedAt - blob.entry.createdAt > graceMs;
    if (c.kind === 'blob')
        return read(c);
    return d.graph.usedBy(c.entry.id).some((blob) => blob.entry.ref === c.entry.ref && read(blob));
}
/** Deletes a group whole: owners first, then the blobs nothing else needs any more. */
function budget_groups_evict(d, group) {
    const owners = group.filter((c) => c.kind !== 'blob').sort(indexesFirst);
    for (const c of owners)
        d.tryDelete(c, 'budget-lru-group');
    for (const c of group)
        if (c.kind === 'blob')
            d.tryDelete(c, 'budget-lru-group');
    // Blobs that this group's indexes shared with groups evicted before it, in its ref or in a
    // ref its indexes see.
    for (const index of group) {
        for (const c of d.graph.usedBy(index.entry.id)) {
            if (d.deleted(c.entry.id))
                continue;
            if (d.graph.users(c).every((id) => d.deleted(id)))
                d.tryDelete(c, 'budget-lru-group');
        }
    }
}

;// CONCATENATED MODULE: ./src/prune/budget-pass.ts


const inState = (state) => (c, _d, { refStates, defaultRef }) => c.entry.ref !== defaultRef && refStates.get(c.entry.ref) === state;
/** Rule 9's steps before the groups, in order. */
const BUDGET_STEPS = [
    { reason: 'budget-closed-pr', takes: inState('closed-pr'), order: delete_order_indexesFirst },
    { reason: 'budget-deleted-branch', takes: inState('deleted-branch'), order: delete_order_indexesFirst },
    {
        reason: 'budget-superseded',
        takes: (c, d) => d.analysis.generation.get(c.entry.id) === 'superseded',
        order: byLastUse,
    },
    // Blobs no surviving use keeps, whatever orphan-age says (protection keeps the others: rule
    // 5), least recently used first; only where the graph knows each blob's uses (rule 12: a ref
    // listed for its bytes alone goes whole or not at all).
    {
        reason: 'budget-unreferenced',
        takes: (c, d) => c.kind === 'blob' && d.graph.knowsUsers(c.entry.ref),
        order: byLastUse,
    },
    // Copies of blobs the default branch keeps for a live index, whose users find that one instead
    // (rule 7): deleting one costs no hit, where evicting a live group would.
    {
        reason: 'budget-copy',
        takes: (c, d) => c.kind === 'blob' && d.graph.copyOfKept(c, d),
        order: byLastUse,
    },
];
/**
 * Rule 9. With `groups` false (the repository's limit is evidently above cache-limit), no live
 * group of another ref goes: that would meet a target below what GitHub itself allows.
 */
function budget_pass_budgetPass(d, policy, groups = true) {
    const over = () => d.overTarget(policy.targetBytes);
    for (const step of BUDGET_STEPS) {
        const list = d.analysis.entries
            .filter((c) => c.kind !== 'foreign' &&
            !d.deleted(c.entry.id) &&
            !d.withinGrace(c) &&
            step.takes(c, d, policy))
            .sort(step.order);
        for (const c of list) {
            d.step();
            if (!over())
                return;
            d.tryDelete(c, step.reason);
        }
    }
    if (!groups)
        return;
    for (const group of evictionGroups(d, policy)) {
        d.step();
        if (!over())
            return;
        evict(d, group);
    }
}

;// CONCATENATED MODULE: ./src/prune/planner.ts









/** What a budget outcome means, in words (the log and the job summary). */
const planner_BUDGET_WORDS = {
    'not-checked': 'not checked (usage was under the target, so only this run’s refs were listed)',
    'under-target': 'under the target',
    met: 'brought under the target',
    'not-met': 'still above the target: nothing more could be deleted safely',
};
/**
 * How far above cache-limit usage must be to show that the repository's limit is higher: GitHub
 * evicts as soon as it passes its own (hourly), so a tenth more is more than an hour's exports.
 */
const RAISED_LIMIT_MARGIN = 1.1;
function planner_plan(input) {
    const { policy, now } = input;
    const analysis = analyze(input.entries, input.indexes, policy, now, input.complete ? input.entries : input.indexListing, input.markerListing);
    const listed = input.entries.reduce((sum, e) => sum + e.sizeInBytes, 0);
    const usageBefore = input.complete ? listed : Math.max(input.reportedUsageBytes ?? 0, listed);
    const graph = new UsageGraph(analysis, policy, input.listedFrom, input.complete, () => decisions.step());
    const decisions = new Decisions(analysis, graph, policy.graceMs, usageBefore, input.shouldStop);
    regularPass(decisions, policy);
    let budget = 'not-checked';
    let unknownRefStates = [];
    // GitHub evicts above the repository's limit (at least hourly): usage well above cache-limit
    // means that limit is higher than cache-limit says (a raised, paid limit).
    const budgeted = input.complete || (input.ownBudget === true && input.reportedUsageBytes !== undefined);
    const limitRaised = budgeted && usageBefore > policy.limitBytes * RAISED_LIMIT_MARGIN;
    if (budgeted) {
        if (!decisions.overTarget(policy.targetBytes))
            budget = 'under-target';
        else {
            // Over the listed refs alone, no ref's state is asked: GitHub's answers would drop refs
            // whose entries the run has not listed.
            if (input.complete)
                unknownRefStates = refsToAsk(decisions, policy);
            budgetPass(decisions, policy, !limitRaised);
            budget = decisions.overTarget(policy.targetBytes) ? 'not-met' : 'met';
        }
    }
    const entries = analysis.entries.map((c) => {
        const decision = decisions.get(c.entry.id) ?? { verdict: 'keep', reason: 'foreign' };
        return {
            entry: c.entry,
            kind: c.kind,
            ...(c.scope === undefined ? {} : { scope: c.scope }),
            verdict: decision.verdict,
            reason: decision.reason,
            after: decision.verdict === 'delete' ? waitsFor(decisions, c) : [],
            ...(isCopy(decision.reason) ? { lookUpFirst: true } : {}),
        };
    });
    // In the order chosen, so that a run cut short has done the most important part. A blob is
    // chosen only once no surviving index needs it, i.e. after the indexes it waits for.
    const byId = new Map(entries.map((p) => [p.entry.id, p]));
    const deletions = decisions.order.map((id) => byId.get(id));
    return {
        entries,
        deletions,
        usageBeforeBytes: usageBefore,
        usageAfterBytes: decisions.usage,
        limitBytes: policy.limitBytes,
        targetBytes: policy.targetBytes,
        budget,
        ...(limitRaised ? { limitRaised: true } : {}),
        unknownRefStates,
        analysis,
    };
}
/** Refs the budget would ask about: pull requests and branches other than the default. */
function refsToAsk(d, policy) {
    const refs = new Set();
    for (const c of d.analysis.entries) {
        d.step();
        const ref = c.entry.ref;
        if (c.kind === 'foreign' || ref === policy.defaultRef || policy.refStates.has(ref))
            continue;
        if (pullRequestNumber(ref) !== undefined || branchName(ref) !== undefined)
            refs.add(ref);
    }
    return [...refs].sort();
}

;// CONCATENATED MODULE: ./src/prune/executor.ts
/**
 * Runs a plan's deletions with bounded concurrency through an injected deleter (rule 11 of
 * docs/pruning-rules.md). An entry that waits for others (a blob for the indexes that referenced
 * it) runs only once all of them are gone, so a failed index delete keeps its blobs (rule 8). Stops starting new deletions on a permission
 * error, an exhausted rate limit, the deadline, or a run of failures. A copy (`lookUpFirst`) is
 * deleted only between two lookups of its key (see PlannedEntry). Before deleting, and again
 * whenever the last check is RECHECK_INTERVAL_MS old, the plan is re-checked against fresh data
 * with nothing in flight, and what moved since is kept (rule 10 of docs/pruning-rules.md).
 * `dryRun` deletes nothing.
 */


/**
 * How old the last re-check may be when a deletion starts. With GitHub's one write a second and
 * four deletions in flight, a deletion is sent at most about this plus four seconds after the
 * fresh data it was checked against was read: the window rule 10 leaves.
 */
const RECHECK_INTERVAL_MS = 10_000;
/**
 * A post step's order of deletes: those in `own` refs (its own ref, the default branch) and all
 * they wait for first, in the plan's order; then at most `otherLimit` in other refs, the rest
 * left for a later run (the scheduled `prune` has time for them). A fork that fills its ref with
 * garbage then costs a post step a bounded share of its time, however much it writes.
 */
function executor_ownRefsFirst(deletions, own, otherLimit) {
    const byId = new Map(deletions.map((d) => [d.entry.id, d]));
    const first = new Set();
    const pull = (d) => {
        if (first.has(d.entry.id))
            return;
        first.add(d.entry.id);
        for (const id of d.after) {
            const dep = byId.get(id);
            if (dep)
                pull(dep);
        }
    };
    for (const d of deletions)
        if (own.has(d.entry.ref))
            pull(d);
    const rest = deletions.filter((d) => !first.has(d.entry.id));
    return {
        order: [...deletions.filter((d) => first.has(d.entry.id)), ...rest.slice(0, otherLimit)],
        deferred: rest.slice(otherLimit),
    };
}
async function executor_executePlan(deletions, deleter, options) {
    const report = {
        dryRun: options.dryRun,
        deleted: [],
        missing: [],
        failed: [],
        skipped: [],
        moved: [],
        rechecks: 0,
        freedBytes: 0,
        requests: 0,
        lookups: 0,
        confirmations: 0,
    };
    if (options.dryRun) {
        report.skipped = [...deletions];
        return report;
    }
    const execution = new Execution(deletions, deleter, options, report);
    await forEachLimited(deletions, options.concurrency, (planned, at) => execution.settle(planned, at));
    return report;
}
/** One run of a plan: the state its workers share while they delete. */
class Execution {
    deleter;
    options;
    report;
    clock;
    maxFailures;
    interval;
    results = new Map();
    settlers = new Map();
    position = new Map();
    /**
     * Entries others wait for: a 404 for one of them must be confirmed (a wrong 404 for an entry
     * that still exists would let an older generation become the newest without its blobs).
     */
    awaited;
    /**
     * Re-checks run with no deletion in flight (one of ours between two pages of the fresh listing
     * could shift an entry past the page boundary); what they find moved accumulates.
     */
    inFlight = new Set();
    moved = new Set();
    checkedAt = -Infinity;
    checking;
    consecutiveFailures = 0;
    constructor(deletions, deleter, options, report) {
        this.deleter = deleter;
        this.options = options;
        this.report = report;
        this.clock = options.clock ?? Date.now;
        this.maxFailures = options.maxConsecutiveFailures ?? 5;
        this.interval = options.recheckIntervalMs ?? RECHECK_INTERVAL_MS;
        deletions.forEach((planned, i) => {
            this.position.set(planned.entry.id, i);
            this.results.set(planned.entry.id, new Promise((resolve) => this.settlers.set(planned.entry.id, resolve)));
        });
        this.awaited = new Set(deletions.flatMap((planned) => planned.after));
    }
    /** Runs one planned deletion (the `at`-th of the plan) and tells those waiting for it. */
    async settle(planned, at) {
        this.settlers.get(planned.entry.id)?.(await this.runOne(planned, at));
    }
    stop(reason, error) {
        this.report.stopped ??= { reason, ...(error === undefined ? {} : { error }) };
    }
    /**
     * Sends the deletion once it may go; when it may not, records it as skipped or moved. An entry
     * waits for everything it depends on. The plan puts those first, so they are running or done;
     * one outside the plan or after the entry counts as not deleted (waiting for it could deadlock
     * the workers).
     */
    async runOne(planned, at) {
        const { report, options } = this;
        const waits = await Promise.all(planned.after.map((id) => (this.position.get(id) ?? Infinity) < at
            ? this.results.get(id)
            : Promise.resolve('kept')));
        if (waits.some((r) => r !== 'gone') || report.stopped) {
            report.skipped.push(planned);
            return 'kept';
        }
        if (options.deadline !== undefined && this.clock() >= options.deadline) {
            this.stop('deadline');
            report.skipped.push(planned);
            return 'kept';
        }
        await this.recheck();
        if (report.stopped) {
            report.skipped.push(planned);
            return 'kept';
        }
        if (this.moved.has(planned.entry.id)) {
            report.moved.push(planned);
            return 'kept';
        }
        if (planned.lookUpFirst && !(await this.lookUp(planned.entry.key))) {
            report.skipped.push(planned);
            return 'kept';
        }
        // The delete goes in the same turn as the last check: a worker's deletes are paced by it.
        report.requests++;
        const sent = this.deleter(planned.entry.id);
        this.inFlight.add(sent);
        void sent.then(() => this.inFlight.delete(sent), () => this.inFlight.delete(sent));
        try {
            const outcome = await beforeDeadline(sent, options.deadline, this.clock, 'deleting');
            if (planned.lookUpFirst)
                await this.lookUp(planned.entry.key);
            if (outcome === 'missing' &&
                this.awaited.has(planned.entry.id) &&
                !(await this.confirmGone(planned))) {
                report.failed.push({
                    planned,
                    error: 'the delete answered 404 (not found), but a fresh listing did not confirm it gone',
                });
                return 'kept';
            }
            this.consecutiveFailures = 0;
            if (outcome === 'deleted') {
                report.deleted.push(planned);
                report.freedBytes += planned.entry.sizeInBytes;
            }
            else
                report.missing.push(planned);
            return 'gone';
        }
        catch (error) {
            const message = options.describeError(error);
            report.failed.push({ planned, error: message });
            if (error instanceof DeadlineExceeded)
                this.stop('deadline');
            else if (options.isPermissionDenied(error))
                this.stop('permission-denied', message);
            else if (options.isRateLimited(error))
                this.stop('rate-limited', message);
            else if (++this.consecutiveFailures >= this.maxFailures)
                this.stop('failures', message);
            return 'kept';
        }
    }
    /** A failed or late confirmation counts as not gone. */
    async confirmGone(planned) {
        const { confirmGone, deadline } = this.options;
        if (!confirmGone)
            return false;
        this.report.confirmations++;
        try {
            return await beforeDeadline(confirmGone(planned), deadline, this.clock, 'confirming a delete');
        }
        catch {
            return false;
        }
    }
    /** A failed lookup counts as not found: the deletion that needed it does not run. */
    async lookUp(key) {
        if (!this.options.lookUp)
            return false;
        this.report.lookups++;
        try {
            return await this.options.lookUp(key);
        }
        catch {
            return false;
        }
    }
    /** Re-checks the plan when the last check is `interval` old, once in-flight deletes settle. */
    async recheck() {
        const { recheck, deadline, describeError } = this.options;
        if (!recheck)
            return;
        while (this.checking)
            await this.checking;
        if (this.report.stopped || this.clock() - this.checkedAt < this.interval)
            return;
        this.checking = (async () => {
            await Promise.allSettled([...this.inFlight]);
            const started = this.clock();
            this.report.rechecks++;
            try {
                const keep = await beforeDeadline(recheck(), deadline, this.clock, 're-checking the plan');
                for (const id of keep)
                    this.moved.add(id);
                this.checkedAt = started;
            }
            catch (error) {
                if (error instanceof DeadlineExceeded)
                    this.stop('deadline');
                else
                    this.stop('recheck-failed', describeError(error));
            }
        })();
        try {
            await this.checking;
        }
        finally {
            this.checking = undefined;
        }
    }
}

;// CONCATENATED MODULE: ./src/buildkit/index-document.ts
/**
 * BuildKit's cache config document, the payload of every `index-…#N` entry
 * (docs/buildkit-gha-format.md §5): which layer blobs an index references.
 * Pruning needs `layers[].blob`; the rest is checked only for shape, so that a layout this code
 * does not know is never read as "references nothing". `records[].digest` are cache-key digests,
 * not blobs. Pure: no I/O.
 */


/** An index document that cannot be trusted to name every blob it needs. */
class index_document_IndexDocumentError extends Error {
    constructor(message) {
        super(`index document: ${message}`);
        this.name = 'IndexDocumentError';
    }
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** The fields BuildKit writes: anything else is a layout this code does not know. */
const FIELDS = {
    document: ['layers', 'records'],
    layer: ['blob', 'parent', 'annotations'],
    record: ['digest', 'layers', 'chains', 'inputs'],
    result: ['layer', 'createdAt'],
    chain: ['layers', 'createdAt'],
    input: ['selector', 'link'],
};
function index_document_object(value, path, fields) {
    if (!isRecord(value))
        throw new index_document_IndexDocumentError(`${path} is not an object`);
    for (const name of Object.keys(value)) {
        if (!fields.includes(name)) {
            throw new index_document_IndexDocumentError(`${path} has the field ${JSON.stringify(name)}, which BuildKit does not write`);
        }
    }
    return value;
}
/** An array, or nothing when absent (Go's `omitempty`); `null` is not what BuildKit writes. */
function list(value, path) {
    if (value === undefined)
        return [];
    if (!Array.isArray(value))
        throw new index_document_IndexDocumentError(`"${path}" is not an array`);
    return value;
}
function position(value, path, min, count, what) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value >= count) {
        throw new index_document_IndexDocumentError(`${path} ${JSON.stringify(value)} is not ${what}`);
    }
    return value;
}
/**
 * Parses an index document and checks it against the layout BuildKit writes (rule 4 of
 * docs/pruning-rules.md): only BuildKit's fields, every layer with a blob digest and a parent
 * among the layers, every record naming only listed layers and records. Throws
 * IndexDocumentError for anything else (not JSON, `layers: null`, a renamed or nested layer
 * list, a record naming a layer that is not listed): the pruner then counts the index as a failed read
 * and keeps whatever it might reference.
 */
function parseIndexDocument(bytes) {
    const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        throw new index_document_IndexDocumentError(`not JSON (${error.message})`);
    }
    if (!isRecord(json))
        throw new index_document_IndexDocumentError('not a JSON object');
    const document = index_document_object(json, 'the document', FIELDS.document);
    // An export with no results marshals `{}`: both lists carry `omitempty`.
    const rawLayers = list(document.layers, 'layers');
    const rawRecords = list(document.records, 'records');
    const count = rawLayers.length;
    const layers = rawLayers.map((raw, i) => {
        if (!isRecord(raw))
            throw new index_document_IndexDocumentError(`layers[${i}] is not an object`);
        const layer = index_document_object(raw, `layers[${i}]`, FIELDS.layer);
        const { blob, parent = 0, annotations } = layer;
        if (typeof blob !== 'string')
            throw new index_document_IndexDocumentError(`layers[${i}].blob is missing`);
        if (!isDigest(blob)) {
            throw new index_document_IndexDocumentError(`layers[${i}].blob ${JSON.stringify(blob)} is not a digest`);
        }
        position(parent, `layers[${i}].parent`, -1, count, '-1 or a layer index');
        if (annotations !== undefined && !isRecord(annotations)) {
            throw new index_document_IndexDocumentError(`layers[${i}].annotations is not an object`);
        }
        return { blob, parent: parent };
    });
    rawRecords.forEach((raw, i) => {
        const path = `records[${i}]`;
        const record = index_document_object(raw, path, FIELDS.record);
        if (record.digest !== undefined &&
            (typeof record.digest !== 'string' || !isDigest(record.digest))) {
            throw new index_document_IndexDocumentError(`${path}.digest ${JSON.stringify(record.digest)} is not a digest`);
        }
        list(record.layers, `${path}.layers`).forEach((result, j) => {
            const at = `${path}.layers[${j}]`;
            position(index_document_object(result, at, FIELDS.result).layer, `${at}.layer`, 0, count, 'a listed layer');
        });
        list(record.chains, `${path}.chains`).forEach((chain, j) => {
            const at = `${path}.chains[${j}]`;
            const ids = index_document_object(chain, at, FIELDS.chain).layers;
            if (!Array.isArray(ids))
                throw new index_document_IndexDocumentError(`"${at}.layers" is not an array`);
            ids.forEach((id, k) => position(id, `${at}.layers[${k}]`, 0, count, 'a listed layer'));
        });
        list(record.inputs, `${path}.inputs`).forEach((slot, j) => {
            list(slot, `${path}.inputs[${j}]`).forEach((input, k) => {
                const at = `${path}.inputs[${j}][${k}]`;
                const { link } = index_document_object(input, at, FIELDS.input);
                position(link, `${at}.link`, 0, rawRecords.length, 'a listed record');
            });
        });
    });
    return { layers };
}
/**
 * The signature blob of a signed index (BuildKit ≥ 0.27): `buildkit-blob-1-sha256:<sha256 of
 * the index bytes>-sig`, written after the index (docs/buildkit-gha-format.md).
 */
function signatureBlobKey(bytes) {
    const hex = createHash('sha256').update(bytes).digest('hex');
    return blobKey(`sha256:${hex}`, true);
}
/**
 * Every blob key an index needs, deduplicated, in document order (docs/buildkit-gha-format.md §5):
 * one per layer, plus the signature blob when the index key base ends in `-sig`.
 */
function index_document_referencedBlobKeys(bytes, signed) {
    const keys = new Set(parseIndexDocument(bytes).layers.map((layer) => blobKey(layer.blob)));
    if (signed)
        keys.add(signatureBlobKey(bytes));
    return [...keys];
}

// EXTERNAL MODULE: ./src/runner/secrets.ts
var secrets = __webpack_require__(2995);
;// CONCATENATED MODULE: ./src/cache-service/errors.ts
/**
 * The one error the cache-service client throws. It carries the HTTP status (absent for transport
 * failures) and how many attempts were made; its message never holds the runtime token or a
 * signed URL's query string.
 */

class errors_CacheServiceError extends Error {
    status;
    attempts;
    retryAfterMs;
    code;
    name = 'CacheServiceError';
    constructor(message, 
    /** HTTP status of the last answer; undefined when no answer came (refused, reset, timed out). */
    status, 
    /** Attempts made, retries included. */
    attempts, 
    /** For 429: how long the service asked us to wait, in ms, when it said so. */
    retryAfterMs, 
    /** The service's own error code when it sent one (Twirp `code`, v1 `typeKey`), e.g. `already_exists`. */
    code) {
        super(message);
        this.status = status;
        this.attempts = attempts;
        this.retryAfterMs = retryAfterMs;
        this.code = code;
    }
}
/**
 * The cache service refused a write because the runtime token may not write: its answer starts
 * `cache write denied:` (as @actions/cache, which turns it into a warning, reads it).
 */
class errors_CacheWriteDenied extends Error {
    key;
    name = 'CacheWriteDenied';
    constructor(key, serviceMessage) {
        super(`the cache service denied writing ${key} (${serviceMessage}): the runtime token may not write the cache here. Likely causes: a read-only trigger (pull_request from a fork, pull_request_target), a job whose permissions: leave out actions: write, or cache-mode read or none`);
        this.key = key;
    }
}
/**
 * The cache service refused a write because the repository's cache is read-only for billing: a
 * budget for Actions cache storage ran out. Its answer holds `insufficient usage` (as
 * @actions/cache, which turns it into a UsageError, reads it).
 */
class errors_CacheStorageReadOnly extends Error {
    key;
    name = 'CacheStorageReadOnly';
    constructor(key, serviceMessage) {
        super(`the cache service refused writing ${key} (${serviceMessage}): the repository's Actions cache is read-only because a billing budget for cache storage ran out. Builds still import, but nothing is saved until the next billing cycle or until usage falls under the included 10 GB: raise the budget (the account's Billing settings, Budgets) or lower the repository's cache size limit`);
        this.key = key;
    }
}
/** The service's answer in a service error, from `phrase` on; undefined when it does not hold it. */
function answerFrom(error, phrase) {
    if (!(error instanceof errors_CacheServiceError))
        return undefined;
    const at = error.message.search(phrase);
    return at < 0 ? undefined : error.message.slice(at);
}
/** The service's "insufficient usage" answer (the cache is read-only for billing), if `error` is one. */
function errors_readOnlyForBillingAnswer(error) {
    return answerFrom(error, /insufficient usage/i);
}
/** The service's "cache write denied:" answer, if `error` is one. */
function errors_writeDeniedAnswer(error) {
    return answerFrom(error, /cache write denied:/i);
}
/** A URL safe to print: scheme, host and path; the query (which holds a SAS `sig=`) is dropped. */
function errors_redactUrl(url) {
    try {
        const parsed = new URL(url);
        return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
    }
    catch {
        return '<unparsable url>';
    }
}
/**
 * The message and code inside an error body: Twirp's `{"code","msg"}`, the v1 service's
 * `{"message","typeKey"}`, or plain text. A UTF-8 BOM is stripped first, as go-actions-cache does
 * after moby/buildkit#2276. Truncated: an HTML error page is not a message.
 */
function errors_describeErrorBody(body) {
    // Secrets go before anything is cut: a cut token would no longer match its mask.
    const text = redactSecrets(body
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trim());
    try {
        const parsed = JSON.parse(text);
        if (parsed && typeof parsed === 'object') {
            const fields = parsed;
            const message = [fields.msg, fields.message].find((v) => typeof v === 'string');
            const code = [fields.code, fields.typeKey].find((v) => typeof v === 'string');
            if (message !== undefined || code !== undefined)
                return { message: message ?? '', code };
        }
    }
    catch {
        // not JSON: fall through to the text itself
    }
    return { message: text.length > 200 ? `${text.slice(0, 200)}…` : text };
}

;// CONCATENATED MODULE: ./src/cache-service/retry-policy.ts
/**
 * When to retry a cache-service request and how long to wait: pure, so the transport's timing is
 * testable without a clock.
 *
 * Mirrors @actions/cache 6.3.0's cache service client (`retryableRequest`): 5 attempts, 3 s base,
 * ×1.5 per retry with jitter, retry on 500/502/503/504 and on transport errors, never on other 4xx.
 * One deliberate difference: @actions/cache gives up on 429 (toolkit #2243), while GitHub staff ask
 * third-party clients to wait for `Retry-After` and try again (docker/actions-toolkit#944), which is
 * what BuildKit ≥ 0.27 does; we do that, bounded by `maxRetryAfterMs`.
 */
const retry_policy_DEFAULT_RETRY_POLICY = {
    maxAttempts: 5,
    baseDelayMs: 3000,
    multiplier: 1.5,
    maxRetryAfterMs: 60_000,
    attemptTimeoutMs: 30_000,
};
/** Statuses @actions/cache retries (`retryableStatusCodes` in cacheTwirpClient.ts). */
const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);
function isRetryableStatus(status) {
    return RETRYABLE_STATUSES.has(status);
}
/**
 * Backoff before retry number `retry` (0 for the first retry): the base delay, then a uniformly
 * random delay in [base·m^retry, base·m^(retry+1)), as @actions/cache's `getExponentialRetryTimeMilliseconds`.
 */
function backoffDelayMs(retry, policy, random) {
    if (retry <= 0)
        return policy.baseDelayMs;
    const low = policy.baseDelayMs * policy.multiplier ** retry;
    const high = low * policy.multiplier;
    return Math.floor(low + random() * (high - low));
}
/**
 * What to do after attempt number `attempt` (1-based) ended with `status` (undefined: a transport
 * error), when `rateLimitedBefore` earlier attempts of the request were answered 429. A 429
 * without a usable `Retry-After` falls back to the backoff.
 */
function retry_policy_decideRetry(attempt, status, retryAfterMs, policy, random, rateLimitedBefore = 0) {
    if (attempt >= policy.maxAttempts)
        return { retry: false };
    if (status === 429) {
        if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs)
            return { retry: false };
        if (rateLimitedBefore >= (policy.maxRateLimitRetries ?? Infinity))
            return { retry: false };
        return { retry: true, delayMs: retryAfterMs ?? backoffDelayMs(attempt - 1, policy, random) };
    }
    if (status === undefined || isRetryableStatus(status)) {
        return { retry: true, delayMs: backoffDelayMs(attempt - 1, policy, random) };
    }
    return { retry: false };
}

;// CONCATENATED MODULE: ./src/cache-service/transport.ts
/**
 * One HTTP request to the cache service or its blob storage, retried by the retry policy.
 * Shared by the read client here, the BuildKit-format writer in dev/buildkit and the registry
 * client (src/registry/distribution.ts), so all speak HTTP with the same retries, timeouts and
 * error shapes.
 */



/** The error code of an answer whose body is over the request's `maxBodyBytes`. */
const transport_TOO_LARGE = 'too_large';
/** A body over `max` bytes; never retried. */
class BodyTooLarge extends (/* unused pure expression or super */ null && (Error)) {
}
/**
 * Reads a body, or stops as soon as it is known to be over `max` bytes (declared length or the
 * bytes so far), so that no answer can hold more than `max` bytes in memory.
 */
async function readBody(response, max) {
    if (max === undefined || !transport_isSuccess(response.status)) {
        return Buffer.from(await response.arrayBuffer());
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > max) {
        await response.body?.cancel().catch(() => undefined);
        throw new BodyTooLarge(`declares ${declared} bytes`);
    }
    const chunks = [];
    let size = 0;
    const reader = response.body?.getReader();
    for (;;) {
        const next = await reader?.read();
        if (!next || next.done)
            break;
        size += next.value.byteLength;
        if (size > max) {
            await reader?.cancel().catch(() => undefined);
            throw new BodyTooLarge(`holds more than ${max} bytes`);
        }
        chunks.push(next.value);
    }
    return Buffer.concat(chunks);
}
/** A 2xx status. */
function transport_isSuccess(status) {
    return status >= 200 && status < 300;
}
const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Why a fetch threw, in words that hold no URL: `ECONNREFUSED`, `timed out after 30000 ms`, …
 * Read by shape, not `instanceof`: undici's errors may come from another realm.
 */
function describeTransportError(error, timeoutMs) {
    if (error && typeof error === 'object') {
        const { name, message, cause } = error;
        if (name === 'TimeoutError' || name === 'AbortError')
            return `timed out after ${timeoutMs} ms`;
        if (cause && typeof cause.code === 'string')
            return cause.code;
        if (cause && typeof cause.message === 'string')
            return cause.message;
        if (typeof message === 'string')
            return message;
    }
    return String(error);
}
function transport_createTransport(options = {}) {
    const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    const sleep = options.sleep ?? defaultSleep;
    const now = options.now ?? Date.now;
    const random = options.random ?? Math.random;
    const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    const debug = options.debug ?? (() => undefined);
    return {
        async send(request) {
            let rateLimited = 0;
            for (let attempt = 1;; attempt++) {
                let status;
                let retryAfterMs;
                let failure;
                try {
                    const response = await fetchImpl(request.url, {
                        method: request.method,
                        headers: request.headers,
                        body: request.body,
                        signal: AbortSignal.timeout(policy.attemptTimeoutMs),
                    });
                    const body = await readBody(response, request.maxBodyBytes);
                    status = response.status;
                    retryAfterMs =
                        status === 429
                            ? parseRetryAfterMs(response.headers.get('retry-after'), now())
                            : undefined;
                    const decision = decideRetry(attempt, status, retryAfterMs, policy, random, rateLimited);
                    if (status === 429)
                        rateLimited++;
                    if (!decision.retry) {
                        return { status, headers: response.headers, body, attempts: attempt, retryAfterMs };
                    }
                    debug(`${request.label}: HTTP ${status}, retrying in ${decision.delayMs} ms (attempt ${attempt}/${policy.maxAttempts})`);
                    await sleep(decision.delayMs);
                    continue;
                }
                catch (error) {
                    if (error instanceof BodyTooLarge) {
                        throw new CacheServiceError(`${request.label} ${request.method} ${redactUrl(request.url)}: the answer ${error.message}, over the ${request.maxBodyBytes} allowed`, undefined, attempt, undefined, transport_TOO_LARGE);
                    }
                    failure = describeTransportError(error, policy.attemptTimeoutMs);
                }
                const decision = decideRetry(attempt, undefined, undefined, policy, random);
                if (!decision.retry) {
                    throw new CacheServiceError(`${request.label} ${request.method} ${redactUrl(request.url)} failed: ${failure} (after ${attempt} attempt${attempt === 1 ? '' : 's'})`, undefined, attempt);
                }
                debug(`${request.label}: ${failure}, retrying in ${decision.delayMs} ms (attempt ${attempt}/${policy.maxAttempts})`);
                await sleep(decision.delayMs);
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/prune/index-reader.ts
/**
 * Reads live index generations through the cache service (the runtime token is the only way to
 * their contents: the REST API lists entries but cannot download them). Each read is an exact
 * lookup plus a download; anything short of the exact entry's bytes, parsed, counts as a failed read,
 * which makes the planner keep whatever the index might reference.
 */




/**
 * The most bytes read of one index document (rule 12): BuildKit's largest are a few MiB (a few
 * hundred bytes a layer and a record), and a document is parsed whole, so a far larger one is
 * a failed read instead of a risk to the step's memory.
 */
const MAX_INDEX_BYTES = (/* unused pure expression or super */ null && (16 * 1024 * 1024));
function tooLarge(bytes) {
    const size = bytes === undefined ? 'more than' : `${bytes} bytes,`;
    return {
        ok: false,
        cause: 'too-large',
        error: `the document holds ${size} over the ${MAX_INDEX_BYTES} bytes read of an index`,
    };
}
async function readOne(source, entry, stats) {
    const key = parseKey(entry.key);
    if (key.kind !== 'index') {
        return { ok: false, cause: 'failed', error: `${entry.key} is not an index key` };
    }
    try {
        stats.lookups++;
        const match = await source.lookup(entry.key);
        if (match === null) {
            return { ok: false, cause: 'failed', error: 'the cache service has no such entry' };
        }
        // An exact key wins over prefix matches, so another key means ours is gone: `#1` deleted
        // while `#10` exists would answer `#10`.
        if (match.matchedKey !== entry.key) {
            return {
                ok: false,
                cause: 'failed',
                error: `the cache service answered with ${match.matchedKey}`,
            };
        }
        stats.downloads++;
        const bytes = await source.download(match.downloadUrl, MAX_INDEX_BYTES);
        if (bytes.length > MAX_INDEX_BYTES)
            return tooLarge(bytes.length);
        return { ok: true, blobKeys: referencedBlobKeys(bytes, key.signed) };
    }
    catch (error) {
        if (error instanceof IndexDocumentError) {
            return { ok: false, cause: 'layout', error: error.message };
        }
        if (error.code === TOO_LARGE)
            return tooLarge();
        return { ok: false, cause: 'failed', error: error.message };
    }
}
/** Reads each index with at most `concurrency` in flight; never throws. */
async function index_reader_readIndexes(source, entries, concurrency = REQUEST_CONCURRENCY) {
    const reads = new Map();
    const stats = { lookups: 0, downloads: 0 };
    await forEachLimited(entries, concurrency, async (entry) => {
        reads.set(entry.id, await readOne(source, entry, stats));
    });
    return { reads, stats };
}

;// CONCATENATED MODULE: ./src/prune/own-writes.ts






/**
 * Whether budget notes in `ref` count (rule 12): a branch's, which only a push can write. A pull
 * request's post step saves none.
 */
function own_writes_writesNotes(ref) {
    return branchName(ref) !== undefined;
}
/** Saves the note that asks post steps to back off until `until`; 1 when saved. */
async function own_writes_saveNote(deps, until) {
    const key = noteKey(until);
    try {
        const saved = await deps.saveMarker(key, Buffer.from(`${new Date(until).toISOString()}\n`));
        if (saved)
            deps.log.info(`Saved ${key}: post steps list the whole repository again after that`);
        return saved ? 1 : 0;
    }
    catch (error) {
        deps.log.info(singleLine(`Saving the budget note failed (${deps.api.describeError(error)}); the next post step lists the repository again`));
        return 0;
    }
}
/**
 * Saves a marker for each live index of `ref` this job read that has none yet; returns how many
 * it saved. A failure costs only precision (others judge that index from times), so it is logged
 * and the run goes on.
 */
async function own_writes_saveMarkers(ref, entries, reads, deps, problems) {
    const described = declarations(entries, entries);
    let saved = 0;
    for (const index of entries) {
        const read = reads.get(index.id);
        if (index.ref !== ref || !read?.ok || described.has(index.id))
            continue;
        try {
            const data = Buffer.from(`${JSON.stringify({ index: index.key, blobs: read.blobKeys.length })}\n`);
            const key = markerKey(index.id, read.blobKeys);
            if (await deps.saveMarker(key, data)) {
                saved++;
                deps.log.info(singleLine(`Saved ${key}: what ${index.key} references, for jobs that cannot read ${ref}`));
            }
        }
        catch (error) {
            // A token that may not write will not write the next one either: one warning, then stop.
            if (error instanceof CacheWriteDenied || error instanceof CacheStorageReadOnly) {
                problems.push(`${error.message}. Without markers, jobs that cannot read ${ref} judge its indexes from times (they keep more)`);
                break;
            }
            // Rate limited after one Retry-After: the repository's upload rate is spent, and more
            // markers now would only compete with other jobs' exports for it.
            if (error instanceof CacheServiceError && error.status === 429) {
                deps.log.info(singleLine(`Saving markers stopped: the cache service limits new entries (${error.message}); the indexes left without one are judged from times (they keep more)`));
                break;
            }
            deps.log.info(singleLine(`Saving the marker of ${index.key} failed (${deps.api.describeError(error)}); others judge it from times`));
        }
    }
    return saved;
}

;// CONCATENATED MODULE: ./src/prune/listing.ts
/**
 * What a run lists (rules 3 and 12): whether the budget needs the whole repository or the run's
 * own refs are enough (the usage endpoint, a budget note), the repository's index entries and
 * markers, the entries, and the index entries again to find what the pages missed.
 */









/**
 * Whether refs this job cannot read may hold indexes that use blobs of the refs it prunes: any
 * ref may read the default branch, and a pull request any branch (refs.ts canRead). Then the
 * repository's index entries tell orphan-age which blobs such indexes could use.
 */
function needsIndexListing(policy) {
    const readable = new Set(policy.readableRefs);
    return policy.pruneRefs.some((ref) => readable.has(ref) && readByOtherRefs(ref, policy.defaultRef));
}
/** The refs whose live indexes may reference blobs in the refs this run prunes. */
function refsToList(policy) {
    const refs = new Set([...policy.pruneRefs, ...policy.dropRefs]);
    for (const reader of policy.readableRefs) {
        if (policy.pruneRefs.some((owner) => canRead(reader, owner, policy.defaultRef)))
            refs.add(reader);
    }
    return [...refs].sort();
}
/**
 * How much to list: the usage endpoint (one request, lags ~5 minutes) says whether the budget
 * needs the whole repository; otherwise the refs this run prunes are enough. A budget note can
 * make a post step back off to its own refs (rule 12).
 */
async function listing_decideListing(ctx) {
    const { run, deps } = ctx;
    let whole = false;
    let ownBudget = false;
    let reportedUsageBytes;
    if (!run.dropOnly) {
        try {
            ctx.requests.usage++;
            const usage = await ctx.bounded(deps.api.getCacheUsage(), 'asking for usage');
            reportedUsageBytes = usage.activeBytes;
            whole = reportedUsageBytes > run.policy.targetBytes;
            if (whole && run.listLimit !== undefined && usage.activeCount > run.listLimit) {
                whole = false;
                ownBudget = true;
                ctx.notices.push(`The repository holds ${usage.activeCount} cache entries, more than the ${run.listLimit} this run lists (rule 12 of docs/pruning-rules.md): to bring usage under prune-target it takes only from its own refs (superseded generations, then layers no live index it knows may use, least recently used first)`);
            }
            deps.log.debug(`usage endpoint: ${formatBytes(reportedUsageBytes)}, target ${formatBytes(run.policy.targetBytes)}`);
        }
        catch (error) {
            if (error instanceof DeadlineExceeded)
                throw error;
            // Without usage, list everything: the budget can then be checked from the listing itself.
            deps.log.debug(`usage endpoint failed (${deps.api.describeError(error)}); listing the repository`);
            whole = true;
        }
    }
    if (whole && run.backOff) {
        const until = await backOffUntil(ctx);
        if (until !== undefined) {
            whole = false;
            ctx.notices.push(`A run at ${new Date(until - BUDGET_BACKOFF_MS).toISOString()} could not bring usage under prune-target; until ${new Date(until).toISOString()} post steps prune only their own ref (the scheduled prune still lists the repository)`);
        }
    }
    return {
        listed: whole
            ? 'repository'
            : ownBudget
                ? // The budget takes from the refs whose live indexes the job reads (rule 12).
                    [...new Set([...refsToList(run.policy), ...run.policy.readableRefs])].sort()
                : refsToList(run.policy),
        ...(reportedUsageBytes === undefined ? {} : { reportedUsageBytes }),
        ownBudget,
    };
}
/**
 * Whether a budget note (budget-note.ts) says post steps are backing off: one listing of the
 * notes' key prefix. Until when, or undefined (also when the listing fails: then the run lists
 * the repository as it would without the note).
 */
async function backOffUntil(ctx) {
    const { deps } = ctx;
    try {
        const notes = await ctx.bounded(deps.api.listCaches({ key: NOTE_KEY_PREFIX }, ctx.limited()), 'listing the budget notes');
        const now = ctx.githubNow();
        // Only branches' post steps save notes, and only a push can write a branch's entries: a pull
        // request's ref (a fork's, too) cannot turn the budget off. No note counts beyond one
        // back-off from now, whatever its key says.
        const until = Math.max(-Infinity, ...notes
            .filter((e) => e.version === MARKER_VERSION && writesNotes(e.ref))
            .map((e) => parseNote(e.key) ?? -Infinity));
        return until > now ? Math.min(until, now + BUDGET_BACKOFF_MS) : undefined;
    }
    catch (error) {
        if (error instanceof DeadlineExceeded)
            throw error;
        deps.log.debug(`listing the budget notes failed (${deps.api.describeError(error)})`);
        return undefined;
    }
}
/**
 * Indexes of refs this job cannot read: one listing by key prefix, every ref, with the markers
 * that declare what some of them reference (rule 5). Without it (or when it fails) orphan-age
 * keeps every unreferenced blob others may read (rule 6). It comes before the entries: every
 * index it holds then did its lookups before the blobs' last uses were read, so those times show
 * them.
 */
async function listing_listIndexesAndMarkers(ctx, listed) {
    const { run, deps } = ctx;
    if (listed === 'repository' || !needsIndexListing(run.policy))
        return {};
    try {
        const indexListing = await ctx.bounded(deps.api.listCaches({ key: INDEX_KEY_PREFIX }, ctx.limited()), 'listing the index entries');
        const markerListing = await ctx.bounded(deps.api.listCaches({ key: MARKER_KEY_PREFIX }, ctx.limited()), 'listing the markers');
        deps.log.debug(`Listed ${indexListing.length} index entries and ${markerListing.length} markers of the repository`);
        return { indexListing, markerListing };
    }
    catch (error) {
        if (error instanceof DeadlineExceeded)
            throw error;
        if (error instanceof ListingTooLargeError) {
            ctx.notices.push(`The repository holds ${plural(error.total, 'entry', 'entries')} under one key prefix of this action (index entries or markers), more than the ${error.limit} this run reads: orphan-age keeps every unreferenced blob other refs may read (rule 6 of docs/pruning-rules.md). A pull request writing entries in a loop, a fork's included, does this; once it closes, prune drops its entries`);
            return {};
        }
        deps.log.info(singleLine(`Listing the repository's index entries failed (${deps.api.describeError(error)}); orphan-age keeps every unreferenced blob other refs may read`));
        return {};
    }
}
/** The entries of the repository or of the listed refs; undefined (and a problem) when that failed. */
async function listing_listEntries(ctx, listed) {
    const { api, log } = ctx.deps;
    let entries;
    try {
        if (listed === 'repository') {
            entries = await ctx.bounded(api.listCaches({}, ctx.limited(2)), 'listing the caches');
        }
        else {
            entries = [];
            for (const ref of listed) {
                entries.push(...(await ctx.bounded(api.listCaches({ ref }, { onPage: ctx.onPage }), 'listing the caches')));
            }
        }
    }
    catch (error) {
        if (error instanceof DeadlineExceeded)
            throw error;
        ctx.problems.push(`listing the caches failed, so nothing was deleted: ${api.describeError(error)}`);
        return undefined;
    }
    log.info(singleLine(`Listed ${entries.length} cache entries (${listed === 'repository' ? 'whole repository' : listed.join(', ')})`));
    return entries;
}
/**
 * Rule 3: a listing is pages read at different times. An entry deleted before a page is read
 * shifts the next onto the page before, already read, and an entry created meanwhile keeps the
 * total: the pages add up and one entry was never seen. Only a missed index costs anything (the
 * generation before it would pass for the newest, and the blobs only it uses for garbage), so
 * the indexes are listed again after the entries, the whole repository's when the run needs them
 * (and the two index listings are merged), else each listed ref's. An index of a listed ref
 * that the entries missed is added to them and judged as if listed; one the first index listing
 * missed joins it. When this second listing fails, nothing is deleted: false.
 */
async function listing_relistIndexes(ctx, listings, listed) {
    const { api } = ctx.deps;
    let again;
    try {
        if (listed === 'repository' || listings.indexListing) {
            again = await ctx.bounded(api.listCaches({ key: INDEX_KEY_PREFIX }, ctx.limited(2)), 'listing the index entries again');
        }
        else {
            again = [];
            for (const ref of listed) {
                again.push(...(await ctx.bounded(api.listCaches({ key: INDEX_KEY_PREFIX, ref }, { onPage: ctx.onPage }), 'listing the index entries again')));
            }
        }
    }
    catch (error) {
        if (error instanceof DeadlineExceeded)
            throw error;
        ctx.problems.push(`listing the index entries again (to check the listing) failed, so nothing was deleted: ${api.describeError(error)}`);
        return false;
    }
    if (listings.indexListing) {
        const known = new Set(listings.indexListing.map((e) => e.id));
        const missed = again.filter((e) => !known.has(e.id));
        if (missed.length > 0)
            listings.indexListing = [...listings.indexListing, ...missed];
    }
    listing_addMissed(ctx, listings.entries, again, (ref) => listed === 'repository' || listed.includes(ref));
    return true;
}
/**
 * Adds to `entries` the indexes among `candidates` in refs they cover that they do not hold, with
 * one notice (rule 3).
 */
function listing_addMissed(ctx, entries, candidates, covers) {
    const ids = new Set(entries.map((e) => e.id));
    const missed = candidates.filter((e) => !ids.has(e.id) && e.key.startsWith(INDEX_KEY_PREFIX) && covers(e.ref));
    if (missed.length === 0)
        return;
    // Back in listing order (oldest first): a group's generations are decided in it (rule 8).
    entries.push(...missed);
    entries.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
    ctx.notices.push(singleLine(`The listing missed ${plural(missed.length, 'index entry', 'index entries')} that a second listing holds (first: ${missed[0].key} in ${missed[0].ref}; entries moved between pages while they were read): added, and judged as listed`));
}

;// CONCATENATED MODULE: ./src/prune/more-refs.ts
/**
 * Refs a run lists on their own, beyond those it prunes: the pull requests holding the largest
 * entries when the repository is beyond the listing limit (rule 12), closed pull requests whose
 * caches it drops, and refs this job cannot read that hold garbage (rule 5).
 */







/** At most this many refs holding the largest entries are listed for the budget (rule 12). */
const BYTE_HOLDER_REFS = 10;
/**
 * Rule 12: the repository holds more entries than the run lists, and usage is over the target.
 * Its listed refs alone may not hold enough to take, while GitHub's eviction, least recently used
 * first, would take single layers of pull requests whose indexes live. The first page of the
 * listing by size (one request) tells which pull requests hold the bytes; each is listed on its
 * own, within the limit, and its groups join the budget's candidates. Only refs that nothing but
 * themselves reads: evicting one whole takes every index that could use its layers. Adds their
 * entries to `entries` and returns the refs.
 */
async function more_refs_listRefsHoldingBytes(ctx, entries, listed) {
    const { run, deps } = ctx;
    let largest;
    try {
        largest = await ctx.bounded(deps.api.listLargest({ onPage: ctx.onPage }), 'listing the largest entries');
    }
    catch (error) {
        if (error instanceof DeadlineExceeded)
            throw error;
        deps.log.info(singleLine(`Listing the largest entries failed (${deps.api.describeError(error)}); the budget takes from ${listed.join(', ')} alone`));
        return [];
    }
    const bytes = new Map();
    for (const e of largest) {
        if (listed.includes(e.ref) || readByOtherRefs(e.ref, run.policy.defaultRef))
            continue;
        bytes.set(e.ref, (bytes.get(e.ref) ?? 0) + e.sizeInBytes);
    }
    const refs = [...bytes]
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .slice(0, BYTE_HOLDER_REFS)
        .map(([ref]) => ref);
    const added = [];
    for (const ref of refs) {
        try {
            entries.push(...(await ctx.bounded(deps.api.listCaches({ ref }, ctx.limited()), `listing ${ref}`)));
            added.push(ref);
        }
        catch (error) {
            if (error instanceof DeadlineExceeded)
                throw error;
            deps.log.info(singleLine(error instanceof ListingTooLargeError
                ? `${ref} holds ${plural(error.total, 'cache entry', 'cache entries')}, more than the ${error.limit} this run reads: the budget leaves it to GitHub's eviction`
                : `Listing ${ref} failed (${deps.api.describeError(error)}); the budget leaves it alone`));
        }
    }
    if (added.length > 0)
        deps.log.info(`The budget may also evict whole: ${added.join(', ')} (they hold the largest entries)`);
    return added;
}
/**
 * The refs the plan needs beyond those listed, each listed whole (a ref listed twice would hold
 * its entries twice): closed pull requests whose caches the run drops, and refs this job cannot
 * read with a generation superseded longer than prune-grace ago, which hold garbage (the post
 * step after an export must keep the generation it superseded, and so what only that one uses);
 * those are judged from markers and times (rule 5). Returns the policy with both.
 */
async function more_refs_listMoreRefs(ctx, listings, listed, refStates, now) {
    const { run, deps } = ctx;
    const { entries } = listings;
    const extra = new Set();
    const listRef = async (ref) => {
        if (listed === 'repository' || listed.includes(ref) || extra.has(ref))
            return undefined;
        try {
            entries.push(...(await ctx.bounded(deps.api.listCaches({ ref }, ctx.limited()), `listing ${ref}`)));
            extra.add(ref);
            return undefined;
        }
        catch (error) {
            if (error instanceof DeadlineExceeded)
                throw error;
            return deps.api.describeError(error);
        }
    };
    const dropRefs = [...run.policy.dropRefs];
    if (run.dropClosedPullRequests) {
        const closed = await ctx.bounded(closedPullRequests([...entries, ...(listings.indexListing ?? [])].map((e) => e.ref), run.policy, refStates, deps.api, ctx.refStateLog), 'asking which pull requests are closed');
        for (const ref of closed) {
            const error = await listRef(ref);
            if (error === undefined)
                dropRefs.push(ref);
            else
                ctx.problems.push(`listing the caches of the closed pull request ${ref} failed: ${error}`);
        }
    }
    const evidenceRefs = [];
    const indexes = listed === 'repository' ? entries : listings.indexListing;
    if (indexes) {
        for (const ref of staleOutOfReachRefs(indexes, { ...run.policy, dropRefs }, now)) {
            const error = await listRef(ref);
            if (error === undefined)
                evidenceRefs.push(ref);
            else
                deps.log.info(singleLine(`Listing ${ref} failed (${error}); its garbage waits for another run`));
        }
    }
    return { ...run.policy, dropRefs: dropRefs.sort(), evidenceRefs };
}

;// CONCATENATED MODULE: ./src/prune/read-problems.ts
/**
 * What a run tells the user about what it could not read (rule 4): one line per kind of failure.
 */

/**
 * One problem line per kind of failed read (rule 4): indexes in a layout this code does not know,
 * indexes over the bytes read of one, and other failures, each naming its first entry.
 */
function read_problems_readProblems(live, reads) {
    const failed = live.flatMap((index) => {
        const read = reads.get(index.id);
        return read && !read.ok ? [{ index, read }] : [];
    });
    const problems = [];
    const more = (n) => (n > 1 ? ` (and ${n - 1} more)` : '');
    const layout = failed.filter((f) => f.read.cause === 'layout');
    if (layout.length > 0) {
        const { index, read } = layout[0];
        problems.push(`the live index ${index.key} (${index.ref}) is not in the layout this action knows (${read.error})${more(layout.length)}: a newer BuildKit may have changed its format; what it may reference was kept`);
    }
    const large = failed.filter((f) => f.read.cause === 'too-large');
    if (large.length > 0) {
        const { index, read } = large[0];
        problems.push(`the live index ${index.key} (${index.ref}) was not read: ${read.error}${more(large.length)}; what it may reference was kept`);
    }
    const other = failed.filter((f) => f.read.cause !== 'layout' && f.read.cause !== 'too-large');
    if (other.length > 0) {
        problems.push(`${other.length} of ${live.length} live indexes could not be read (first: ${other[0].read.error}); what they may reference was kept`);
    }
    return problems;
}
/** One problem line for entries in a key layout this code does not know (rule 4). */
function read_problems_unknownLayoutProblems(plan) {
    const unknown = plan.analysis.unknown;
    if (unknown.length === 0)
        return [];
    const first = unknown[0].entry;
    const more = unknown.length > 1 ? ` (and ${unknown.length - 1} more)` : '';
    return [
        `${first.key} (${first.ref}) carries ${isBuildKitVersion(first.version) ? "BuildKit's" : "this action's"} version on a key this action cannot parse${more}: a newer version may have written it; it was kept, with whatever it may reference`,
    ];
}

;// CONCATENATED MODULE: ./src/prune/recheck.ts
/**
 * Rule 10 of docs/pruning-rules.md: before deleting, the plan is checked again against fresh data,
 * because deletes are sent over minutes while other jobs export. An export that looks up a blob the
 * plan means to delete adopts it (it does not upload a layer it found) and writes an index that
 * references it; GitHub has no compare-and-delete, so the only defence is to look again just
 * before deleting. Pure: the fresh entries come in as an argument.
 */



/**
 * The planned deletions to keep after all, given entries created or used since the plan:
 *
 * - one whose `created_at` or `last_accessed_at` moved since it was listed (an export looked it up,
 *   an import read it, or the key was deleted and written again), unless the move is this run's
 *   own touch (`ownTouchUntil`: reading an index refreshes it);
 * - a blob that an index written since the plan (`planTime`) may use: in a ref that sees the
 *   blob's ref, and by times (analysis.ts couldReference), which for an export that looked the
 *   blob up already shows as a move.
 *
 * `planned` is by entry id, built once by the caller for every re-check of a run.
 */
function recheck_movedSincePlan(planned, fresh, planTime, policy, ownTouchUntil = new Map()) {
    const moved = new Set();
    const newIndexes = [];
    for (const e of fresh) {
        const was = planned.get(e.id);
        if (was) {
            const own = ownTouchUntil.get(e.id) ?? -Infinity;
            if (e.createdAt !== was.createdAt)
                moved.add(e.id);
            else if (e.lastAccessedAt > was.lastAccessedAt && e.lastAccessedAt > own)
                moved.add(e.id);
        }
        else if (e.createdAt >= planTime &&
            isBuildKitVersion(e.version) &&
            parseKey(e.key).kind === 'index') {
            newIndexes.push(e);
        }
    }
    if (newIndexes.length === 0)
        return moved;
    for (const blob of planned.values()) {
        if (moved.has(blob.id) || parseKey(blob.key).kind !== 'blob')
            continue;
        const usable = newIndexes.some((index) => canRead(index.ref, blob.ref, policy.defaultRef) &&
            couldReference(index, blob, policy.graceMs, Infinity, policy.exportsLookUpLayers));
        if (usable)
            moved.add(blob.id);
    }
    return moved;
}

;// CONCATENATED MODULE: ./src/prune/run-context.ts


/**
 * How far this job's clock may run ahead of GitHub's, whose times are whole seconds: entries are
 * judged as of this long before the clock's reading (so prune-grace cannot shrink by a clock
 * ahead of GitHub's), and an index written since then counts as written during the listing.
 */
const run_context_CLOCK_ALLOWANCE_MS = 60_000;
/** A tally with no request made yet. */
function noRequests() {
    return {
        usage: 0,
        listPages: 0,
        indexLookups: 0,
        indexDownloads: 0,
        refQueries: 0,
        deletes: 0,
        copyLookups: 0,
        markerWrites: 0,
        rechecks: 0,
        noteWrites: 0,
    };
}
/** A fresh context for one run: no request made yet. */
function run_context_newRunContext(run, deps) {
    const requests = noRequests();
    const onPage = () => void requests.listPages++;
    const problems = [];
    return {
        run,
        deps,
        requests,
        problems,
        notices: [],
        planningMs: 0,
        onPage,
        refStateLog: { onQuery: () => void requests.refQueries++, problems },
        limited: (slack = 1) => ({
            onPage,
            ...(run.listLimit === undefined ? {} : { maxEntries: run.listLimit * slack }),
        }),
        bounded: (work, what) => beforeDeadline(work, run.deadline, deps.clock, what),
        githubNow: () => deps.clock() + (deps.api.clockOffset?.() ?? 0),
    };
}
/**
 * GitHub's time less the runner's, as the answers so far show it (0 when none said), with one
 * notice when the two differ by more than CLOCK_ALLOWANCE_MS (rule 2).
 */
function run_context_clockOffset(ctx) {
    const offset = ctx.deps.api.clockOffset?.() ?? 0;
    if (Math.abs(offset) > run_context_CLOCK_ALLOWANCE_MS) {
        const by = formatDuration(Math.abs(offset));
        ctx.notices.push(`The runner's clock is ${by} ${offset < 0 ? 'ahead of' : 'behind'} GitHub's (by the Date header of its answers): entries were judged by GitHub's clock`);
    }
    return offset;
}

;// CONCATENATED MODULE: ./src/prune/pruner.ts
/**
 * One pruning run, from listing to deletions: decide how much to list, list it (completely or
 * not at all), read the live indexes, plan, ask GitHub about refs only if the budget needs it,
 * execute; and the post step's markers after it (pruneAndMark). Every piece of I/O is an argument
 * (the REST client, the index source, the clock, the log), so the post step, the `prune` entry
 * point, tests and benchmarks all run this same code. It never throws for a GitHub or
 * cache-service failure: the outcome says what went wrong.
 */


















/**
 * One pruning run, as a sequence of phases: decide how much to list, list the repository's
 * indexes and markers, list the entries, read the live indexes, list the refs the plan also
 * needs (closed pull requests, stale refs out of reach), plan (asking GitHub about refs when the
 * plan needs them), execute with re-checks, and save the budget note. Saving markers is the post
 * step's (pruneAndMark), after the run.
 */
async function runPrune(run, deps) {
    const ctx = newRunContext(run, deps);
    const { requests } = ctx;
    let listed = [];
    let reportedUsageBytes;
    const outcome = (rest = {}) => ({
        listed,
        requests,
        problems: ctx.problems,
        notices: ctx.notices,
        planningMs: ctx.planningMs,
        ...(reportedUsageBytes === undefined ? {} : { reportedUsageBytes }),
        ...rest,
    });
    try {
        const decided = await decideListing(ctx);
        ({ listed, reportedUsageBytes } = decided);
        // The time entries are judged at is read before anything is listed: an export in flight when
        // the indexes were listed wrote its entries within prune-grace of it, however long the
        // listings that follow take. A whole listing holds indexes written while its pages were read
        // (see couldReference). It is GitHub's time (rule 2): the runner's reading then, corrected by
        // the offset the answers' Date headers show, which the listing itself may be the first to show.
        const startedAt = deps.clock();
        const listings = { ...(await listIndexesAndMarkers(ctx, listed)), entries: [] };
        const entries = await listEntries(ctx, listed);
        if (!entries)
            return outcome();
        listings.entries = entries;
        if (decided.ownBudget && listed !== 'repository') {
            listed = [...listed, ...(await listRefsHoldingBytes(ctx, entries, listed))].sort();
        }
        if (!(await relistIndexes(ctx, listings, listed)))
            return outcome();
        const now = startedAt + clockOffset(ctx) - CLOCK_ALLOWANCE_MS;
        const { reads, ownTouchUntil } = await readLiveIndexes(ctx, entries, now);
        const refStates = new Map();
        const policy = await listMoreRefs(ctx, listings, listed, refStates, now);
        // The refs listed since may have missed what the index listings hold, too (rule 3).
        if (listed !== 'repository' && listings.indexListing) {
            const covered = new Set([...listed, ...policy.dropRefs, ...policy.evidenceRefs]);
            addMissed(ctx, listings.entries, listings.indexListing, (ref) => covered.has(ref));
        }
        const result = await planRun(ctx, {
            listings,
            reads,
            policy: { ...policy, refStates },
            now,
            listed,
            reportedUsageBytes,
            ownBudget: decided.ownBudget,
        });
        const execution = await execute(ctx, result, now, ownTouchUntil);
        const notes = run.policy.pruneRefs.length > 0 && run.policy.pruneRefs.every(writesNotes);
        if (result.budget === 'not-met' && run.backOff && notes && deps.saveMarker && !run.dryRun) {
            requests.noteWrites += await ctx.bounded(saveNote(deps, ctx.githubNow() + BUDGET_BACKOFF_MS), 'saving the budget note');
        }
        return outcome({ plan: result, execution, indexReads: reads });
    }
    catch (error) {
        if (!(error instanceof DeadlineExceeded))
            throw error;
        ctx.problems.push(`${error.message}; nothing more was done (the rest is left for the next run)`);
        return outcome();
    }
}
/**
 * Downloads every live index of a readable ref (rule 4). The run's own lookups refresh the
 * indexes it reads: `ownTouchUntil` tells a re-check not to take them for an import (rule 10).
 */
async function readLiveIndexes(ctx, entries, now) {
    const { deps } = ctx;
    const live = liveReadableIndexes(entries, ctx.run.policy, now);
    const ownTouchUntil = new Map();
    if (live.length === 0)
        return { reads: new Map(), ownTouchUntil };
    if (!deps.indexSource) {
        ctx.problems.push(`${deps.noIndexSource ?? 'the cache service runtime is not available'}, so ${live.length} live indexes were not read; what they may reference was kept`);
        return { reads: new Map(), ownTouchUntil };
    }
    const result = await ctx.bounded(readIndexes(deps.indexSource, live), 'reading the live indexes');
    ctx.requests.indexLookups += result.stats.lookups;
    ctx.requests.indexDownloads += result.stats.downloads;
    const touched = ctx.githubNow() + CLOCK_ALLOWANCE_MS;
    for (const index of live)
        ownTouchUntil.set(index.id, touched);
    ctx.problems.push(...readProblems(live, result.reads));
    return { reads: result.reads, ownTouchUntil };
}
/** Plans; when the plan needs to know whether refs are gone, asks GitHub and plans again. */
async function planRun(ctx, o) {
    const { listings, listed } = o;
    const planWith = () => {
        const started = performance.now();
        try {
            return planOnce();
        }
        finally {
            ctx.planningMs += performance.now() - started;
        }
    };
    const planOnce = () => plan({
        entries: listings.entries,
        ...(listings.indexListing ? { indexListing: listings.indexListing } : {}),
        ...(listings.markerListing ? { markerListing: listings.markerListing } : {}),
        indexes: o.reads,
        policy: o.policy,
        now: o.now,
        complete: listed === 'repository',
        ...(o.ownBudget ? { ownBudget: true } : {}),
        // The listings started at the time entries are judged at; the second index listing
        // (relistIndexes) came after the entries.
        listedFrom: o.now,
        ...(o.reportedUsageBytes === undefined ? {} : { reportedUsageBytes: o.reportedUsageBytes }),
        ...(ctx.run.deadline === undefined
            ? {}
            : { shouldStop: () => ctx.deps.clock() >= ctx.run.deadline }),
    });
    let result = planWith();
    if (result.unknownRefStates.length > 0) {
        await ctx.bounded(askRefStates(result.unknownRefStates, ctx.run.policy.defaultRef, o.policy.refStates, ctx.deps.api, ctx.refStateLog), 'asking which refs are gone');
        result = planWith();
    }
    ctx.problems.push(...unknownLayoutProblems(result));
    ctx.deps.log.info(`Plan: delete ${result.deletions.length} of ${listings.entries.length} entries, ${formatBytes(result.usageBeforeBytes)} → ${formatBytes(result.usageAfterBytes)} (budget: ${BUDGET_WORDS[result.budget]})`);
    return result;
}
/** Deletes the plan's entries, each batch checked against what was created or used since (rule 10). */
async function execute(ctx, result, now, ownTouchUntil) {
    const { run, deps } = ctx;
    let since = now;
    const { order, deferred } = run.otherRefDeletes === undefined
        ? { order: result.deletions, deferred: [] }
        : ownRefsFirst(result.deletions, new Set([...run.policy.pruneRefs, run.policy.defaultRef]), run.otherRefDeletes);
    if (deferred.length > 0) {
        ctx.notices.push(`${deferred.length} planned deletions in other refs were left for a later run (a post step deletes at most ${run.otherRefDeletes} there, after its own ref's and the default branch's; the scheduled prune has time for them)`);
    }
    const planned = new Map(order.map((d) => [d.entry.id, d.entry]));
    const recheck = async () => {
        const started = ctx.githubNow();
        const fresh = await deps.api.listRecentlyUsed(since, {
            onPage: () => void ctx.requests.rechecks++,
        });
        since = started - CLOCK_ALLOWANCE_MS;
        return movedSincePlan(planned, fresh, now, run.policy, ownTouchUntil);
    };
    const execution = await executePlan(order, deps.api.deleteCache, {
        concurrency: run.concurrency,
        dryRun: run.dryRun,
        ...(run.deadline === undefined ? {} : { deadline: run.deadline }),
        clock: deps.clock,
        isPermissionDenied: deps.api.isPermissionDenied,
        isRateLimited: deps.api.isRateLimited,
        describeError: deps.api.describeError,
        ...(deps.indexSource ? { lookUp: lookUpWith(deps.indexSource) } : {}),
        recheck,
        // A 404 is confirmed by listing the entry's key in its ref: gone only when its id is absent.
        confirmGone: async ({ entry }) => !(await deps.api.listCaches({ key: entry.key, ref: entry.ref }, { onPage: ctx.onPage })).some((e) => e.id === entry.id),
    });
    execution.skipped.push(...deferred);
    ctx.requests.deletes += execution.requests;
    ctx.requests.copyLookups += execution.lookups;
    if (execution.moved.length > 0) {
        deps.log.info(`Kept ${execution.moved.length} planned deletions that were used, or may have been adopted by an export, since the plan`);
    }
    return execution;
}
/**
 * The post step's pruning: the run, then a marker for each live index of the job's own ref that
 * it read (the run's `markerRef`), so jobs that cannot read that ref know what its indexes use.
 * A marker saved after the run's deletes is as good as one saved before: until it exists, other
 * jobs judge those indexes from times, which keeps more.
 */
async function pruner_pruneAndMark(run, deps) {
    const outcome = await runPrune(run, deps);
    if (!run.markerRef || !deps.saveMarker || run.dryRun || !outcome.plan || !outcome.indexReads)
        return outcome;
    try {
        outcome.requests.markerWrites += await beforeDeadline(saveMarkers(run.markerRef, outcome.plan.analysis.entries.map((c) => c.entry), outcome.indexReads, deps, outcome.problems), run.deadline, deps.clock, 'saving markers');
    }
    catch (error) {
        if (!(error instanceof DeadlineExceeded))
            throw error;
        outcome.problems.push(`${error.message}; the markers were not saved (the next run saves them)`);
    }
    return outcome;
}
/** Whether a lookup of the key through the runtime token finds exactly that key. */
function lookUpWith(source) {
    return async (key) => (await source.lookup(key))?.matchedKey === key;
}

;// CONCATENATED MODULE: ./src/cache-service/connection.ts
/**
 * Where and how to reach the cache service: protocol, base URL, runtime token and the retrying
 * transport. Validated once; the read client and the writer (src/cache-service) both take it.
 * The protocol is chosen by the caller (src/runtime.ts decides it as @actions/cache's
 * `getCacheServiceVersion()` does: GHES → v1, else v2 when `ACTIONS_CACHE_SERVICE_V2` is set).
 */


const USER_AGENT = 'buildkit-cache-action';
function connection_createCacheServiceConnection(options) {
    if (options.protocol !== 'v1' && options.protocol !== 'v2') {
        throw new Error(`cache service protocol ${JSON.stringify(options.protocol)} is not supported; expected "v1" or "v2"`);
    }
    let parsed;
    try {
        parsed = new URL(options.url);
    }
    catch {
        throw new Error(`cache service URL ${JSON.stringify(options.url)} is not an absolute URL; expected http(s)://host[:port]/ (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL)`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new Error(`cache service URL must be http or https, got ${JSON.stringify(parsed.protocol)}`);
    }
    if (typeof options.token !== 'string' || options.token.trim() === '') {
        throw new Error('cache service token is empty; expected the runtime token (ACTIONS_RUNTIME_TOKEN)');
    }
    const transport = createTransport(options);
    const token = options.token;
    const userAgent = options.userAgent ?? USER_AGENT;
    return {
        protocol: options.protocol,
        url: options.url,
        transport,
        apiHeaders: (extra = {}) => ({
            Authorization: `Bearer ${token}`,
            'User-Agent': userAgent,
            ...extra,
        }),
    };
}
/** Turns a final non-2xx answer into the client's error, with the service's own message. */
function connection_errorFromResponse(label, response) {
    const { message, code } = describeErrorBody(response.body);
    const tries = response.attempts === 1 ? '' : ` after ${response.attempts} attempts`;
    const wait = response.status === 429 && response.retryAfterMs !== undefined
        ? ` (rate limited; the service asked to wait ${Math.ceil(response.retryAfterMs / 1000)} s)`
        : '';
    return new CacheServiceError(`${label} failed: HTTP ${response.status}${message ? ` ${message}` : ''}${wait}${tries}`, response.status, response.attempts, response.retryAfterMs, code);
}

/**
 * Sends a request to a signed blob-storage URL, which carries its own authorisation (the runtime
 * token must not travel there); an HTTP error throws, named by `what` (`download of`, …) and the
 * URL without its signature.
 */
async function connection_sendSigned(connection, request, what) {
    const response = await connection.transport.send(request);
    if (!isSuccess(response.status)) {
        const { message } = describeErrorBody(response.body);
        throw new CacheServiceError(`${what} ${redactUrl(request.url)} failed: HTTP ${response.status}${message ? ` ${message}` : ''}`, response.status, response.attempts);
    }
    return response;
}

;// CONCATENATED MODULE: ./src/cache-service/artifactcache.ts
/**
 * Cache service v1: the `_apis/artifactcache` REST API, the only one GHES speaks.
 */

/** The API version header both @actions/cache and go-actions-cache send. */
const V1_ACCEPT = 'application/json;api-version=6.0-preview.1';
/**
 * `<base>/_apis/artifactcache/<path>`. The base may or may not end in `/`: go-actions-cache trims
 * it since BuildKit v0.23.0 (moby/buildkit#6026), so we accept both.
 */
function artifactCacheUrl(baseUrl, path, query) {
    const url = `${baseUrl.replace(/\/+$/, '')}/_apis/artifactcache/${path}`;
    return query ? `${url}?${new URLSearchParams(query).toString()}` : url;
}
/** Sends one v1 request; any non-2xx answer throws with the service's message. */
async function artifactcache_callArtifactCache(connection, request) {
    const headers = connection.apiHeaders({ Accept: V1_ACCEPT, ...request.headers });
    let body = request.body;
    if (request.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(request.json);
    }
    const response = await connection.transport.send({
        method: request.method,
        url: artifactCacheUrl(connection.url, request.path, request.query),
        headers,
        body,
        label: request.label,
    });
    if (!isSuccess(response.status))
        throw errorFromResponse(request.label, response);
    return response;
}

;// CONCATENATED MODULE: ./src/cache-service/twirp.ts
/**
 * Cache service v2: Twirp JSON over POST. Field names are proto snake_case and int64 values are
 * decimal strings (protobuf-ts `toJson({useProtoFieldName: true})`, as @actions/cache sends them);
 * answers are read tolerantly (snake or camel case), as protobuf-ts's `fromJson` does.
 */


const SERVICE = 'github.actions.results.api.v1.CacheService';
/**
 * The RPC URL. Like @actions/cache (`new URL('/twirp/…', base)`), any path in ACTIONS_RESULTS_URL is
 * dropped; github.com's URL has none.
 */
function twirpUrl(baseUrl, method) {
    return new URL(`/twirp/${SERVICE}/${method}`, baseUrl).toString();
}
/** Calls one RPC and returns its JSON answer; a non-2xx answer or an unreadable body throws. */
async function twirp_callTwirp(connection, method, request) {
    const response = await connection.transport.send({
        method: 'POST',
        url: twirpUrl(connection.url, method),
        headers: connection.apiHeaders({ 'Content-Type': 'application/json' }),
        body: JSON.stringify(request),
        label: method,
    });
    if (!isSuccess(response.status))
        throw errorFromResponse(method, response);
    try {
        const parsed = JSON.parse(response.body.toString('utf8'));
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
            return parsed;
    }
    catch {
        // reported below
    }
    throw new CacheServiceError(`${method} failed: HTTP ${response.status} with a body that is not a JSON object`, response.status, response.attempts);
}
/** Reads a response field by its proto name or its JSON (camelCase) name. */
function twirp_field(message, protoName) {
    if (protoName in message)
        return message[protoName];
    const camel = protoName.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
    return message[camel];
}

;// CONCATENATED MODULE: ./src/cache-service/client.ts
/**
 * Read client for the GitHub Actions cache service, as the post step needs it: look an entry up
 * the way BuildKit does and download it. Protocol v2 (Twirp, github.com) or v1 (REST, GHES).
 *
 * BuildKit's lookups (docs/github-cache.md): the constant
 * version, the key itself as the only restore key, so a key without `#N` is a prefix lookup that
 * the service answers with the newest entry and its full `matched_key`.
 */







/** GitHub's key limits (@actions/cache `checkKey`): MAX_KEY_LENGTH characters, no commas (v1 joins keys with commas), 10 keys. */
const MAX_KEYS = 10;
function checkKeys(keys) {
    if (keys.length > MAX_KEYS) {
        throw new Error(`cache lookup got ${keys.length} keys; the cache service accepts at most ${MAX_KEYS} (the key plus 9 restore keys)`);
    }
    for (const key of keys) {
        if (typeof key !== 'string' || key === '')
            throw new Error('cache key is empty; expected a non-empty key such as "index-app-1-f921bd05"');
        if (key.length > MAX_KEY_LENGTH) {
            throw new Error(`cache key ${JSON.stringify(key.slice(0, 40))}… is ${key.length} characters long; the cache service accepts at most ${MAX_KEY_LENGTH}`);
        }
        if (key.includes(','))
            throw new Error(`cache key ${JSON.stringify(key)} contains a comma, which the cache service does not accept`);
    }
}
function requireString(value, what, method) {
    if (typeof value !== 'string' || value === '') {
        throw new CacheServiceError(`${method} answered ok without ${what}`, 200, 1);
    }
    return value;
}
async function lookupV2(connection, key, restoreKeys, version) {
    const method = 'GetCacheEntryDownloadURL';
    // restore_keys is omitted when empty: proto3 JSON leaves default values out.
    const request = { key };
    if (restoreKeys.length > 0)
        request.restore_keys = [...restoreKeys];
    request.version = version;
    const answer = await callTwirp(connection, method, request);
    // A miss is HTTP 200 {"ok": false}, not an error.
    if (field(answer, 'ok') !== true)
        return null;
    return {
        downloadUrl: requireString(field(answer, 'signed_download_url'), 'signed_download_url', method),
        matchedKey: requireString(field(answer, 'matched_key'), 'matched_key', method),
    };
}
async function lookupV1(connection, key, restoreKeys, version) {
    const label = 'getCacheEntry';
    // BuildKit sends its single key once (`keys=<k>`), @actions/cache the key then its restore keys.
    const keys = [...new Set([key, ...restoreKeys])];
    const response = await callArtifactCache(connection, {
        method: 'GET',
        path: 'cache',
        query: { keys: keys.join(','), version },
        label,
    });
    // A miss is 204; BuildKit's client also reads an empty 2xx body or one without cacheKey as a miss.
    if (response.status === 204 || response.body.length === 0)
        return null;
    let answer;
    try {
        answer = JSON.parse(response.body.toString('utf8'));
    }
    catch {
        throw new CacheServiceError(`${label} failed: HTTP ${response.status} with a body that is not JSON`, response.status, response.attempts);
    }
    if (typeof answer?.cacheKey !== 'string' || answer.cacheKey === '')
        return null;
    return {
        matchedKey: answer.cacheKey,
        downloadUrl: requireString(answer.archiveLocation, 'archiveLocation', label),
    };
}
function client_createCacheServiceClient(options) {
    const connection = createCacheServiceConnection(options);
    return {
        protocol: connection.protocol,
        async lookup(key, restoreKeys = [key], version = BUILDKIT_CACHE_VERSION) {
            checkKeys([key, ...restoreKeys]);
            return connection.protocol === 'v2'
                ? lookupV2(connection, key, restoreKeys, version)
                : lookupV1(connection, key, restoreKeys, version);
        },
        async download(url, maxBytes) {
            const response = await sendSigned(connection, {
                method: 'GET',
                url,
                label: 'download',
                ...(maxBytes === undefined ? {} : { maxBodyBytes: maxBytes }),
            }, 'download of');
            const declared = response.headers.get('content-length');
            if (declared !== null && Number(declared) !== response.body.length) {
                throw new CacheServiceError(`download of ${redactUrl(url)} was cut short: got ${response.body.length} of ${declared} bytes`, response.status, response.attempts);
            }
            return response.body;
        },
    };
}

;// CONCATENATED MODULE: ./src/cache-service/writer.ts
/**
 * The write half of the cache-service protocol, as BuildKit's cache client speaks it
 * (docs/github-cache.md): reserve a key, upload its bytes, commit
 * its size. The action writes only its small marker entries with it (src/prune/marker.ts); the
 * dev exporter (dev/buildkit) writes BuildKit's entries, uploading v2 blobs in blocks as
 * go-actions-cache does.
 */





/** BuildKit's cache client's v1 chunk size. */
const V1_CHUNK_SIZE = (/* unused pure expression or super */ null && (32 * 1024 * 1024));
function isAlreadyExists(error) {
    return (error instanceof CacheServiceError &&
        (error.status === 409 || /already.?exists/i.test(error.code ?? '')));
}
/** Azure's Put Blob: the whole body in one request, for small entries. */
function putBlobWith(connection) {
    return async (url, data) => {
        await sendSigned(connection, {
            method: 'PUT',
            url,
            headers: {
                'Content-Type': 'application/octet-stream',
                'x-ms-blob-type': 'BlockBlob',
                'x-ms-version': '2020-10-02',
            },
            body: data,
            label: 'putBlob',
        }, 'upload to');
    };
}
function createCacheWriter(connection, options = {}) {
    const version = options.version ?? BUILDKIT_CACHE_VERSION;
    const putBlob = options.putBlob ?? putBlobWith(connection);
    return {
        async reserve(key) {
            try {
                return connection.protocol === 'v2'
                    ? await reserveV2(connection, key, version)
                    : await reserveV1(connection, key, version);
            }
            catch (error) {
                if (isAlreadyExists(error))
                    return null;
                const denied = writeDeniedAnswer(error);
                if (denied !== undefined)
                    throw new CacheWriteDenied(key, denied);
                const readOnly = readOnlyForBillingAnswer(error);
                if (readOnly !== undefined)
                    throw new CacheStorageReadOnly(key, readOnly);
                throw error;
            }
        },
        async upload(reservation, data) {
            if (reservation.protocol === 'v2')
                return putBlob(reservation.uploadUrl, data);
            for (let start = 0; start < data.length || start === 0; start += V1_CHUNK_SIZE) {
                const chunk = data.subarray(start, Math.min(data.length, start + V1_CHUNK_SIZE));
                await callArtifactCache(connection, {
                    method: 'PATCH',
                    path: `caches/${reservation.cacheId}`,
                    body: chunk,
                    headers: {
                        'Content-Type': 'application/octet-stream',
                        'Content-Range': `bytes ${start}-${start + chunk.length - 1}/*`,
                    },
                    label: 'uploadChunk',
                });
                if (data.length === 0)
                    break;
            }
        },
        async commit(reservation, size) {
            if (reservation.protocol === 'v2') {
                // BuildKit's client sends size_bytes as a JSON number (its Go field has no `,string`), unlike
                // @actions/cache; recorded BuildKit v0.24.0 traffic shows `"size_bytes":1064330`.
                const answer = await callTwirp(connection, 'FinalizeCacheEntryUpload', {
                    key: reservation.key,
                    size_bytes: size,
                    version,
                });
                if (field(answer, 'ok') !== true)
                    throw new CacheServiceError(`failed to commit cache ${reservation.key}`, 200, 1);
                return;
            }
            await callArtifactCache(connection, {
                method: 'POST',
                path: `caches/${reservation.cacheId}`,
                json: { size },
                label: 'commitCache',
            });
        },
    };
}
async function reserveV2(connection, key, version) {
    const answer = await callTwirp(connection, 'CreateCacheEntry', { key, version });
    if (field(answer, 'ok') !== true) {
        const message = field(answer, 'message');
        throw new CacheServiceError(`failed to reserve cache ${key}${typeof message === 'string' ? `: ${message}` : ''}`, 200, 1);
    }
    const uploadUrl = field(answer, 'signed_upload_url');
    if (typeof uploadUrl !== 'string')
        throw new CacheServiceError('CreateCacheEntry answered ok without signed_upload_url', 200, 1);
    return { protocol: 'v2', key, uploadUrl };
}
async function reserveV1(connection, key, version) {
    // v1 reserve sends no cacheSize (BuildKit's client, unlike @actions/cache).
    const response = await callArtifactCache(connection, {
        method: 'POST',
        path: 'caches',
        json: { key, version },
        label: 'reserveCache',
    });
    const answer = JSON.parse(response.body.toString('utf8'));
    const cacheId = Number(answer.cacheId ?? answer.cacheID);
    if (!cacheId)
        throw new CacheServiceError(`reserveCache answered without a cacheId for ${key}`, response.status, response.attempts);
    return { protocol: 'v1', key, cacheId };
}
/**
 * Reserves, uploads and commits a whole entry; false when the key exists already. `size` is what
 * the commit records (the bytes uploaded, unless a service that records declared sizes is told
 * otherwise).
 */
async function saveEntry(writer, key, data, size = data.length) {
    const reservation = await writer.reserve(key);
    if (!reservation)
        return false;
    await writer.upload(reservation, data);
    await writer.commit(reservation, size);
    return true;
}
/** 429 answers a write of the action's own waits out: one. */
const WRITE_RATE_LIMIT_RETRIES = 1;
/** `saveEntry` over a new connection, every key under `version`. */
function writer_entrySaver(options, version) {
    // The action's own writes wait for one Retry-After, not more (the upload rate is the
    // repository's: other jobs' exports compete for it).
    const writer = createCacheWriter(createCacheServiceConnection({
        ...options,
        retry: { ...options.retry, maxRateLimitRetries: WRITE_RATE_LIMIT_RETRIES },
    }), { version });
    return (key, data) => saveEntry(writer, key, data);
}

;// CONCATENATED MODULE: ./src/prune/wiring.ts
/**
 * How a pruning run is connected to GitHub: the REST client for listing and deleting, the cache
 * service for reading indexes and saving markers, as far as the job's runtime and GitHub's
 * `cache-mode` allow. The `prune` entry point, the post step and the benchmarks all prune through
 * this one wiring, so what the benchmarks measure is what the action runs.
 */




/** The dependencies of runPrune for this job, and the REST client they use. */
function wiring_wirePrune(w) {
    const github = createGitHubClient({ ...w.github, clock: w.clock });
    const { credentials, cacheMode } = w;
    // Index reads need `read` or `write`; markers and budget notes need `write`.
    const noIndexSource = !credentials
        ? 'the cache service runtime is not available'
        : !cacheMode.read
            ? `cache-mode is ${cacheMode.name} (ACTIONS_CACHE_MODE): this job may not read the cache (give the job cache-mode: read or write)`
            : undefined;
    const deps = {
        api: github,
        ...(credentials && cacheMode.read
            ? { indexSource: createCacheServiceClient(credentials) }
            : {}),
        ...(credentials && cacheMode.write
            ? { saveMarker: entrySaver(credentials, MARKER_VERSION) }
            : {}),
        ...(noIndexSource ? { noIndexSource } : {}),
        clock: w.clock,
        log: w.log,
    };
    return { deps, github };
}

;// CONCATENATED MODULE: ./src/prune/warnings.ts


/** A job alone at this share of GitHub's upload rate is told so (it meets 429s with company). */
const NEAR_UPLOAD_RATE = 0.75;
/** Usage at or above this share of the limit after pruning earns a warning. */
const NEAR_LIMIT = 0.9;
/** One line per thing the user should act on; each names its cause. */
function warnings_outcomeWarnings(outcome, ctx = {}) {
    const warnings = [...outcome.problems];
    const stopped = outcome.execution?.stopped;
    if (stopped?.reason === 'permission-denied') {
        warnings.push(`the github-token may not delete caches (${stopped.error}); give the job "permissions: actions: write". The plan below shows what would have been deleted.`);
    }
    else if (stopped?.reason === 'rate-limited') {
        warnings.push(`GitHub's API rate limit stopped the deletions (${stopped.error}); the rest is left for the next run`);
    }
    else if (stopped?.reason === 'failures') {
        warnings.push(`deletions kept failing (last: ${stopped.error}); the rest is left for the next run`);
    }
    else if (stopped?.reason === 'deadline') {
        warnings.push('the time allowed for pruning ran out; the rest is left for the next run');
    }
    else if (stopped?.reason === 'recheck-failed') {
        warnings.push(`re-checking the plan against a fresh listing failed (${stopped.error}), so no deletion was sent after it; the rest is left for the next run`);
    }
    const plan = outcome.plan;
    if (plan?.limitRaised) {
        warnings.push(`usage (${formatBytes(plan.usageBeforeBytes)}) is well above cache-limit (${formatBytes(plan.limitBytes)}), which GitHub would not allow: the repository's limit is evidently higher than cache-limit. Pruning deleted garbage but evicted no branch's or pull request's live cache to meet a target below what GitHub allows; leave cache-limit empty to use the limit GitHub reports (the token needs actions: read), or set it to the repository's limit`);
    }
    if (plan?.budget === 'not-met' && !plan.limitRaised) {
        warnings.push(`usage stays above prune-target after everything pruning may delete: what is left is in use, within prune-grace or the protected default branch's live cache; post steps back off from listing the whole repository for an hour; raise prune-target or cache-limit (if the repository's limit is higher), or turn protection off`);
    }
    if (plan && !plan.limitRaised) {
        const after = plan.usageAfterBytes;
        if (after >= NEAR_LIMIT * plan.limitBytes) {
            warnings.push(`cache usage is ${Math.round((100 * after) / plan.limitBytes)}% of cache-limit after pruning: GitHub evicts least recently used entries above the limit, live layers included`);
        }
    }
    const peak = ctx.peakCreationsPerMinute ?? 0;
    if (peak >= NEAR_UPLOAD_RATE * UPLOADS_PER_MINUTE) {
        warnings.push(`this job's export created ${peak} cache entries within one minute; GitHub lets a repository create ${UPLOADS_PER_MINUTE} a minute and answers 429 beyond it (BuildKit writes one entry per new layer): use mode: min, or fewer scopes or matrix legs exporting at once`);
    }
    for (const c of ctx.collisions ?? []) {
        warnings.push(`scope "${c.scope}" got ${c.generations} exports in this run: each replaces the last (BuildKit does not merge indexes); give each job or matrix leg its own scope`);
    }
    if (ctx.readOnlyToken) {
        warnings.push('the runtime token is read-only (an untrusted trigger such as pull_request_target): BuildKit could not export, and this job’s cache was not updated');
    }
    return warnings;
}

// EXTERNAL MODULE: ./src/runtime.ts
var runtime = __webpack_require__(3683);
;// CONCATENATED MODULE: ./src/prune/summary.ts
/**
 * The job summary of a pruning run, as Markdown: repository usage before and after against the
 * limit, per (ref, scope) the index generations and the blobs they keep alive, per ref what no
 * index references, what was deleted and why, and the warnings. Pure: data in, text out.
 * Every value that came from the cache (keys, refs, scopes) is escaped: a branch may be named
 * `a|<b>`.
 */




const tally = (t) => t === undefined ? 'unknown' : t.count === 0 ? '0' : `${t.count} (${formatBytes(t.bytes)})`;
function summary_renderSummary(report) {
    const maxRows = report.maxRows ?? 50;
    return [
        `## ${escapeCell(report.title)}${report.dryRun ? ' (dry run)' : ''}`,
        '',
        ...report.warnings.flatMap((warning) => [`> :warning: ${escapeCell(warning)}`, '']),
        ...(report.notices ?? []).flatMap((notice) => [`> ${escapeCell(notice)}`, '']),
        ...usageSection(report, maxRows),
        ...deletedSection(report),
        ...scopesSection(report.inventory, maxRows),
        ...refsSection(report.inventory, maxRows),
        ...whySection(report, maxRows),
        ...deletedDetails(report, maxRows),
    ].join('\n');
}
const verbOf = (report) => (report.dryRun ? 'Would delete' : 'Deleted');
function usageSection(report, maxRows) {
    const u = report.usage;
    if (!u)
        return [];
    const pct = (bytes) => `${((100 * bytes) / u.limitBytes).toFixed(0)}%`;
    return [
        ...table(['Repository cache', 'Size', 'Of the limit'], [
            ['before', formatBytes(u.beforeBytes), pct(u.beforeBytes)],
            [report.dryRun ? 'after (if run)' : 'after', formatBytes(u.afterBytes), pct(u.afterBytes)],
            ['prune target', formatBytes(u.targetBytes), pct(u.targetBytes)],
            ['limit', formatBytes(u.limitBytes), '100%'],
        ], maxRows),
        '',
        `Budget: ${BUDGET_WORDS[u.budget]}.`,
        '',
    ];
}
/** The kinds of requests in the order a run makes them, in words. */
const REQUEST_WORDS = (/* unused pure expression or super */ null && ([
    ['usage', 'usage query', 'usage queries'],
    ['listPages', 'listing page', 'listing pages'],
    ['indexLookups', 'index lookup', 'index lookups'],
    ['indexDownloads', 'index download', 'index downloads'],
    ['refQueries', 'ref lookup', 'ref lookups'],
    ['rechecks', 're-check page', 're-check pages'],
    ['deletes', 'delete', 'deletes'],
    ['copyLookups', 'copy lookup', 'copy lookups'],
    ['markerWrites', 'marker saved', 'markers saved'],
    ['noteWrites', 'budget note saved', 'budget notes saved'],
]));
/** What the run cost in requests (rule 12), in one line. */
function requestsLine(requests) {
    const parts = REQUEST_WORDS.filter(([kind]) => requests[kind] > 0).map(([kind, one, many]) => plural(requests[kind], one, many));
    const total = REQUEST_WORDS.reduce((sum, [kind]) => sum + requests[kind], 0);
    return `Requests: ${total}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}.`;
}
function deletedSection(report) {
    const bytes = report.deleted.reduce((sum, p) => sum + p.entry.sizeInBytes, 0);
    const out = [`**${verbOf(report)} ${report.deleted.length} entries, ${formatBytes(bytes)}.**`, ''];
    const e = report.execution;
    if (e) {
        const notes = [
            e.missing > 0 ? `${e.missing} were already gone` : '',
            e.failed > 0 ? `${e.failed} failed` : '',
            e.skipped > 0 ? `${e.skipped} were not attempted` : '',
            e.moved ? `${e.moved} were kept: used, or possibly adopted by an export, since the plan` : '',
            e.stopped ? `stopped: ${escapeCell(e.stopped)}` : '',
        ].filter(Boolean);
        if (notes.length > 0)
            out.push(`${notes.join('; ')}.`, '');
    }
    if (report.requests)
        out.push(requestsLine(report.requests), '');
    return out;
}
function scopesSection(inv, maxRows) {
    if (!inv || inv.scopes.length === 0)
        return [];
    return [
        '### Index scopes',
        '',
        ...table(['Ref', 'Scope', 'Generations (live)', 'Blobs live indexes use', 'Deleted'], inv.scopes.map((s) => [
            code(s.ref),
            code(s.scope),
            `${s.generations} (${s.liveGenerations})`,
            s.read === 'not-readable'
                ? 'not readable from this job'
                : s.read === 'failed'
                    ? 'unknown: an index could not be read'
                    : tally(s.liveBlobs),
            tally(s.deleted),
        ]), maxRows),
        '',
    ];
}
function refsSection(inv, maxRows) {
    if (!inv || inv.refs.length === 0)
        return [];
    return [
        '### Refs',
        '',
        ...table(['Ref', 'Entries', 'Blobs no readable index uses', 'Deleted'], inv.refs.map((r) => [
            code(r.ref),
            tally(r.entries),
            r.unreferencedBlobs === undefined
                ? 'not readable from this job'
                : tally(r.unreferencedBlobs),
            tally(r.deleted),
        ]), maxRows),
        '',
    ];
}
/** Each verdict's reason with the rule of docs/pruning-rules.md it applies. */
function whySection(report, maxRows) {
    const inv = report.inventory;
    if (!inv || inv.reasons.length === 0)
        return [];
    return [
        '### Why',
        '',
        ...table(['Verdict', 'Reason', 'Rule', 'Entries'], inv.reasons.map((r) => [
            r.verdict === 'delete' ? (report.dryRun ? 'would delete' : 'delete') : 'keep',
            escapeCell(REASON_TEXT[r.reason]),
            String(REASONS[r.reason].rule),
            tally(r.tally),
        ]), maxRows),
        '',
    ];
}
function deletedDetails(report, maxRows) {
    if (report.deleted.length === 0)
        return [];
    return [
        `<details><summary>${verbOf(report)} entries</summary>`,
        '',
        ...table(['Key', 'Ref', 'Size', 'Reason'], report.deleted.map((p) => [
            code(p.entry.key),
            code(p.entry.ref),
            formatBytes(p.entry.sizeInBytes),
            escapeCell(REASON_TEXT[p.reason]),
        ]), maxRows * 4),
        '',
        '</details>',
        '',
    ];
}

;// CONCATENATED MODULE: ./src/steps/prune-and-report.ts
/**
 * The shell both pruning steps share (the post step and `prune`): wires and runs the pruning run,
 * then warns, sets the outputs and writes the job summary. The only place pruning touches the
 * runner (src/runner/workflow-commands.ts).
 */


















/**
 * Prunes, then warns, sets the outputs and writes the summary. Shared by the post step and
 * `prune`; the only place pruning touches the runner.
 */
async function pruneAndReport(o) {
    const { settings } = o;
    const warnings = [];
    let outcome;
    log.group('Pruning the Actions cache');
    try {
        outcome = await prune(o, warnings);
    }
    catch (error) {
        warnings.push(`pruning failed: ${describeError(error)}`);
    }
    finally {
        log.endGroup();
    }
    if (outcome)
        warnings.push(...judge(outcome, o.state));
    const plan = outcome?.plan;
    const execution = outcome?.execution;
    for (const warning of warnings)
        log.warning(warning);
    for (const notice of outcome?.notices ?? [])
        log.info(singleLine(notice));
    const deleted = execution?.deleted ?? [];
    const freed = execution?.freedBytes ?? 0;
    const gone = [...deleted, ...(execution?.missing ?? [])].reduce((sum, p) => sum + p.entry.sizeInBytes, 0);
    runner.setOutput(Output.DeletedCount, String(deleted.length));
    runner.setOutput(Output.FreedBytes, String(freed));
    if (plan)
        runner.setOutput(Output.UsageBytes, String(Math.max(0, plan.usageBeforeBytes - gone)));
    if (!settings.summary)
        return;
    await writeSummary(() => renderSummary({
        title: o.title,
        dryRun: settings.dryRun,
        ...(plan
            ? {
                usage: {
                    beforeBytes: plan.usageBeforeBytes,
                    afterBytes: settings.dryRun ? plan.usageAfterBytes : plan.usageBeforeBytes - gone,
                    limitBytes: plan.limitBytes,
                    targetBytes: plan.targetBytes,
                    budget: plan.budget,
                },
                inventory: inventory(plan),
            }
            : {}),
        deleted: settings.dryRun ? (plan?.deletions ?? []) : deleted,
        ...(execution
            ? {
                execution: {
                    failed: execution.failed.length,
                    skipped: settings.dryRun ? 0 : execution.skipped.length,
                    missing: execution.missing.length,
                    moved: execution.moved.length,
                    ...(execution.stopped ? { stopped: execution.stopped.reason } : {}),
                },
            }
            : {}),
        warnings,
        notices: outcome?.notices ?? [],
        ...(outcome ? { requests: outcome.requests } : {}),
    }));
}
/** The warnings an outcome deserves; in the post step, judged against the job's own export. */
function judge(outcome, state) {
    const plan = outcome.plan;
    const ref = state?.exportRef ?? state?.ref;
    const since = state ? Date.parse(state.startedAt) : NaN;
    if (!state || !plan || !ref || Number.isNaN(since)) {
        return outcomeWarnings(outcome, { readOnlyToken: readOnlyToken(state) });
    }
    return outcomeWarnings(outcome, {
        readOnlyToken: readOnlyToken(state),
        collisions: scopeCollisions(plan, ref, since).filter((c) => c.scope === state.scope),
        peakCreationsPerMinute: peakCreationsPerMinute(plan, ref, since),
    });
}
/** The pruning core's settings from the step's inputs, where it runs and until when. */
function runSettings(settings, where) {
    return {
        graceMs: settings.pruneGraceMs,
        orphanAgeMs: settings.orphanAgeMs,
        limitBytes: settings.cacheLimitBytes,
        targetBytes: settings.pruneTargetBytes,
        protectDefaultBranch: settings.protectDefaultBranch,
        dryRun: settings.dryRun,
        ...where,
    };
}
/** What the post step knows of the job's export, from the main step's state. */
function jobExport(state) {
    const ref = state.exportRef ?? state.ref;
    return {
        ...(ref === undefined ? {} : { ref }),
        keyMap: state.exportKeyMap === true,
        writableRefs: state.writableRefs,
    };
}
/** Whether the main step's token could read the cache but not write it (BuildKit could not export). */
function readOnlyToken(state) {
    return state?.type === 'gha' && state.readableRefs.length > 0 && state.writableRefs.length === 0;
}
/** The REST client's settings for a pruning step: its token, the job's API URL, waits logged. */
function restSettings(token, env) {
    return {
        token,
        baseUrl: env[Env.ApiUrl] || 'https://api.github.com',
        onRateLimited: (ms, route) => log.info(`Rate limited on ${route}: waiting ${Math.ceil(ms / 1000)} s`),
    };
}
/** The job's REST client (the repository's caches), or undefined without a token or repository. */
function prune_and_report_jobGitHubClient(env, token) {
    const repository = env[Env.Repository];
    return token && repository
        ? createGitHubClient({ ...restSettings(token, env), repository })
        : undefined;
}
async function prune(o, warnings) {
    const { env } = o;
    const token = o.settings.githubToken;
    if (!token) {
        warnings.push('github-token is empty: pruning needs a token for the REST cache API (the default is ${{ github.token }}, with "permissions: actions: write")');
        return undefined;
    }
    const repository = env[Env.Repository];
    if (!repository) {
        warnings.push(`${Env.Repository} is not set: no repository to prune`);
        return undefined;
    }
    const runtime = discoverRuntime(env);
    const credentials = runtimeCredentials(env);
    const { deps, github } = wirePrune({
        github: { ...restSettings(token, env), repository },
        ...(credentials ? { credentials } : {}),
        cacheMode: {
            name: runtime.cacheMode,
            read: runtime.modeAllowsRead,
            write: runtime.modeAllowsWrite,
        },
        clock: Date.now,
        log: { info: log.info, debug: log.debug, warning: log.warning },
    });
    // One deadline over the whole run, from its first request (rule 12).
    const deadline = Date.now() + o.timeLimitMs;
    const defaultBranch = defaultBranchOf(o.event) ??
        (await beforeDeadline(github.getDefaultBranch(), deadline, Date.now, 'asking for the default branch'));
    const limits = await repositoryLimits(o.settings, github, deadline);
    const settings = limits.settings;
    const run = o.makeRun(runSettings(settings, {
        defaultRef: branchRef(defaultBranch),
        readableRefs: o.readableRefs,
        deadline,
    }));
    log.info(singleLine(`Limit ${formatBytes(settings.cacheLimitBytes)}, target ${formatBytes(settings.pruneTargetBytes)}; pruning ${run.policy.pruneRefs.join(', ') || '(no ref)'}${run.policy.dropRefs.length ? `, dropping ${run.policy.dropRefs.join(', ')}` : ''}; readable: ${run.policy.readableRefs.join(', ') || '(none)'}${settings.dryRun ? ' (dry run)' : ''}`));
    const outcome = await pruneAndMark(run, deps);
    outcome.notices.unshift(...limits.notices.map(singleLine));
    logOutcome(outcome, settings.dryRun);
    return outcome;
}
/**
 * cache-limit and orphan-age left empty: what GitHub reports for the repository (a raised, paid
 * limit; a retention an administrator set), else its defaults; each said once, in a notice.
 */
async function repositoryLimits(given, github, deadline) {
    let settings = given;
    const ask = async (question, what) => {
        try {
            const value = await beforeDeadline(question, deadline, Date.now, `asking for ${what}`);
            return value === undefined ? { why: 'GitHub reported none' } : { value };
        }
        catch (error) {
            return { why: `reading it failed: ${describeError(error)}` };
        }
    };
    const unread = (why) => `${why}; the token needs "actions: read"`;
    // Both questions at once: neither answer depends on the other.
    const [limit, retention] = await Promise.all([
        settings.cacheLimitSource === 'default'
            ? ask(github.getCacheStorageLimit(), "the repository's cache limit")
            : undefined,
        settings.orphanAgeSource === 'default'
            ? ask(github.getCacheRetention(), "the repository's cache retention")
            : undefined,
    ]);
    let limitNotice = `Cache limit ${formatBytes(settings.cacheLimitBytes)}: cache-limit`;
    if (limit) {
        if (limit.value !== undefined)
            settings = withCacheLimit(settings, limit.value);
        limitNotice =
            limit.value !== undefined
                ? `Cache limit ${formatBytes(settings.cacheLimitBytes)}: the repository's, as GitHub reports it`
                : `Cache limit ${formatBytes(settings.cacheLimitBytes)}: GitHub's default (cache-limit is empty, and the repository's limit could not be read: ${unread(limit.why)})`;
    }
    const days = (ms) => `${+(ms / 86_400_000).toFixed(2)} days`;
    let retentionNotice = `orphan-age ${days(settings.orphanAgeMs)}: orphan-age`;
    if (retention) {
        if (retention.value !== undefined)
            settings = withRetention(settings, retention.value);
        retentionNotice =
            retention.value !== undefined
                ? `orphan-age ${days(settings.orphanAgeMs)}: the repository's cache retention, as GitHub reports it`
                : `orphan-age ${days(settings.orphanAgeMs)}: GitHub's default retention (orphan-age is empty, and the repository's could not be read: ${unread(retention.why)})`;
    }
    return { settings, notices: [limitNotice, retentionNotice] };
}
/** The run's deletions and their result, in the log. */
function logOutcome(outcome, dryRun) {
    // A dry run prints the whole plan; a real run keeps the per-entry lines for debug logging.
    const line = dryRun ? log.info : log.debug;
    for (const planned of outcome.plan?.deletions ?? []) {
        // Keys and refs come from the listing: a type=local key is anybody's to choose after our prefix.
        line(singleLine(`${dryRun ? 'would delete' : 'delete'} ${planned.entry.id} ${planned.entry.ref} ${planned.entry.key} (${formatBytes(planned.entry.sizeInBytes)}): ${REASON_TEXT[planned.reason]}`));
    }
    const e = outcome.execution;
    if (e) {
        log.info(dryRun
            ? `Dry run: ${outcome.plan?.deletions.length ?? 0} entries would be deleted`
            : `Deleted ${e.deleted.length} entries (${formatBytes(e.freedBytes)}); ${e.missing.length} already gone, ${e.failed.length} failed, ${e.skipped.length} not attempted`);
    }
}

;// CONCATENATED MODULE: ./src/local/rate-limited-save.ts
/**
 * Saves through `@actions/cache` that honour the cache service's `Retry-After` once. The cache
 * service answers a job that creates entries too fast with 429 and `Retry-After` (docs/github-cache.md);
 * `@actions/cache` then gives up on the save, returns -1, and the wait it was asked for shows only
 * in the warning it logs ("… your rate limit will reset in N seconds"). The step reads that line
 * from its own output, waits, and tries once more; a step retries at most one save, and never for
 * longer than `maxWaitMs`, so a busy repository costs it one bounded wait, not a retry storm.
 */

/** The wait `@actions/cache`'s rate-limit warning names, in ms; undefined when none is there. */
function retryAfterInOutput(output) {
    const m = /rate limit will reset in (\d+) seconds?/.exec(output);
    return m ? Number(m[1]) * 1000 : undefined;
}
/**
 * `save`, retried once after a rate limit: the first rate-limited save of the step waits what
 * the service asked (at most `maxWaitMs`) and is tried again; any later one is not.
 */
function retryingOnceAfterRateLimit(save, deps) {
    const maxWaitMs = deps.maxWaitMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs;
    const waits = deps.waits ?? { waited: false };
    return async (paths, key) => {
        const first = await deps.capture(() => save(paths, key));
        const waitMs = first.value === -1 ? retryAfterInOutput(first.output) : undefined;
        if (waitMs === undefined)
            return first.value;
        const seconds = Math.ceil(waitMs / 1000);
        if (waits.waited) {
            deps.log(`The cache service rate-limited saving ${key} too; not retried (one wait a step)`);
            return first.value;
        }
        if (waitMs > maxWaitMs) {
            deps.log(`The cache service rate-limited saving ${key} for ${seconds} s, longer than the ${Math.ceil(maxWaitMs / 1000)} s this step waits: not retried`);
            return first.value;
        }
        waits.waited = true;
        deps.log(`The cache service rate-limited saving ${key}: waiting ${seconds} s, then once more`);
        await deps.sleep(waitMs);
        return save(paths, key);
    };
}
/** The step's real output: what `process.stdout` is given while `fn` runs, passed on as well. */
async function capturingStdout(fn) {
    const stdout = process.stdout;
    const write = stdout.write;
    const chunks = [];
    stdout.write = function (chunk, ...rest) {
        chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
        return write.call(stdout, chunk, ...rest);
    };
    try {
        return { value: await fn(), output: chunks.join('') };
    }
    finally {
        stdout.write = write;
    }
}
/** The step's one wait: a step runs in a process of its own (type=local's save and cache mounts'). */
const STEP_WAITS = { waited: false };
/** `save` as a step runs it: its output read for the rate-limit warning, the wait a real one. */
function rate_limited_save_honouringRetryAfter(save, log) {
    return retryingOnceAfterRateLimit(save, {
        capture: capturingStdout,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        log,
        waits: STEP_WAITS,
    });
}

// EXTERNAL MODULE: ./src/runner/log-line.ts
var log_line = __webpack_require__(3403);
// EXTERNAL MODULE: ./src/state.ts
var state = __webpack_require__(2462);
;// CONCATENATED MODULE: ./src/steps/cache-mounts.ts
/**
 * Cache mounts in the steps: the main step reads which mounts to carry, restores and injects them;
 * the post step extracts and saves them, and reports. The work is src/cache-mounts/carry.ts's;
 * this shell reads inputs, files and the environment, and logs. A builder problem is a warning:
 * the user's build is never failed by a cache mount. Bad input (an explicit line without id or
 * target, no Dockerfile where `auto` looks) fails the main step, as any bad input does.
 */













/** The folder under RUNNER_TEMP the mounts' tars and Dockerfiles live in. */
const MOUNTS_DIR = 'buildkit-cache-mounts';
/** Main step: restore and inject the mounts `settings` ask for. */
async function carryMountsIn(o) {
    const { env, settings } = o;
    if (settings.mounts.kind === 'none')
        return;
    const [{ selectMounts }, { restoreAndInject }, { builderTarget, describeTarget }] = await Promise.all([
        __webpack_require__.e(/* import() */ 356).then(__webpack_require__.bind(__webpack_require__, 7356)),
        __webpack_require__.e(/* import() */ 283).then(__webpack_require__.bind(__webpack_require__, 5283)),
        __webpack_require__.e(/* import() */ 130).then(__webpack_require__.bind(__webpack_require__, 7130)),
    ]);
    const dockerfile = settings.mounts.kind === 'auto' ? await readDockerfile(settings.dockerfile, env) : undefined;
    const selection = selectMounts(settings.mounts, settings.buildArgs, dockerfile);
    runner_log/* log */.Rm.group('Cache mounts');
    try {
        for (const warning of selection.warnings)
            runner_log/* log */.Rm.warning((0,log_line/* singleLine */.pF)(`cache-mounts: ${warning}`));
        if (selection.identities.length === 0) {
            runner_log/* log */.Rm.info('No cache mount to carry');
            return;
        }
        const runner = process_processRunner();
        const target = await builderTarget(settings.builder, env[constants/* Env */.o9.BuildkitHost], () => detectBuilderTool(runner));
        const access = (0,cache_options_access/* decideAccess */.J)('gha', o.exportSetting, o.runtime, env[constants/* Env */.o9.Ref]);
        if (!target) {
            runner_log/* log */.Rm.warning('cache-mounts: neither buildctl nor docker buildx is on PATH, so no cache mount is carried (set up buildx or BuildKit before this step)');
            return;
        }
        runner_log/* log */.Rm.info((0,log_line/* singleLine */.pF)(`Builder: ${describeTarget(target)}; image ${settings.image}`));
        const cache = await __webpack_require__.e(/* import() */ 305).then(__webpack_require__.bind(__webpack_require__, 4305));
        // Past the inputs, nothing here fails the step: the build runs with empty mounts instead.
        const result = await restoreAndInject({
            identities: selection.identities,
            namespace: selection.namespace,
            scope: o.scope,
            dir: (0,external_node_path_.join)(env[constants/* Env */.o9.RunnerTemp] || (0,external_node_os_.tmpdir)(), MOUNTS_DIR),
            image: settings.image,
            target,
            ...(env[constants/* Env */.o9.Sha] ? { commit: env[constants/* Env */.o9.Sha] } : {}),
            importEnabled: access.importEnabled,
        }, {
            restoreCache: cache.restoreCache,
            saveCache: cache.saveCache,
            isFeatureAvailable: cache.isFeatureAvailable,
            run: runner,
            now: Date.now,
        }).catch((error) => {
            runner_log/* log */.Rm.warning((0,log_line/* singleLine */.pF)(`cache-mounts: restoring the cache mounts failed, so the build starts them empty: ${(0,log_line/* errorText */.kc)(error)}`));
            return undefined;
        });
        if (!result)
            return;
        for (const line of result.lines)
            runner_log/* log */.Rm.info((0,log_line/* singleLine */.pF)(line));
        for (const warning of result.warnings)
            runner_log/* log */.Rm.warning(`cache-mounts: ${(0,log_line/* singleLine */.pF)(warning)}`);
        (0,state/* saveMountsState */.Rx)({
            version: 1,
            mounts: result.state,
            exportEnabled: access.exportEnabled,
            exportReason: access.exportReason,
            restoreWarnings: result.warnings,
        });
    }
    finally {
        runner_log/* log */.Rm.endGroup();
    }
}
/** The Dockerfile `cache-mounts: auto` reads; none there is bad input. */
async function readDockerfile(given, env) {
    const path = (0,external_node_path_.isAbsolute)(given) ? given : (0,external_node_path_.join)(env[constants/* Env */.o9.Workspace] || process.cwd(), given);
    const text = await (0,promises_.readFile)(path, 'utf8').catch(() => undefined);
    if (text === undefined)
        throw new inputs/* InputError */.dz(constants/* Input */.pd.Dockerfile, `cache-mounts: auto reads the Dockerfile, and there is none at ${path}`, 'the path of the Dockerfile the build uses, relative to the workspace (check out the repository first)');
    return { text, file: given };
}
/** Post step: extract and save the mounts the main step restored; the summary shows each. */
async function carryMountsOut(env, settings, saved) {
    const [{ extractAndSave }, { renderMountsReport }, { restEntryStore }, cache] = await Promise.all([
        __webpack_require__.e(/* import() */ 283).then(__webpack_require__.bind(__webpack_require__, 5283)),
        __webpack_require__.e(/* import() */ 449).then(__webpack_require__.bind(__webpack_require__, 5449)),
        __webpack_require__.e(/* import() */ 195).then(__webpack_require__.bind(__webpack_require__, 2195)),
        __webpack_require__.e(/* import() */ 305).then(__webpack_require__.bind(__webpack_require__, 4305)),
    ]);
    const github = jobGitHubClient(env, settings?.githubToken);
    log.group('Cache mounts');
    let result;
    try {
        result = await extractAndSave(saved.mounts, {
            ref: env[Env.Ref] ?? '',
            commit: env[Env.Sha] ?? '',
            runId: env[Env.RunId] ?? '',
            runAttempt: env[Env.RunAttempt] || '1',
            exportEnabled: saved.exportEnabled,
            exportReason: saved.exportReason,
        }, {
            restoreCache: cache.restoreCache,
            saveCache: honouringRetryAfter(cache.saveCache, log.info),
            isFeatureAvailable: cache.isFeatureAvailable,
            run: processRunner(),
            now: Date.now,
            ...(github ? { entries: restEntryStore(github) } : {}),
        });
        for (const line of result.lines)
            log.info(singleLine(line));
        for (const m of result.mounts) {
            log.info(singleLine(`${m.label}: ${m.outcome}${m.key ? ` as ${m.key}` : ''}${m.reason ? ` (${m.reason})` : ''}`));
            for (const entry of m.deleted)
                log.info(singleLine(`Deleted the older generation ${entry.key} (id ${entry.id})`));
        }
    }
    finally {
        log.endGroup();
    }
    for (const warning of result.warnings)
        log.warning(`cache-mounts: ${singleLine(warning)}`);
    if (settings?.summary ?? true)
        await writeSummary(() => `${renderMountsReport(result, saved.restoreWarnings)}\n`);
}


/***/ })

};

//# sourceMappingURL=287.index.js.map