export const id = 449;
export const ids = [449];
export const modules = {

/***/ 5449:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  renderMountsReport: () => (/* binding */ renderMountsReport)
});

// EXTERNAL MODULE: ./src/runner/log-line.ts
var log_line = __webpack_require__(3403);
;// CONCATENATED MODULE: ./src/markdown.ts
/**
 * Markdown for the job summaries (pruning, `type=local`, the builder's cache): cells that carry
 * values from the cache or the environment, and tables. Pure.
 */

/**
 * Text safe inside a Markdown table cell, shown as it is: no HTML, no pipes, no line breaks (LF,
 * CRLF, and a lone CR, which CommonMark also ends a line at), no links, images or autolinks, no
 * emphasis or strike-through (Markdown inside `<code>` is still rendered, and cache keys are
 * anybody's to choose: a fork's pull request writes any), and no control or bidirectional
 * characters (written as `\u{…}`).
 */
function escapeCell(text) {
    return (0,log_line/* visibleText */.Q6)(text)
        .replace(/&/g, '&amp;')
        .replace(/\\/g, '&#92;')
        .replace(/\*/g, '&#42;')
        .replace(/_/g, '&#95;')
        .replace(/~/g, '&#126;')
        .replace(/:(?=\/\/)/g, '&#58;')
        .replace(/@/g, '&#64;')
        .replace(/\b(www)\./gi, '$1&#46;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\|/g, '&#124;')
        .replace(/`/g, '&#96;')
        .replace(/\[/g, '&#91;')
        .replace(/\]/g, '&#93;')
        .replace(/\r\n?|\n/g, ' ');
}
/** A value in a cell, as code. */
const code = (text) => `<code>${escapeCell(text)}</code>`;
/** A Markdown table; rows past `maxRows` become one "… and N more" row. */
function table(header, rows, maxRows) {
    const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
    for (const row of rows.slice(0, maxRows))
        lines.push(`| ${row.join(' | ')} |`);
    if (rows.length > maxRows) {
        lines.push(`| … and ${rows.length - maxRows} more | ${header
            .slice(1)
            .map(() => '')
            .join(' | ')} |`);
    }
    return lines;
}

// EXTERNAL MODULE: ./src/units.ts
var units = __webpack_require__(1996);
;// CONCATENATED MODULE: ./src/cache-mounts/report.ts
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
    const out = [`### Cache mounts: ${(0,units/* plural */.LS)(result.mounts.length, 'mount')}`, ''];
    const rows = result.mounts.map((m) => [
        code(m.label),
        m.bytes === undefined ? '–' : (0,units/* formatBytes */.z3)(m.bytes),
        m.restoredKey === undefined ? 'no' : m.injected ? 'yes, injected' : 'yes, not injected',
        m.outcome === 'not-saved' && m.reason ? `not saved: ${escapeCell(m.reason)}` : SAVED[m.outcome],
    ]);
    out.push(...table(['Mount', 'Size (tar)', 'Restored', 'Saved'], rows, MAX_ROWS), '');
    const times = [
        ...(result.injectMs === undefined ? [] : [`inject ${seconds(result.injectMs)}`]),
        ...(result.extractMs === undefined ? [] : [`extract ${seconds(result.extractMs)}`]),
    ];
    if (times.length > 0)
        out.push(`One build each for all mounts: ${times.join(', ')}.`, '');
    for (const warning of [...restoreWarnings, ...result.warnings])
        out.push(`> :warning: ${escapeCell(warning)}`, '');
    return out.join('\n');
}


/***/ })

};

//# sourceMappingURL=449.index.js.map