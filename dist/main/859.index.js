export const id = 859;
export const ids = [859];
export const modules = {

/***/ 4859:
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
            report.warnings.push(`Pruning the builder cache failed: ${message(error)}`);
        }
    }
    if (request.usage) {
        try {
            report.usage = await builderUsage(tool, run);
        }
        catch (error) {
            report.warnings.push(`Reading the builder cache usage failed: ${message(error)}`);
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
function message(error) {
    return error instanceof Error ? error.message : String(error);
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
class ListingTooLargeError extends Error {
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
        throw new ListingTooLargeError(pages[0].total, options.maxEntries);
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
            if (error instanceof IncompleteListingError || error instanceof ListingTooLargeError)
                throw error;
            throw new IncompleteListingError(`a page could not be read (${caches_describeError(error)})`, {
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
            throw new IncompleteListingError(`a page could not be read (${caches_describeError(error)})`, {
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
        throw new IncompleteListingError(`a page could not be read (${caches_describeError(error)})`, {
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
/** Why a REST call failed, without the request's headers (which carry the token). */
function caches_describeError(error) {
    if (error instanceof RequestError)
        return `HTTP ${error.status}: ${error.message}`;
    if (error instanceof Error)
        return error.message;
    return String(error);
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
/** A rate limit that outlasted our retries: a 429, or a 403 that says "rate limit". */
function isRateLimited(error) {
    if (!(error instanceof RequestError))
        return false;
    return error.status === 429 || (error.status === 403 && /rate limit/i.test(error.message));
}
/**
 * The token may not do this: a 403 that is not a rate limit. For cache deletes it means the
 * workflow lacks `permissions: actions: write` ("Resource not accessible by integration").
 */
function isPermissionDenied(error) {
    return error instanceof RequestError && error.status === 403 && !isRateLimited(error);
}

// EXTERNAL MODULE: ./src/inputs.ts + 2 modules
var inputs = __webpack_require__(6119);
// EXTERNAL MODULE: ./src/log.ts + 1 modules
var src_log = __webpack_require__(6586);
// EXTERNAL MODULE: ./src/log-line.ts
var log_line = __webpack_require__(6420);
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
        Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 7356)),
        __webpack_require__.e(/* import() */ 855).then(__webpack_require__.bind(__webpack_require__, 855)),
        __webpack_require__.e(/* import() */ 130).then(__webpack_require__.bind(__webpack_require__, 7130)),
    ]);
    const workspace = env[constants/* Env */.o9.Workspace] || process.cwd();
    let dockerfile;
    if (settings.mounts.kind === 'auto') {
        const path = (0,external_node_path_.isAbsolute)(settings.dockerfile)
            ? settings.dockerfile
            : (0,external_node_path_.join)(workspace, settings.dockerfile);
        const text = await (0,promises_.readFile)(path, 'utf8').catch(() => undefined);
        if (text === undefined)
            throw new inputs/* InputError */.dz(constants/* Input */.pd.Dockerfile, `cache-mounts: auto reads the Dockerfile, and there is none at ${path}`, 'the path of the Dockerfile the build uses, relative to the workspace (check out the repository first)');
        dockerfile = { text, file: settings.dockerfile };
    }
    const selection = selectMounts(settings.mounts, settings.buildArgs, dockerfile);
    src_log/* log */.Rm.group('Cache mounts');
    try {
        for (const warning of selection.warnings)
            src_log/* log */.Rm.warning(`cache-mounts: ${warning}`);
        if (selection.identities.length === 0) {
            src_log/* log */.Rm.info('No cache mount to carry');
            return;
        }
        const runner = process_processRunner();
        const target = await builderTarget(settings.builder, env[constants/* Env */.o9.BuildkitHost], () => detectBuilderTool(runner));
        const access = (0,cache_options_access/* decideAccess */.J)('gha', o.exportSetting, o.runtime, env[constants/* Env */.o9.Ref]);
        if (!target) {
            src_log/* log */.Rm.warning('cache-mounts: neither buildctl nor docker buildx is on PATH, so no cache mount is carried (set up buildx or BuildKit before this step)');
            return;
        }
        src_log/* log */.Rm.info((0,log_line/* singleLine */.pF)(`Builder: ${describeTarget(target)}; image ${settings.image}`));
        const cache = await __webpack_require__.e(/* import() */ 305).then(__webpack_require__.bind(__webpack_require__, 4305));
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
        });
        for (const line of result.lines)
            src_log/* log */.Rm.info((0,log_line/* singleLine */.pF)(line));
        for (const warning of result.warnings)
            src_log/* log */.Rm.warning(`cache-mounts: ${(0,log_line/* singleLine */.pF)(warning)}`);
        (0,state/* saveMountsState */.Rx)({
            version: 1,
            mounts: result.state,
            exportEnabled: access.exportEnabled,
            exportReason: access.exportReason,
            restoreWarnings: result.warnings,
        });
    }
    finally {
        src_log/* log */.Rm.endGroup();
    }
}
/** Post step: extract and save the mounts the main step restored; the summary shows each. */
async function carryMountsOut(env, settings) {
    const saved = loadMountsState();
    if (!saved || saved.mounts.mounts.length === 0)
        return;
    const [{ extractAndSave }, { renderMountsReport }, { restEntryStore }, cache] = await Promise.all([
        __webpack_require__.e(/* import() */ 855).then(__webpack_require__.bind(__webpack_require__, 855)),
        __webpack_require__.e(/* import() */ 449).then(__webpack_require__.bind(__webpack_require__, 5449)),
        __webpack_require__.e(/* import() */ 195).then(__webpack_require__.bind(__webpack_require__, 2195)),
        __webpack_require__.e(/* import() */ 305).then(__webpack_require__.bind(__webpack_require__, 4305)),
    ]);
    const repository = env[Env.Repository];
    const github = settings?.githubToken && repository
        ? createGitHubClient({
            token: settings.githubToken,
            baseUrl: env[Env.ApiUrl] || 'https://api.github.com',
            repository,
        })
        : undefined;
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
            saveCache: cache.saveCache,
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

//# sourceMappingURL=859.index.js.map