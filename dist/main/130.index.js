export const id = 130;
export const ids = [130];
export const modules = {

/***/ 7130:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   builderTarget: () => (/* binding */ builderTarget),
/* harmony export */   describeTarget: () => (/* binding */ describeTarget)
/* harmony export */ });
/**
 * `builder` as given: an address (`scheme://…`) means buildctl with `--addr`, anything else a
 * buildx builder's name. Not given: buildctl when BUILDKIT_HOST is set (buildctl reads it), else
 * whichever tool is there (buildctl first, as builder-usage does), buildx on its current builder.
 * Undefined when no tool is there.
 */
async function builderTarget(builder, buildkitHost, detect) {
    if (builder !== undefined) {
        return /^[a-z][a-z0-9+.-]*:\/\//i.test(builder)
            ? { client: 'buildctl', addr: builder }
            : { client: 'buildx', builder };
    }
    if (buildkitHost)
        return { client: 'buildctl' };
    const tool = await detect();
    return tool === undefined ? undefined : { client: tool };
}
/** The target in words, for the log. */
function describeTarget(target) {
    if (target.client === 'buildctl')
        return target.addr
            ? `buildctl --addr ${target.addr}`
            : 'buildctl (BUILDKIT_HOST or its default)';
    return target.builder
        ? `docker buildx, builder ${target.builder}`
        : 'docker buildx, current builder';
}


/***/ })

};

//# sourceMappingURL=130.index.js.map