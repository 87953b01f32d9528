export const id = 195;
export const ids = [195];
export const modules = {

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


/***/ })

};

//# sourceMappingURL=195.index.js.map