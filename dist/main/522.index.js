export const id = 522;
export const ids = [522,195];
export const modules = {

/***/ 4522:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  extractAndSave: () => (/* binding */ extractAndSave),
  restoreAndInject: () => (/* binding */ restoreAndInject)
});

// EXTERNAL MODULE: ./src/log-line.ts
var log_line = __webpack_require__(6420);
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





async function saveLocalCache(state, context, deps) {
    const report = { outcome: 'failed', deleted: [], warnings: [] };
    const done = (outcome, reason) => Object.assign(report, { outcome, reason });
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
            cacheId = await deps.saveCache([paths.cachePattern], key);
        }
        catch (error) {
            return done('not-saved', `Saving ${key} failed: ${errorText(error)}`);
        }
        if (cacheId === -1) {
            return done('not-saved', `@actions/cache did not save ${key} (its log above says why: a read-only cache, a rate limit, or a failed upload).`);
        }
        report.cacheId = cacheId;
        done('saved');
        if (!deps.entries) {
            report.warnings.push('No github-token: older type=local generations of this scope stay until the pruner removes them.');
            return report;
        }
        await deleteOlderGenerations({ scope: state.scope, ref: context.ref, savedKey: key, savedAt }, deps.entries, report);
        return report;
    }
    catch (error) {
        return done('failed', errorText(error));
    }
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
// EXTERNAL MODULE: ./src/cache-mounts/keys.ts
var cache_mounts_keys = __webpack_require__(8087);
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
            const fields = [
                type === '\0' ? '0' : type,
                normal,
                (numberField(block, 100, 8) & 0o7777).toString(8),
                pax.get('uid') ?? String(numberField(block, 108, 8)),
                pax.get('gid') ?? String(numberField(block, 116, 8)),
                hasContent ? String(size) : '',
                link,
                type === '3' || type === '4'
                    ? `${numberField(block, 329, 8)}:${numberField(block, 337, 8)}`
                    : '',
                hasContent ? content.digest('hex') : '',
            ];
            lines.push([normal, fields.join('\0')]);
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
        label: (0,cache_mounts_keys/* mountLabel */.W)(identity, namespace),
        file: `${(0,cache_mounts_keys/* mountHash */.WF)(identity)}.tar`,
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
        const scope = (0,cache_mounts_keys/* mountScope */.mf)(settings.scope, mount.identity);
        const path = tarPath(dir, mount.file);
        try {
            const restoredKey = await (0,keys/* restoreNewest */.Di)(deps.restoreCache, [path], {
                scope,
                ...(settings.commit ? { commit: settings.commit } : {}),
                kind: cache_mounts_keys/* MOUNT_KEY_PREFIX */.bY,
            });
            if (restoredKey === undefined) {
                lines.push(`${mount.label}: nothing saved yet; it starts empty`);
                continue;
            }
            const summary = await tarSummary(path);
            Object.assign(mount, { restoredKey, restoredDigest: summary.digest });
            lines.push(`${mount.label}: restored ${restoredKey} (${summary.entries} entries, ${summary.contentBytes} bytes of content)`);
        }
        catch (error) {
            await (0,promises_.rm)(path, { force: true });
            warnings.push(`cache mount ${mount.label}: restore failed, it starts empty: ${(0,log_line/* errorText */.kc)(error)}`);
        }
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
        const extracted = (0,external_node_path_.join)(out, mount.file);
        try {
            const summary = await tarSummary(extracted);
            report.bytes = (await (0,promises_.stat)(extracted)).size;
            report.entries = summary.entries;
            if (summary.entries <= 1 && mount.restoredDigest === undefined) {
                report.reason = 'empty: the build did not write to it';
                continue;
            }
            if (summary.digest === mount.restoredDigest) {
                report.outcome = 'unchanged';
                report.reason = `the content restored from ${mount.restoredKey} is unchanged`;
                continue;
            }
            // Saved from the path it is restored to: @actions/cache ties an entry to its paths.
            const path = tarPath(state.dir, mount.file);
            await (0,promises_.mkdir)((0,external_node_path_.join)(state.dir, 'src'), { recursive: true });
            await (0,promises_.rename)(extracted, path);
            const scope = (0,cache_mounts_keys/* mountScope */.mf)(state.scope, mount.identity);
            const savedAt = deps.now();
            const key = (0,keys/* localCacheKey */.jR)({
                scope,
                commit: context.commit,
                runId: context.runId,
                runAttempt: context.runAttempt,
                savedAt,
            }, cache_mounts_keys/* MOUNT_KEY_PREFIX */.bY);
            report.key = key;
            const id = await deps.saveCache([path], key);
            if (id === -1) {
                report.reason = `@actions/cache did not save ${key} (its log above says why)`;
                continue;
            }
            report.outcome = 'saved';
            delete report.reason;
            if (deps.entries) {
                const cleanup = { deleted: report.deleted, warnings };
                await deleteOlderGenerations({ scope, kind: cache_mounts_keys/* MOUNT_KEY_PREFIX */.bY, ref: context.ref, savedKey: key, savedAt }, deps.entries, cleanup);
            }
        }
        catch (error) {
            report.reason = (0,log_line/* errorText */.kc)(error);
            warnings.push(`cache mount ${mount.label}: not saved: ${(0,log_line/* errorText */.kc)(error)}`);
        }
    }
    return result;
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

//# sourceMappingURL=522.index.js.map