export const id = 137;
export const ids = [137];
export const modules = {

/***/ 6137:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   renderMountsReport: () => (/* binding */ renderMountsReport)
/* harmony export */ });
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3758);
/* harmony import */ var _units_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1996);
/** Job-summary markdown for the cache mounts (carry.ts). Pure: result in, markdown out. */


const SAVED = {
    saved: 'saved',
    unchanged: 'unchanged, not uploaded',
    'not-saved': 'not saved',
};
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
/** Rows the summary shows at most (a Dockerfile rarely has more mounts). */
const MAX_ROWS = 50;
function renderMountsReport(result, restoreWarnings = []) {
    if (result.mounts.length === 0)
        return '';
    const out = [`### Cache mounts: ${(0,_units_js__WEBPACK_IMPORTED_MODULE_0__/* .plural */ .LS)(result.mounts.length, 'mount')}`, ''];
    const rows = result.mounts.map((m) => [
        (0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(m.label),
        m.bytes === undefined ? '–' : (0,_units_js__WEBPACK_IMPORTED_MODULE_0__/* .formatBytes */ .z3)(m.bytes),
        m.restoredKey === undefined ? 'no' : m.injected ? 'yes, injected' : 'yes, not injected',
        m.outcome === 'not-saved' && m.reason ? `not saved: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeCell */ .kq)(m.reason)}` : SAVED[m.outcome],
    ]);
    out.push(...(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .table */ .tp)(['Mount', 'Size (tar)', 'Restored', 'Saved'], rows, MAX_ROWS), '');
    const times = [
        ...(result.injectMs === undefined ? [] : [`inject ${seconds(result.injectMs)}`]),
        ...(result.extractMs === undefined ? [] : [`extract ${seconds(result.extractMs)}`]),
    ];
    if (times.length > 0)
        out.push(`One build each for all mounts: ${times.join(', ')}.`, '');
    for (const warning of [...restoreWarnings, ...result.warnings])
        out.push(`> :warning: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeCell */ .kq)(warning)}`, '');
    return out.join('\n');
}


/***/ })

};

//# sourceMappingURL=137.index.js.map