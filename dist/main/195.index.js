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


/***/ })

};

//# sourceMappingURL=195.index.js.map