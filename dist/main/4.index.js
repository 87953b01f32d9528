export const id = 4;
export const ids = [4];
export const modules = {

/***/ 4:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   nodeFs: () => (/* binding */ nodeFs)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/**
 * The file-system operations `type=local` needs, behind an interface so the restore and save logic
 * can be driven against a real directory in tests and benchmarks without reaching for globals.
 */

function isMissing(error) {
    const code = error.code;
    return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
const nodeFs = {
    async readFile(path) {
        try {
            return await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readFile(path);
        }
        catch (error) {
            if (isMissing(error))
                return undefined;
            throw error;
        }
    },
    async fileSize(path) {
        try {
            const stat = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.stat(path);
            return stat.isFile() ? stat.size : undefined;
        }
        catch (error) {
            if (isMissing(error))
                return undefined;
            throw error;
        }
    },
    async list(path) {
        try {
            return await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readdir(path);
        }
        catch (error) {
            if (isMissing(error))
                return undefined;
            throw error;
        }
    },
    async remove(path) {
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(path, { recursive: true, force: true });
    },
    async move(from, to) {
        try {
            await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rename(from, to);
            return true;
        }
        catch (error) {
            if (error.code === 'ENOENT')
                return false;
            throw error;
        }
    },
};


/***/ })

};

//# sourceMappingURL=4.index.js.map