export const id = 283;
export const ids = [283,195];
export const modules = {

/***/ 5283:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  extractAndSave: () => (/* binding */ extractAndSave),
  restoreAndInject: () => (/* binding */ restoreAndInject)
});

// EXTERNAL MODULE: ./src/runner/log-line.ts
var log_line = __webpack_require__(3403);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/local/keys.ts + 1 modules
var keys = __webpack_require__(2640);
// EXTERNAL MODULE: ./src/local/cleanup.ts
var cleanup = __webpack_require__(2195);
// EXTERNAL MODULE: ./src/local/layout.ts
var layout = __webpack_require__(3885);
// EXTERNAL MODULE: ./src/local/paths.ts
var paths = __webpack_require__(719);
;// CONCATENATED MODULE: ./src/local/save.ts
/**
 * Post step, `type=local`: swap the layout BuildKit exported into `<path>-new` in for the old one, save
 * it under a run-unique key if its cache manifest changed, then delete the scope's older entries on
 * this ref. Never throws for cache or file-system trouble: post steps warn, they do not fail a build.
 */





/** Records how the save ended, and why. */
function settle(report, outcome, reason) {
    return Object.assign(report, { outcome, reason });
}
async function saveLocalCache(state, context, deps) {
    const report = { outcome: 'failed', deleted: [], warnings: [] };
    const done = (outcome, reason) => settle(report, outcome, reason);
    try {
        const paths = localPaths(state.path);
        const layout = await inspectLayout(paths.export, deps.fs);
        if (layout.state === 'missing') {
            return done('not-exported', `BuildKit wrote nothing to ${paths.export}; the restored cache is kept as it was.`);
        }
        if (layout.state === 'invalid') {
            return done('incomplete', `${paths.export} is not a complete layout (${layout.reason}); the restored cache is kept as it was.`);
        }
        Object.assign(report, {
            manifestDigest: layout.manifestDigest,
            blobCount: layout.blobCount,
            totalBytes: layout.totalBytes,
        });
        const swapError = await swap(paths.path, paths.export, paths.previous, deps.fs);
        if (swapError)
            return done('failed', `Could not swap ${paths.export} in for ${paths.path}: ${swapError}`);
        if (state.manifestDigest === layout.manifestDigest) {
            return done('unchanged', `The cache manifest ${layout.manifestDigest} is the one restored from ${state.restoredKey}.`);
        }
        if (!deps.isFeatureAvailable()) {
            return done('not-saved', 'The Actions cache service is not available to this job.');
        }
        return await saveAndRotate(state, context, deps, paths.cachePattern, report);
    }
    catch (error) {
        return done('failed', errorText(error));
    }
}
/** Saves the swapped-in cache under a new key, then deletes the scope's older generations. */
async function saveAndRotate(state, context, deps, pattern, report) {
    const savedAt = deps.now();
    const key = localCacheKey({
        scope: state.scope,
        commit: context.commit,
        runId: context.runId,
        runAttempt: context.runAttempt,
        savedAt,
    });
    report.key = key;
    let cacheId;
    try {
        cacheId = await deps.saveCache([pattern], key);
    }
    catch (error) {
        return settle(report, 'not-saved', `Saving ${key} failed: ${errorText(error)}`);
    }
    if (cacheId === -1) {
        return settle(report, 'not-saved', `@actions/cache did not save ${key} (its log above says why: a read-only cache, a rate limit, or a failed upload).`);
    }
    report.cacheId = cacheId;
    settle(report, 'saved');
    if (!deps.entries) {
        report.warnings.push('No github-token: older type=local generations of this scope stay until the pruner removes them.');
        return report;
    }
    await deleteOlderGenerations({ scope: state.scope, ref: context.ref, savedKey: key, savedAt }, deps.entries, report);
    return report;
}
/** Renames `path` aside, the export into `path`, and removes the old one; undoes the first rename on failure. */
async function swap(path, exported, previous, fs) {
    try {
        await fs.remove(previous);
        const hadOld = await fs.move(path, previous);
        try {
            await fs.move(exported, path);
        }
        catch (error) {
            if (hadOld)
                await fs.move(previous, path);
            throw error;
        }
        await fs.remove(previous);
        return undefined;
    }
    catch (error) {
        return errorText(error);
    }
}
/**
 * After a save: deletes the older generations of the same scope (and kind) in the same ref, with
 * what it deleted and what went wrong in `report`.
 */
async function deleteOlderGenerations(target, store, report) {
    let entries;
    try {
        entries = await store.list((0,keys/* scopeKeyPrefix */.uT)(target.scope, target.kind), target.ref);
    }
    catch (error) {
        report.warnings.push(`Could not list older generations, none deleted: ${(0,log_line/* errorText */.kc)(error)}`);
        return;
    }
    const plan = (0,cleanup.planLocalCleanup)(entries, target);
    for (const entry of plan.delete) {
        try {
            await store.deleteById(entry.id);
            report.deleted.push(entry);
        }
        catch (error) {
            report.warnings.push(`Could not delete the older generation ${entry.key} (id ${entry.id}): ${(0,log_line/* errorText */.kc)(error)}`);
        }
    }
}

// EXTERNAL MODULE: ./src/cache-mounts/commands.ts
var commands = __webpack_require__(9873);
// EXTERNAL MODULE: ./src/cache-mounts/identity.ts
var cache_mounts_identity = __webpack_require__(2345);
;// CONCATENATED MODULE: ./src/cache-mounts/keys.ts
/**
 * Keys of the Actions cache entries that carry cache mounts. Pure.
 *
 * Layout: `buildkit-cache-action-mount-<scope>@<mount>#<commit>-<run id>-<attempt>-<save time>`,
 * the `type=local` layout (src/local/keys.ts) under a prefix of its own: `<mount>` is the first 16
 * hex digits of the SHA-256 of the mount's identity, never the id itself (ids hold `/`, `,`,
 * spaces, `..`). One series of generations per mount and scope, rotated as `type=local`'s.
 */


/** Every key this action saves for a cache mount starts with this. */
const MOUNT_KEY_PREFIX = 'buildkit-cache-action-mount-';
/** 16 hex digits that name a mount's identity in keys and file names. */
function mountHash(identity) {
    return (0,external_node_crypto_.createHash)('sha256').update((0,cache_mounts_identity/* identityString */.Yu)(identity)).digest('hex').slice(0, 16);
}
/** The scope of one mount's series (keys.ts scopeKeyPrefix with MOUNT_KEY_PREFIX). */
function mountScope(scope, identity) {
    return `${scope}@${mountHash(identity)}`;
}
/** The mount as people read it: its id (after the namespace) and what else makes it another cache. */
function mountLabel(identity, namespace) {
    const id = identity.key.startsWith(`${namespace}/`)
        ? identity.key.slice(namespace.length + 1)
        : identity.key;
    const extra = [
        ...(namespace ? [`namespace ${namespace}`] : []),
        ...(identity.base
            ? [
                `uid ${identity.base.uid}, gid ${identity.base.gid}, mode 0${identity.base.mode.toString(8)}`,
            ]
            : []),
        ...(identity.from !== undefined ? [`from ${identity.from}`] : []),
    ];
    return extra.length > 0 ? `${id} (${extra.join('; ')})` : id;
}

;// CONCATENATED MODULE: ./src/cache-mounts/tar-digest.ts
/**
 * What a cache mount's tar holds, as one digest, read without unpacking it: each entry's name,
 * type, permission bits, owner, size, link target, device numbers and content, in name order, and
 * not its times. A mount brought back by an inject gets new times on its folders (the utility
 * image's tar sets them when it unpacks), so the tar extracted after a build that changed nothing
 * differs in bytes from the one restored; the digest does not, and an unchanged mount is not
 * uploaded again (docs/cache-mounts.md).
 *
 * Reads ustar, GNU long names and links (`L`, `K`) and pax headers (`x`: path, linkpath, size,
 * uid, gid); a global pax header (`g`) is skipped.
 */


const BLOCK = 512;
const CHUNK = 1 << 20;
/** A number field: octal text, or base-256 when its first byte has the high bit. */
function numberField(block, start, length) {
    const field = block.subarray(start, start + length);
    if (field[0] & 0x80) {
        let n = field[0] & 0x7f;
        for (let i = 1; i < field.length; i++)
            n = n * 256 + field[i];
        return n;
    }
    const text = field.toString('latin1').replace(/\0.*$/s, '').trim();
    if (text === '')
        return 0;
    if (!/^[0-7]+$/.test(text))
        throw new Error(`not a tar header (field "${text}")`);
    return Number.parseInt(text, 8);
}
const textField = (block, start, length) => {
    const field = block.subarray(start, start + length);
    const end = field.indexOf(0);
    return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
};
/** pax records: `<length> <key>=<value>\n`. */
function paxRecords(data) {
    const records = new Map();
    let at = 0;
    while (at < data.length) {
        const space = data.indexOf(0x20, at);
        if (space < 0)
            break;
        const length = Number.parseInt(data.subarray(at, space).toString('latin1'), 10);
        if (!Number.isSafeInteger(length) || length <= 0)
            throw new Error('a pax header is malformed');
        const record = data.subarray(space + 1, at + length - 1).toString('utf8');
        const eq = record.indexOf('=');
        if (eq > 0)
            records.set(record.slice(0, eq), record.slice(eq + 1));
        at += length;
    }
    return records;
}
const checksumOk = (block) => {
    let sum = 0;
    for (let i = 0; i < BLOCK; i++)
        sum += i >= 148 && i < 156 ? 0x20 : block[i];
    return sum === numberField(block, 148, 8);
};
/** The digest of the tar at `path`; throws when it is not a tar. */
async function tarSummary(path) {
    const file = await (0,promises_.open)(path, 'r');
    try {
        const { size: fileSize } = await file.stat();
        let position = 0;
        const read = async (length) => {
            const buffer = Buffer.alloc(length);
            const { bytesRead } = await file.read(buffer, 0, length, position);
            if (bytesRead !== length)
                throw new Error(`the tar ends inside an entry (at byte ${position})`);
            position += length;
            return buffer;
        };
        const lines = [];
        let contentBytes = 0;
        let longName;
        let longLink;
        let pax = new Map();
        for (;;) {
            // The end: two zero blocks, or (leniently) the end of the file at a header's place.
            if (position === fileSize)
                break;
            const block = await read(BLOCK);
            if (block.every((b) => b === 0))
                break;
            if (!checksumOk(block))
                throw new Error(`not a tar: bad header checksum at byte ${position - BLOCK}`);
            const type = String.fromCharCode(block[156]) || '0';
            const size = Number(pax.get('size') ?? numberField(block, 124, 12));
            const padded = Math.ceil(size / BLOCK) * BLOCK;
            if (type === 'L' || type === 'K' || type === 'x' || type === 'g') {
                const data = (await read(padded)).subarray(0, size);
                if (type === 'L')
                    longName = data.toString('utf8').replace(/\0+$/, '');
                else if (type === 'K')
                    longLink = data.toString('utf8').replace(/\0+$/, '');
                else if (type === 'x')
                    pax = paxRecords(data);
                continue;
            }
            const ustar = block.subarray(257, 262).toString('latin1') === 'ustar';
            const prefix = ustar ? textField(block, 345, 155) : '';
            const name = pax.get('path') ?? longName ?? (prefix ? `${prefix}/` : '') + textField(block, 0, 100);
            const link = pax.get('linkpath') ?? longLink ?? textField(block, 157, 100);
            const content = (0,external_node_crypto_.createHash)('sha256');
            // Only regular files (and contiguous ones) carry content; others' size is 0 or ignored.
            const hasContent = type === '0' || type === '7' || type === '\0';
            if (hasContent) {
                for (let left = size; left > 0;) {
                    const chunk = await read(Math.min(CHUNK, left));
                    content.update(chunk);
                    left -= chunk.length;
                }
                await read(padded - size);
                contentBytes += size;
            }
            else {
                await read(padded);
            }
            const normal = name.replace(/^(\.\/)+/, '').replace(/\/+$/, '') || '.';
            const fields = entryFields(block, {
                type,
                normal,
                link,
                pax,
                size: hasContent ? size : undefined,
                content: hasContent ? content.digest('hex') : '',
            });
            lines.push([normal, fields]);
            longName = undefined;
            longLink = undefined;
            pax = new Map();
        }
        lines.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        const digest = (0,external_node_crypto_.createHash)('sha256');
        for (const [, line] of lines)
            digest.update(`${line}\n`);
        return { digest: `sha256:${digest.digest('hex')}`, entries: lines.length, contentBytes };
    }
    finally {
        await file.close();
    }
}
/**
 * One entry's line in the digest: what `tar` restores of it (type, name, mode, owner, size, link,
 * device numbers, content), and not its times.
 */
function entryFields(block, e) {
    return [
        e.type === '\0' ? '0' : e.type,
        e.normal,
        (numberField(block, 100, 8) & 0o7777).toString(8),
        e.pax.get('uid') ?? String(numberField(block, 108, 8)),
        e.pax.get('gid') ?? String(numberField(block, 116, 8)),
        e.size === undefined ? '' : String(e.size),
        e.link,
        e.type === '3' || e.type === '4'
            ? `${numberField(block, 329, 8)}:${numberField(block, 337, 8)}`
            : '',
        e.content,
    ].join('\0');
}

;// CONCATENATED MODULE: ./src/cache-mounts/carry.ts
/**
 * Carries cache mounts across runners (docs/cache-mounts.md). Main step: restore each mount's
 * newest saved tar from the Actions cache and inject the restored ones into the builder in one
 * throwaway build. Post step: extract every mount in one throwaway build, and save each one whose
 * content changed under a new key, deleting its older generations in this ref (as `type=local`).
 *
 * Nothing here fails the user's build: a builder that cannot be reached, a failed inject or
 * extract, a refused save are warnings. The runner never unpacks a tar: they are made and
 * unpacked inside the builder, so owners and modes survive.
 */









const tarPath = (dir, file) => (0,external_node_path_.join)(dir, 'src', file);
/** A changing build argument: the throwaway builds must run, and never with `--no-cache`. */
const cacheBust = (now) => `${now}${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
/** The last lines of a tool's error output, on one line. */
const tail = (stderr) => stderr.trim().split('\n').slice(-3).join(' / ').slice(0, 500) || 'no output';
async function runBuild(deps, target, kind, dir, dockerfile, namespace, paths) {
    const dockerfileDir = (0,external_node_path_.join)(dir, kind);
    await (0,promises_.rm)(dockerfileDir, { recursive: true, force: true });
    await (0,promises_.mkdir)(dockerfileDir, { recursive: true });
    await (0,promises_.writeFile)((0,external_node_path_.join)(dockerfileDir, 'Dockerfile'), dockerfile);
    const { program, args } = (0,commands/* buildCommand */.Oe)(target, kind, { dockerfileDir, ...paths }, cacheBust(deps.now()), namespace);
    const clock = deps.elapsed ?? deps.now;
    const started = clock();
    const result = await deps.run(program, args);
    const ms = clock() - started;
    if (result.exitCode === 0)
        return { ok: true, ms };
    const why = result.exitCode === 127
        ? `${program} is not on PATH`
        : `${program} ${args.slice(0, 2).join(' ')} … exited ${result.exitCode}: ${tail(result.stderr)}`;
    return { ok: false, ms, why };
}
/** Main step: restore each mount, then inject the restored ones in one build. */
async function restoreAndInject(settings, deps) {
    const { dir, namespace } = settings;
    const lines = [];
    const warnings = [];
    const mounts = settings.identities.map((identity) => ({
        identity,
        label: mountLabel(identity, namespace),
        file: `${mountHash(identity)}.tar`,
    }));
    const state = {
        dir,
        scope: settings.scope,
        namespace,
        image: settings.image,
        target: settings.target,
        mounts,
    };
    await (0,promises_.rm)(dir, { recursive: true, force: true });
    await (0,promises_.mkdir)((0,external_node_path_.join)(dir, 'src'), { recursive: true });
    if (!settings.importEnabled) {
        lines.push('Cache mounts start empty: this job does not read the Actions cache');
        return { state, lines, warnings };
    }
    if (!deps.isFeatureAvailable()) {
        warnings.push('The Actions cache service is not available to this job: cache mounts start empty and are not saved');
        return { state, lines, warnings };
    }
    for (const mount of mounts) {
        const said = await restoreMount(mount, settings, deps);
        if ('warning' in said)
            warnings.push(said.warning);
        else
            lines.push(said.line);
    }
    const restored = mounts.filter((m) => m.restoredKey !== undefined);
    if (restored.length === 0)
        return { state, lines, warnings };
    const carried = restored.map((m) => ({ identity: m.identity, file: m.file }));
    const build = await runBuild(deps, settings.target, 'inject', dir, (0,commands/* injectDockerfile */.ku)(carried, namespace, settings.image), namespace, { source: (0,external_node_path_.join)(dir, 'src') });
    state.injectMs = build.ms;
    if (!build.ok) {
        warnings.push(`Injecting ${restored.length} cache mount(s) into the builder failed, so the build starts them empty: ${build.why}`);
        return { state, lines, warnings };
    }
    for (const m of restored)
        m.injected = true;
    lines.push(`Injected ${restored.map((m) => m.label).join(', ')} in ${(build.ms / 1000).toFixed(1)} s (only into empty mounts: a builder that keeps its mounts keeps what it has)`);
    return { state, lines, warnings };
}
/** Restores one mount's newest saved tar into `settings.dir`; a failure leaves it empty. */
async function restoreMount(mount, settings, deps) {
    const path = tarPath(settings.dir, mount.file);
    try {
        const restoredKey = await (0,keys/* restoreNewest */.Di)(deps.restoreCache, [path], {
            scope: mountScope(settings.scope, mount.identity),
            ...(settings.commit ? { commit: settings.commit } : {}),
            kind: MOUNT_KEY_PREFIX,
        });
        if (restoredKey === undefined)
            return { line: `${mount.label}: nothing saved yet; it starts empty` };
        const summary = await tarSummary(path);
        Object.assign(mount, { restoredKey, restoredDigest: summary.digest });
        return {
            line: `${mount.label}: restored ${restoredKey} (${summary.entries} entries, ${summary.contentBytes} bytes of content)`,
        };
    }
    catch (error) {
        await (0,promises_.rm)(path, { force: true });
        return {
            warning: `cache mount ${mount.label}: restore failed, it starts empty: ${(0,log_line/* errorText */.kc)(error)}`,
        };
    }
}
/** Post step: extract every mount in one build, save each one that changed. */
async function extractAndSave(state, context, deps) {
    const warnings = [];
    const lines = [];
    const reports = state.mounts.map((m) => ({
        label: m.label,
        outcome: 'not-saved',
        ...(m.restoredKey ? { restoredKey: m.restoredKey } : {}),
        injected: m.injected === true,
        deleted: [],
    }));
    const result = {
        mounts: reports,
        ...(state.injectMs === undefined ? {} : { injectMs: state.injectMs }),
        warnings,
        lines,
    };
    const notSaved = (reason) => {
        for (const r of reports)
            r.reason = reason;
        return result;
    };
    if (state.mounts.length === 0)
        return result;
    if (!context.exportEnabled)
        return notSaved(context.exportReason ?? 'this job does not write the Actions cache');
    if (!deps.isFeatureAvailable())
        return notSaved('the Actions cache service is not available');
    const out = (0,external_node_path_.join)(state.dir, 'out');
    await (0,promises_.rm)(out, { recursive: true, force: true });
    const carried = state.mounts.map((m) => ({ identity: m.identity, file: m.file }));
    const build = await runBuild(deps, state.target, 'extract', state.dir, (0,commands/* extractDockerfile */.A$)(carried, state.namespace, state.image), state.namespace, { output: out });
    result.extractMs = build.ms;
    if (!build.ok) {
        warnings.push(`Extracting the cache mounts from the builder failed: ${build.why}`);
        return notSaved('the extract build failed');
    }
    lines.push(`Extracted ${state.mounts.length} cache mount(s) in ${(build.ms / 1000).toFixed(1)} s`);
    for (const [i, mount] of state.mounts.entries()) {
        const report = reports[i];
        try {
            await saveMount(mount, (0,external_node_path_.join)(out, mount.file), report, { state, context, deps, warnings });
        }
        catch (error) {
            report.reason = (0,log_line/* errorText */.kc)(error);
            warnings.push(`cache mount ${mount.label}: not saved: ${(0,log_line/* errorText */.kc)(error)}`);
        }
    }
    return result;
}
/**
 * Saves one extracted mount unless it is empty or unchanged, then deletes its older generations;
 * `report` says what happened.
 */
async function saveMount(mount, extracted, report, o) {
    const { state, context, deps } = o;
    const summary = await tarSummary(extracted);
    report.bytes = (await (0,promises_.stat)(extracted)).size;
    report.entries = summary.entries;
    if (summary.entries <= 1 && mount.restoredDigest === undefined) {
        report.reason = 'empty: the build did not write to it';
        return;
    }
    if (summary.digest === mount.restoredDigest) {
        report.outcome = 'unchanged';
        report.reason = `the content restored from ${mount.restoredKey} is unchanged`;
        return;
    }
    // Saved from the path it is restored to: @actions/cache ties an entry to its paths.
    const path = tarPath(state.dir, mount.file);
    await (0,promises_.mkdir)((0,external_node_path_.join)(state.dir, 'src'), { recursive: true });
    await (0,promises_.rename)(extracted, path);
    const scope = mountScope(state.scope, mount.identity);
    const savedAt = deps.now();
    const key = (0,keys/* localCacheKey */.jR)({
        scope,
        commit: context.commit,
        runId: context.runId,
        runAttempt: context.runAttempt,
        savedAt,
    }, MOUNT_KEY_PREFIX);
    report.key = key;
    const id = await deps.saveCache([path], key);
    if (id === -1) {
        report.reason = `@actions/cache did not save ${key} (its log above says why)`;
        return;
    }
    report.outcome = 'saved';
    delete report.reason;
    if (deps.entries) {
        await deleteOlderGenerations({ scope, kind: MOUNT_KEY_PREFIX, ref: context.ref, savedKey: key, savedAt }, deps.entries, { deleted: report.deleted, warnings: o.warnings });
    }
}


/***/ }),

/***/ 9873:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A$: () => (/* binding */ extractDockerfile),
/* harmony export */   Oe: () => (/* binding */ buildCommand),
/* harmony export */   aL: () => (/* binding */ UnspellableError),
/* harmony export */   eK: () => (/* binding */ cacheMountFlag),
/* harmony export */   ku: () => (/* binding */ injectDockerfile)
/* harmony export */ });
/* unused harmony export mountField */
/** Where each mount sits inside the action's own builds. */
const MOUNT_ROOT = '/cache-mount';
const SOURCE = '/cache-src';
const OUT = '/cache-out';
/** An id or image this code cannot spell in a Dockerfile so that the frontend reads it back. */
class UnspellableError extends Error {
    value;
    constructor(value) {
        super(`${JSON.stringify(value)} holds a double quote, a line break or a control character: no spelling in a Dockerfile's --mount flag gives it back`);
        this.value = value;
        this.name = 'UnspellableError';
    }
}
/**
 * One `key=value` field of a `--mount` flag, spelled so that the frontend reads `value` back:
 * escaped for the word processing of each value (`\`, `$`, quotes), CSV-quoted when it holds a
 * comma, then escaped for the first reading of the flag as a word (`\`, quotes, blanks).
 */
function mountField(key, value) {
    // eslint-disable-next-line no-control-regex
    if (/["\u0000-\u001f\u007f]/.test(value))
        throw new UnspellableError(value);
    const word = value.replace(/[\\$']/g, '\\$&');
    const field = /[,"]/.test(word) ? `"${key}=${word}"` : `${key}=${word}`;
    return field.replace(/[\\"'\s]/g, '\\$&');
}
/** The options that make the identity, as a `--mount=type=cache,…` flag with our target. */
function cacheMountFlag(identity, namespace, target) {
    if (!identity.key.startsWith(`${namespace}/`))
        throw new Error(`the mount key ${identity.key} is not in the namespace "${namespace}"`);
    const fields = [
        'type=cache',
        mountField('id', identity.key.slice(namespace.length + 1)),
        `target=${target}`,
        'sharing=locked',
    ];
    if (identity.base) {
        const { uid, gid, mode } = identity.base;
        fields.push(`uid=${uid}`, `gid=${gid}`, `mode=0${mode.toString(8)}`);
    }
    if (identity.from !== undefined)
        fields.push(mountField('from', identity.from));
    return `--mount=${fields.join(',')}`;
}
const targetOf = (i) => `${MOUNT_ROOT}/${i}`;
const run = (flags, script) => `RUN ${[...flags, script.join(' && ')].join(' \\\n    ')}\n`;
/**
 * The inject Dockerfile: the `cache-src` context holds each mount's tar, unpacked into the mount
 * only when the mount is empty.
 */
function injectDockerfile(mounts, namespace, image) {
    const flags = mounts.map((m, i) => cacheMountFlag(m.identity, namespace, targetOf(i)));
    flags.push(`--mount=type=bind,from=cache-src,target=${SOURCE}`);
    const script = mounts.map((m, i) => `if [ -z "$(ls -A ${targetOf(i)})" ]; then tar -C ${targetOf(i)} -xpf ${SOURCE}/${m.file}; fi`);
    return `FROM ${image}\nARG CACHE_BUST\n${run(flags, script)}`;
}
/** The extract Dockerfile: each mount tarred inside the builder; the output holds the tars alone. */
function extractDockerfile(mounts, namespace, image) {
    const flags = mounts.map((m, i) => cacheMountFlag(m.identity, namespace, targetOf(i)));
    const script = [
        `mkdir ${OUT}`,
        ...mounts.map((m, i) => `tar -C ${targetOf(i)} -cf ${OUT}/${m.file} .`),
    ];
    const files = mounts.map((m) => `${OUT}/${m.file}`).join(' ');
    return `FROM ${image} AS copy\nARG CACHE_BUST\n${run(flags, script)}\nFROM scratch\nCOPY --from=copy ${files} /\n`;
}
/** The command line (program and arguments) of one throwaway build. */
function buildCommand(target, kind, paths, cacheBust, namespace) {
    const need = (value, what) => {
        if (value === undefined)
            throw new Error(`an ${kind} build needs ${what}`);
        return value;
    };
    const dir = paths.dockerfileDir;
    if (target.client === 'buildctl') {
        const args = [
            ...(target.addr === undefined ? [] : ['--addr', target.addr]),
            'build',
            '--frontend',
            'dockerfile.v0',
            '--local',
            `context=${dir}`,
            '--local',
            `dockerfile=${dir}`,
        ];
        if (kind === 'inject')
            args.push('--local', `cache-src=${need(paths.source, 'the tars')}`, '--opt', 'context:cache-src=local:cache-src');
        args.push('--opt', `build-arg:CACHE_BUST=${cacheBust}`);
        if (namespace !== '')
            args.push('--opt', `build-arg:BUILDKIT_CACHE_MOUNT_NS=${namespace}`);
        if (kind === 'extract')
            args.push('--output', `type=local,dest=${need(paths.output, 'an output folder')}`);
        return { program: 'buildctl', args };
    }
    const args = [
        'buildx',
        'build',
        ...(target.builder === undefined ? [] : ['--builder', target.builder]),
        '-f',
        `${dir}/Dockerfile`,
    ];
    if (kind === 'inject')
        args.push('--build-context', `cache-src=${need(paths.source, 'the tars')}`);
    args.push('--build-arg', `CACHE_BUST=${cacheBust}`);
    if (namespace !== '')
        args.push('--build-arg', `BUILDKIT_CACHE_MOUNT_NS=${namespace}`);
    args.push('--output', kind === 'inject'
        ? 'type=cacheonly'
        : `type=local,dest=${need(paths.output, 'an output folder')}`, dir);
    return { program: 'docker', args };
}


/***/ }),

/***/ 2345:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OK: () => (/* binding */ mountIdentity),
/* harmony export */   Yu: () => (/* binding */ identityString),
/* harmony export */   hv: () => (/* binding */ parseCacheMount),
/* harmony export */   yv: () => (/* binding */ MountFlagError)
/* harmony export */ });
/* harmony import */ var _cache_options_csv_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9053);
/**
 * What makes two `RUN --mount=type=cache` the same cache in BuildKit, so that the action can
 * carry a mount's content from one builder to the next (docs/cache-mounts.md). Pure.
 *
 * Facts (recorded with real BuildKit v0.24.0 and v0.32.2, __tests__/fixtures/buildkit-cache-mounts):
 * the key is `BUILDKIT_CACHE_MOUNT_NS` + `/` + the `id` (the target without its trailing slash
 * when there is no id), case-sensitive and never path-cleaned; `uid`, `gid` and `mode` give the
 * mount a base directory made with those (0, 0 and 0755 for the ones not given), so any of them
 * makes another cache, and `mode=0755` is the same as `uid=0`; `from` makes the named image the
 * base. `target`, `sharing`, `ro`, `source`, the stage and the command are not part of it.
 */

/** A mount flag the frontend would refuse, with the frontend's reason in words. */
class MountFlagError extends Error {
    flag;
    constructor(flag, reason) {
        super(`--mount=${flag}: ${reason}`);
        this.flag = flag;
        this.name = 'MountFlagError';
    }
}
const KEYS = [
    'type',
    'from',
    'source',
    'src',
    'target',
    'dst',
    'destination',
    'readonly',
    'ro',
    'readwrite',
    'rw',
    'id',
    'sharing',
    'required',
    'size',
    'mode',
    'uid',
    'gid',
    'env',
];
const unsigned = (flag, key, value, radix) => {
    const digits = radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
    const n = digits.test(value) ? Number.parseInt(value, radix) : Number.NaN;
    if (!Number.isSafeInteger(n) || n > 0xffff_ffff)
        throw new MountFlagError(flag, `${key}=${value} is not ${radix === 8 ? 'an octal' : 'a'} number`);
    return n;
};
const bool = (flag, key, value) => {
    const v = value.toLowerCase();
    if (['1', 't', 'true'].includes(v))
        return true;
    if (['0', 'f', 'false'].includes(v))
        return false;
    throw new MountFlagError(flag, `${key}=${value} is not true or false`);
};
/**
 * The cache mount of one `--mount=` flag value (after the Dockerfile's word processing), or
 * undefined for a mount of another type (bind, secret, …); `expand` is applied to each value, as
 * the frontend does (dockerfile-word.ts processWord with the build's ARGs). Throws MountFlagError
 * for a flag the frontend would refuse.
 */
function parseCacheMount(flag, expand = (value) => value) {
    let fields;
    try {
        fields = (0,_cache_options_csv_js__WEBPACK_IMPORTED_MODULE_0__/* .csvFields */ .qZ)(flag);
    }
    catch (error) {
        throw new MountFlagError(flag, error.message);
    }
    let type = 'bind';
    const m = { readOnly: false };
    for (const field of fields) {
        const at = field.indexOf('=');
        const key = (at < 0 ? field : field.slice(0, at)).toLowerCase();
        const value = at < 0 ? undefined : expand(field.slice(at + 1));
        if (!KEYS.includes(key))
            throw new MountFlagError(flag, `unexpected key '${key}'`);
        if (value === undefined) {
            if (key === 'readonly' || key === 'ro')
                m.readOnly = true;
            else if (key === 'readwrite' || key === 'rw')
                m.readOnly = false;
            else if (key !== 'required')
                throw new MountFlagError(flag, `'${key}' needs a value`);
            continue;
        }
        switch (key) {
            case 'type':
                type = value.toLowerCase();
                break;
            case 'from':
                m.from = value;
                break;
            case 'source':
            case 'src':
                m.source = value;
                break;
            case 'target':
            case 'dst':
            case 'destination':
                m.target = value;
                break;
            case 'readonly':
            case 'ro':
                m.readOnly = bool(flag, key, value);
                break;
            case 'readwrite':
            case 'rw':
                m.readOnly = !bool(flag, key, value);
                break;
            case 'id':
                // An id that expanded to nothing falls back to the target, as no id does.
                if (value === '')
                    delete m.id;
                else
                    m.id = value;
                break;
            case 'sharing': {
                const sharing = value.toLowerCase();
                if (sharing !== 'shared' && sharing !== 'private' && sharing !== 'locked')
                    throw new MountFlagError(flag, `sharing=${value}: expected shared, private or locked`);
                m.sharing = sharing;
                break;
            }
            case 'mode':
                m.mode = unsigned(flag, key, value, 8);
                break;
            case 'uid':
            case 'gid':
                m[key] = unsigned(flag, key, value, 10);
                break;
            default:
                break; // size, required, env: not a cache mount's
        }
    }
    if (type !== 'cache')
        return undefined;
    if (!m.target)
        throw new MountFlagError(flag, 'a cache mount needs a target');
    return { ...m, target: m.target };
}
const DEFAULT_MODE = 0o755;
function mountIdentity(mount, namespace = '') {
    const id = mount.id ?? mount.target.replace(/\/$/, '');
    const based = mount.uid !== undefined || mount.gid !== undefined || mount.mode !== undefined;
    return {
        key: `${namespace}/${id}`,
        ...(based
            ? { base: { uid: mount.uid ?? 0, gid: mount.gid ?? 0, mode: mount.mode ?? DEFAULT_MODE } }
            : {}),
        ...(mount.from === undefined ? {} : { from: mount.from }),
    };
}
/** One string per identity: equal exactly when BuildKit would use the same cache. */
function identityString(identity) {
    const base = identity.base
        ? `uid=${identity.base.uid},gid=${identity.base.gid},mode=${identity.base.mode.toString(8)}`
        : 'plain';
    return JSON.stringify([identity.key, base, identity.from ?? null]);
}


/***/ }),

/***/ 2195:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   planLocalCleanup: () => (/* binding */ planLocalCleanup),
/* harmony export */   restEntryStore: () => (/* binding */ restEntryStore)
/* harmony export */ });
/* harmony import */ var _keys_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2640);

/** The store over `src/github`'s REST client (complete listings only, delete by id). */
function restEntryStore(github) {
    return {
        list: (keyPrefix, ref) => github.listCaches({ key: keyPrefix, ref }),
        deleteById: async (id) => {
            // 'missing' (already gone) is as good as deleted.
            await github.deleteCache(id);
        },
    };
}
/**
 * Everything of this scope on this ref that was created before the entry just saved. Entries created
 * at or after it are kept: another job on the same ref (a matrix leg, a concurrent push) may have saved
 * a newer generation that restores will now prefer, and deleting it would leave an older one in charge.
 */
function planLocalCleanup(entries, target) {
    const ours = entries.find((e) => e.key === target.savedKey && e.ref === target.ref);
    const cutoff = ours ? ours.createdAt : target.savedAt;
    const plan = { delete: [], keep: [] };
    for (const entry of entries) {
        if (entry.ref !== target.ref || !(0,_keys_js__WEBPACK_IMPORTED_MODULE_0__/* .isScopeKey */ .c_)(entry.key, target.scope, target.kind))
            continue;
        if (entry.key === target.savedKey) {
            plan.keep.push({ entry, reason: 'saved' });
            continue;
        }
        // A missing date cannot be shown to be older: keep it.
        if (Number.isFinite(entry.createdAt) && entry.createdAt < cutoff)
            plan.delete.push(entry);
        else
            plan.keep.push({ entry, reason: 'newer' });
    }
    return plan;
}


/***/ }),

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


/***/ })

};

//# sourceMappingURL=283.index.js.map