export const id = 157;
export const ids = [157];
export const modules = {

/***/ 157:
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
// EXTERNAL MODULE: ./src/local/keys.ts
var keys = __webpack_require__(6215);
// EXTERNAL MODULE: ./src/local/save.ts + 2 modules
var save = __webpack_require__(5006);
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
            scope: (0,cache_mounts_keys/* mountScope */.mf)(settings.scope, mount.identity),
            ...(settings.commit ? { commit: settings.commit } : {}),
            kind: cache_mounts_keys/* MOUNT_KEY_PREFIX */.bY,
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
        return;
    }
    report.outcome = 'saved';
    delete report.reason;
    if (deps.entries) {
        await (0,save/* deleteOlderGenerations */.x)({ scope, kind: cache_mounts_keys/* MOUNT_KEY_PREFIX */.bY, ref: context.ref, savedKey: key, savedAt }, deps.entries, { deleted: report.deleted, warnings: o.warnings });
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


/***/ })

};

//# sourceMappingURL=157.index.js.map