export const id = 457;
export const ids = [457];
export const modules = {

/***/ 1457:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  carryMountsOut: () => (/* binding */ carryMountsOut)
});

// UNUSED EXPORTS: carryMountsIn

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/builder/maintenance.ts + 1 modules
var maintenance = __webpack_require__(7820);
// EXTERNAL MODULE: ./src/builder/process.ts + 1 modules
var builder_process = __webpack_require__(1124);
// EXTERNAL MODULE: ./src/runtime.ts
var runtime = __webpack_require__(3683);
;// CONCATENATED MODULE: ./src/cache-options/access.ts


const ACTIONS_CACHE_TYPES = (/* unused pure expression or super */ null && (['gha', 'local']));
/** Types whose exports are stored under the run's ref, so only a later run of that ref reads them. */
const REF_SCOPED_TYPES = (/* unused pure expression or super */ null && (['gha', 'local', 'registry']));
function access_decideAccess(type, exportSetting, runtime, 
/** `GITHUB_REF`: a merge queue's ref is never read back (refs.ts mergeQueueBase). */
ref) {
    const queueBase = ref === undefined ? undefined : mergeQueueBase(ref);
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
        const target = tokenRefs(runtime).exportRef;
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
    if (runtime.scopes && tokenRefs(runtime).writable.length === 0) {
        return 'the runtime token grants no writable cache scope (a read-only token, as untrusted triggers get)';
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(7242);
// EXTERNAL MODULE: ./src/steps/prune-and-report.ts + 67 modules
var prune_and_report = __webpack_require__(8569);
// EXTERNAL MODULE: ./src/local/rate-limited-save.ts
var rate_limited_save = __webpack_require__(1758);
// EXTERNAL MODULE: ./src/inputs.ts + 7 modules
var inputs = __webpack_require__(1170);
// EXTERNAL MODULE: ./src/runner/log.ts
var runner_log = __webpack_require__(7708);
// EXTERNAL MODULE: ./src/runner/log-line.ts
var log_line = __webpack_require__(3403);
// EXTERNAL MODULE: ./src/state.ts + 1 modules
var state = __webpack_require__(4255);
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
        __webpack_require__.e(/* import() */ 157).then(__webpack_require__.bind(__webpack_require__, 157)),
        __webpack_require__.e(/* import() */ 130).then(__webpack_require__.bind(__webpack_require__, 7130)),
    ]);
    const dockerfile = settings.mounts.kind === 'auto' ? await readDockerfile(settings.dockerfile, env) : undefined;
    const selection = selectMounts(settings.mounts, settings.buildArgs, dockerfile);
    log.group('Cache mounts');
    try {
        for (const warning of selection.warnings)
            log.warning(singleLine(`cache-mounts: ${warning}`));
        if (selection.identities.length === 0) {
            log.info('No cache mount to carry');
            return;
        }
        const runner = processRunner();
        const target = await builderTarget(settings.builder, env[Env.BuildkitHost], () => detectBuilderTool(runner));
        const access = decideAccess('gha', o.exportSetting, o.runtime, env[Env.Ref]);
        if (!target) {
            log.warning('cache-mounts: neither buildctl nor docker buildx is on PATH, so no cache mount is carried (set up buildx or BuildKit before this step)');
            return;
        }
        log.info(singleLine(`Builder: ${describeTarget(target)}; image ${settings.image}`));
        const cache = await __webpack_require__.e(/* import() */ 305).then(__webpack_require__.bind(__webpack_require__, 4305));
        // Past the inputs, nothing here fails the step: the build runs with empty mounts instead.
        const result = await restoreAndInject({
            identities: selection.identities,
            namespace: selection.namespace,
            scope: o.scope,
            dir: join(env[Env.RunnerTemp] || tmpdir(), MOUNTS_DIR),
            image: settings.image,
            target,
            ...(env[Env.Sha] ? { commit: env[Env.Sha] } : {}),
            importEnabled: access.importEnabled,
        }, {
            restoreCache: cache.restoreCache,
            saveCache: cache.saveCache,
            isFeatureAvailable: cache.isFeatureAvailable,
            run: runner,
            now: Date.now,
        }).catch((error) => {
            log.warning(singleLine(`cache-mounts: restoring the cache mounts failed, so the build starts them empty: ${errorText(error)}`));
            return undefined;
        });
        if (!result)
            return;
        for (const line of result.lines)
            log.info(singleLine(line));
        for (const warning of result.warnings)
            log.warning(`cache-mounts: ${singleLine(warning)}`);
        saveMountsState({
            version: 1,
            mounts: result.state,
            exportEnabled: access.exportEnabled,
            exportReason: access.exportReason,
            restoreWarnings: result.warnings,
        });
    }
    finally {
        log.endGroup();
    }
}
/** The Dockerfile `cache-mounts: auto` reads; none there is bad input. */
async function readDockerfile(given, env) {
    const path = isAbsolute(given) ? given : join(env[Env.Workspace] || process.cwd(), given);
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined)
        throw new InputError(Input.Dockerfile, `cache-mounts: auto reads the Dockerfile, and there is none at ${path}`, 'the path of the Dockerfile the build uses, relative to the workspace (check out the repository first)');
    return { text, file: given };
}
/** Post step: extract and save the mounts the main step restored; the summary shows each. */
async function carryMountsOut(env, settings, saved) {
    const [{ extractAndSave }, { renderMountsReport }, { restEntryStore }, cache] = await Promise.all([
        __webpack_require__.e(/* import() */ 157).then(__webpack_require__.bind(__webpack_require__, 157)),
        __webpack_require__.e(/* import() */ 137).then(__webpack_require__.bind(__webpack_require__, 6137)),
        Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 2195)),
        __webpack_require__.e(/* import() */ 305).then(__webpack_require__.bind(__webpack_require__, 4305)),
    ]);
    const github = (0,prune_and_report/* jobGitHubClient */.gH)(env, settings?.githubToken);
    runner_log/* log */.Rm.group('Cache mounts');
    let result;
    try {
        result = await extractAndSave(saved.mounts, {
            ref: env[constants/* Env */.o9.Ref] ?? '',
            commit: env[constants/* Env */.o9.Sha] ?? '',
            runId: env[constants/* Env */.o9.RunId] ?? '',
            runAttempt: env[constants/* Env */.o9.RunAttempt] || '1',
            exportEnabled: saved.exportEnabled,
            exportReason: saved.exportReason,
        }, {
            restoreCache: cache.restoreCache,
            saveCache: (0,rate_limited_save/* honouringRetryAfter */.uy)(cache.saveCache, runner_log/* log */.Rm.info),
            isFeatureAvailable: cache.isFeatureAvailable,
            run: (0,builder_process/* processRunner */.q)(),
            now: Date.now,
            ...(github ? { entries: restEntryStore(github) } : {}),
        });
        for (const line of result.lines)
            runner_log/* log */.Rm.info((0,log_line/* singleLine */.pF)(line));
        for (const m of result.mounts) {
            runner_log/* log */.Rm.info((0,log_line/* singleLine */.pF)(`${m.label}: ${m.outcome}${m.key ? ` as ${m.key}` : ''}${m.reason ? ` (${m.reason})` : ''}`));
            for (const entry of m.deleted)
                runner_log/* log */.Rm.info((0,log_line/* singleLine */.pF)(`Deleted the older generation ${entry.key} (id ${entry.id})`));
        }
    }
    finally {
        runner_log/* log */.Rm.endGroup();
    }
    for (const warning of result.warnings)
        runner_log/* log */.Rm.warning(`cache-mounts: ${(0,log_line/* singleLine */.pF)(warning)}`);
    if (settings?.summary ?? true)
        await (0,runner_log/* writeSummary */.Sy)(() => `${renderMountsReport(result, saved.restoreWarnings)}\n`);
}


/***/ })

};

//# sourceMappingURL=457.index.js.map