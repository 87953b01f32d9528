export const id = 356;
export const ids = [356];
export const modules = {

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

/***/ 7356:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  mountsFromLines: () => (/* binding */ mountsFromLines),
  selectMounts: () => (/* binding */ selectMounts)
});

// EXTERNAL MODULE: ./src/cache-mounts/commands.ts
var commands = __webpack_require__(9873);
;// CONCATENATED MODULE: ./src/cache-mounts/dockerfile-word.ts
/**
 * The Dockerfile frontend's word processing, as far as a RUN flag needs it: backslash escapes,
 * single and double quotes, and `$VAR` / `${VAR}` / `${VAR:-default}` / `${VAR:+alternative}`
 * from the build's ARGs and ENVs (an unknown one is empty, as BuildKit makes it). Pure.
 *
 * A `--mount` flag goes through it once as a whole and each of its values once more, which is
 * why a literal `$` in an id takes `\\$` (the fixtures' edge cases).
 */
function processWord(text, env = new Map(), 
/** The Dockerfile's escape character (`# escape=` directive): `\\` or a backtick. */
escape = '\\') {
    let out = '';
    let i = 0;
    const expand = () => {
        // At a `$`: the variable's value, or the `$` itself when no name follows.
        if (text[i + 1] === '{') {
            const end = text.indexOf('}', i + 2);
            if (end < 0)
                throw new Error(`missing '}' in ${JSON.stringify(text)}`);
            const inner = text.slice(i + 2, end);
            i = end + 1;
            const op = /^([A-Za-z_][A-Za-z0-9_]*)(?::([-+])(.*))?$/s.exec(inner);
            if (!op)
                throw new Error(`unsupported substitution \${${inner}} in ${JSON.stringify(text)}`);
            const [, name, kind, word] = op;
            const value = env.get(name);
            if (kind === '-')
                return value ? value : processWord(word ?? '', env, escape);
            if (kind === '+')
                return value ? processWord(word ?? '', env, escape) : '';
            return value ?? '';
        }
        const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))?.[0];
        if (!name) {
            i++;
            return '$';
        }
        i += 1 + name.length;
        return env.get(name) ?? '';
    };
    while (i < text.length) {
        const c = text[i];
        if (c === escape) {
            if (i + 1 < text.length)
                out += text[i + 1];
            i += 2;
        }
        else if (c === "'") {
            const end = text.indexOf("'", i + 1);
            if (end < 0)
                throw new Error(`unterminated ' in ${JSON.stringify(text)}`);
            out += text.slice(i + 1, end);
            i = end + 1;
        }
        else if (c === '"') {
            i++;
            for (;;) {
                if (i >= text.length)
                    throw new Error(`unterminated " in ${JSON.stringify(text)}`);
                const d = text[i];
                if (d === '"') {
                    i++;
                    break;
                }
                if (d === escape && ['"', escape, '$'].includes(text[i + 1] ?? '')) {
                    out += text[i + 1];
                    i += 2;
                }
                else if (d === '$')
                    out += expand();
                else {
                    out += d;
                    i++;
                }
            }
        }
        else if (c === '$')
            out += expand();
        else {
            out += c;
            i++;
        }
    }
    return out;
}

// EXTERNAL MODULE: ./src/cache-mounts/identity.ts
var cache_mounts_identity = __webpack_require__(2345);
;// CONCATENATED MODULE: ./src/cache-mounts/dockerfile.ts
/**
 * The cache mounts a Dockerfile's RUN instructions use, read as BuildKit's Dockerfile frontend
 * reads them (docs/cache-mounts.md): parser directives (`# escape=`), comments, line
 * continuations, heredoc bodies (skipped), stages, `ARG` and `ENV` for the values of mount flags,
 * and the `--mount` flags themselves. Pure: the text and the build arguments in, the mounts and
 * warnings out.
 *
 * The frontend reads a flag twice: once as a word of the instruction (quotes removed, the escape
 * character escapes the next one, nothing expanded: builderFlags), then each value of the flag's
 * CSV fields with the stage's variables (dockerfile-word.ts processWord). A variable this code
 * cannot know (an ARG without a default that the build arguments do not set, or one the base
 * image's ENV may set) leaves the mount out with a warning naming it: the action never guesses an
 * identity.
 */


/** Instructions whose arguments may open heredocs (`<<EOF`), whose bodies follow the line. */
const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);
/** A heredoc opener as a word of its own: `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'`. */
const HEREDOC = /(?<!\S)<<(-?)(["']?)([A-Za-z0-9_.-]+)\2(?!\S)/g;
const DIRECTIVE = /^#\s*([A-Za-z]+)\s*=\s*(.*?)\s*$/;
/**
 * The Dockerfile's instructions and its escape character. Directives count only before anything
 * else (a comment that is not one, an empty line or an instruction ends them).
 */
function instructions(text) {
    const lines = text.split(/\r?\n/);
    let escape = '\\';
    let i = 0;
    const seen = new Set();
    for (; i < lines.length; i++) {
        const directive = DIRECTIVE.exec(lines[i]);
        if (!directive)
            break;
        const name = directive[1].toLowerCase();
        if (seen.has(name))
            break;
        seen.add(name);
        if (name === 'escape') {
            const value = directive[2];
            if (value !== '\\' && value !== '`')
                throw new Error(`line ${i + 1}: escape=${value}: the escape character must be \\ or \``);
            escape = value;
        }
    }
    const continued = new RegExp(`${escape === '\\' ? '\\\\' : '`'}[ \\t]*$`);
    const comment = /^\s*#/;
    const list = [];
    while (i < lines.length) {
        const start = i;
        let line = lines[i++];
        if (line.trim() === '' || comment.test(line))
            continue;
        let joined = '';
        // Continuations: comment and empty lines inside one are dropped, as the frontend does.
        while (continued.test(line) && i < lines.length) {
            joined += line.replace(continued, '');
            do
                line = lines[i++];
            while (i < lines.length && (line.trim() === '' || comment.test(line)));
        }
        joined += continued.test(line) ? line.replace(continued, '') : line;
        const match = /^\s*(\S+)\s*(.*)$/s.exec(joined);
        const keyword = match[1].toUpperCase();
        const args = match[2];
        list.push({ keyword, args, line: start + 1 });
        if (!HEREDOC_INSTRUCTIONS.has(keyword))
            continue;
        for (const [, strip, , name] of args.matchAll(HEREDOC)) {
            while (i < lines.length) {
                const body = lines[i++];
                if ((strip ? body.replace(/^\t+/, '') : body) === name)
                    break;
            }
        }
    }
    return { escape, list };
}
/**
 * The `--flag` words at the start of an instruction's arguments, as the frontend reads them:
 * quotes removed, the escape character taking the next character literally, nothing expanded;
 * a word `--` ends them. Returns the flags without their `--` and the rest.
 */
function builderFlags(args, escape = '\\') {
    const flags = [];
    let i = 0;
    for (;;) {
        while (i < args.length && /\s/.test(args[i]))
            i++;
        if (!args.startsWith('--', i))
            return { flags, rest: args.slice(i) };
        let word = '';
        let quote;
        let quoted = false;
        for (; i < args.length; i++) {
            let c = args[i];
            if (quote === undefined && /\s/.test(c))
                break;
            if (quote === undefined && (c === '"' || c === "'")) {
                quote = c;
                quoted = true;
                continue;
            }
            if (c === quote) {
                quote = undefined;
                continue;
            }
            if (c === escape) {
                if (i + 1 === args.length)
                    continue;
                c = args[++i];
            }
            word += c;
        }
        if (word === '--')
            return { flags, rest: args.slice(i).trimStart() };
        if (word.length > 0 || quoted)
            flags.push(word.slice(2));
    }
}
/**
 * Words of an `ARG` or `ENV` instruction (`a=1 "b=two words"`), quotes kept for processWord:
 * split at blanks outside quotes.
 */
function assignmentWords(args, escape) {
    const words = [];
    let word = '';
    let quote;
    for (let i = 0; i < args.length; i++) {
        const c = args[i];
        if (quote === undefined && /\s/.test(c)) {
            if (word)
                words.push(word);
            word = '';
            continue;
        }
        if (c === escape && i + 1 < args.length) {
            word += c + args[++i];
            continue;
        }
        if (quote === undefined && (c === '"' || c === "'"))
            quote = c;
        else if (c === quote)
            quote = undefined;
        word += c;
    }
    if (word)
        words.push(word);
    return words;
}
/** A map that records the names asked for and not found. */
class Tracking extends Map {
    missing = new Set();
    get(name) {
        const value = super.get(name);
        if (value === undefined)
            this.missing.add(name);
        return value;
    }
}
/**
 * Every cache mount of every stage of `text`, with BuildKit's identity. `buildArgs` are the
 * build's `--build-arg` values (`BUILDKIT_CACHE_MOUNT_NS` among them names the namespace);
 * `file` names the Dockerfile in warnings.
 */
function findCacheMounts(text, buildArgs = new Map(), file = 'Dockerfile') {
    const { escape, list } = instructions(text);
    const namespace = buildArgs.get('BUILDKIT_CACHE_MOUNT_NS') ?? '';
    const warnings = [];
    const found = new Map();
    const globalArgs = new Map();
    const stages = [];
    let stage;
    const at = (line) => `${file}:${line}`;
    for (const instruction of list) {
        const { keyword, args, line } = instruction;
        if (keyword === 'FROM') {
            const { rest } = builderFlags(args, escape);
            const [image = '', as, name] = rest.trim().split(/\s+/);
            const expanded = processWord(image, globalArgs, escape);
            const base = stages.find((s) => s.name !== undefined && s.name === expanded.toLowerCase());
            stage = {
                ...(as?.toLowerCase() === 'as' && name ? { name: name.toLowerCase() } : {}),
                env: new Map(base?.env ?? []),
                imageEnv: base ? base.imageEnv : expanded.toLowerCase() !== 'scratch',
            };
            stages.push(stage);
            continue;
        }
        if (keyword === 'ARG') {
            declareArgs(assignmentWords(args, escape), stage?.env ?? globalArgs, {
                ...(stage ? { globalArgs } : {}),
                buildArgs,
                escape,
            });
            continue;
        }
        if (!stage)
            continue;
        if (keyword === 'ENV') {
            setEnv(stage.env, assignmentWords(args, escape), escape);
            continue;
        }
        if (keyword !== 'RUN')
            continue;
        const stageName = stage.name ?? String(stages.length - 1);
        for (const flag of builderFlags(args, escape).flags) {
            if (!flag.toLowerCase().startsWith('mount='))
                continue;
            const value = flag.slice('mount='.length);
            const read = readMount(value, stage, stages, escape);
            if ('warning' in read) {
                warnings.push(`${at(line)}: ${read.warning}`);
                continue;
            }
            const { mount } = read;
            if (!mount)
                continue;
            const identity = (0,cache_mounts_identity/* mountIdentity */.OK)(mount, namespace);
            const key = (0,cache_mounts_identity/* identityString */.Yu)(identity);
            if (!found.has(key))
                found.set(key, { mount, identity, stage: stageName, line });
        }
    }
    return { mounts: [...found.values()], warnings };
}
/**
 * An `ARG` instruction's words: each name takes the build's `--build-arg`, else its default, else
 * (in a stage) the global ARG of that name; a name with none of these is unset.
 */
function declareArgs(words, env, o) {
    for (const word of words) {
        const eq = word.indexOf('=');
        const name = eq < 0 ? word : word.slice(0, eq);
        const value = o.buildArgs.get(name) ??
            (eq >= 0 ? processWord(word.slice(eq + 1), env, o.escape) : o.globalArgs?.get(name));
        if (value !== undefined)
            env.set(name, value);
        else
            env.delete(name);
    }
}
/** An `ENV` instruction's words, in either form. */
function setEnv(env, words, escape) {
    if (words.length > 0 && !words[0].includes('=')) {
        // The old form: `ENV name value with spaces`.
        env.set(words[0], processWord(words.slice(1).join(' '), env, escape));
        return;
    }
    for (const word of words) {
        const eq = word.indexOf('=');
        if (eq > 0)
            env.set(word.slice(0, eq), processWord(word.slice(eq + 1), env, escape));
    }
}
/**
 * One `--mount` value of a RUN in `stage`: the cache mount it declares (none for other mount
 * types), or why it is left out.
 */
function readMount(value, stage, stages, escape) {
    const env = new Tracking(stage.env);
    let mount;
    let refused;
    try {
        mount = (0,cache_mounts_identity/* parseCacheMount */.hv)(value, (v) => processWord(v, env, escape));
    }
    catch (error) {
        refused = error instanceof cache_mounts_identity/* MountFlagError */.yv ? error.message : String(error);
    }
    // A value this code cannot know explains a refusal too (an empty target, say).
    if (env.missing.size === 0 && refused !== undefined) {
        return { warning: `${refused}; BuildKit would refuse it too: left out` };
    }
    if (env.missing.size > 0 && (mount !== undefined || refused !== undefined)) {
        const names = [...env.missing].map((n) => `$${n}`).join(', ');
        const why = stage.imageEnv
            ? 'no value this action can know (an ARG without a default that build-args does not set, or the base image’s ENV)'
            : 'no value here (an ARG without a default that build-args does not set; a global ARG must be declared again in the stage)';
        return {
            warning: `the cache mount "${value}" uses ${names}, which has ${why}: left out, not guessed`,
        };
    }
    if (mount?.from !== undefined && stages.some((s) => s.name === mount.from.toLowerCase())) {
        return {
            warning: `the cache mount "${value}" takes its base from the stage "${mount.from}", which the action's own builds cannot reproduce: left out`,
        };
    }
    return mount ? { mount } : {};
}

// EXTERNAL MODULE: ./src/cache-options/csv.ts
var csv = __webpack_require__(9053);
;// CONCATENATED MODULE: ./src/cache-mounts/spec.ts
/**
 * Which cache mounts the action carries, from its inputs (docs/cache-mounts.md). Pure: the
 * Dockerfile's text comes in read. `cache-mounts: auto` takes every cache mount of the Dockerfile
 * (dockerfile.ts); lines name them instead, as the options of a `--mount=type=cache` flag
 * (`id=gomod,target=/go/pkg/mod,uid=1000`).
 */




/**
 * The mounts of `cache-mounts` lines. Each line holds the options of a cache mount flag; it needs
 * an `id` or a `target` (without an id, BuildKit keys the mount by its target). Throws an error
 * naming the input and the line.
 */
function mountsFromLines(lines, namespace) {
    const identities = new Map();
    lines.forEach((line, i) => {
        const where = `Input "cache-mounts" line ${i + 1} (${JSON.stringify(line)})`;
        let fields;
        try {
            fields = (0,csv/* csvFields */.qZ)(line);
        }
        catch (error) {
            throw new Error(`${where}: ${error.message}`);
        }
        const keys = fields.map((f) => f.slice(0, Math.max(0, f.indexOf('='))).toLowerCase());
        if (keys.some((k) => k === 'type'))
            throw new Error(`${where}: leave out type=; every line is a cache mount`);
        const hasId = keys.includes('id');
        const hasTarget = keys.some((k) => k === 'target' || k === 'dst' || k === 'destination');
        if (!hasId && !hasTarget)
            throw new Error(`${where} has neither id= nor target=: name the mount as the Dockerfile does, e.g. id=gomod,target=/go/pkg/mod`);
        try {
            const mount = (0,cache_mounts_identity/* parseCacheMount */.hv)(['type=cache', ...(hasTarget ? [] : ['target=/']), line].join(','));
            const identity = (0,cache_mounts_identity/* mountIdentity */.OK)(mount, namespace);
            const problem = unspellable(identity, namespace);
            if (problem)
                throw new Error(problem);
            identities.set((0,cache_mounts_identity/* identityString */.Yu)(identity), identity);
        }
        catch (error) {
            const reason = error instanceof cache_mounts_identity/* MountFlagError */.yv
                ? error.message.replace(/^--mount=[^:]*: /, '')
                : error.message;
            throw new Error(`${where}: ${reason}; accepted: id, target, uid, gid, mode (octal), from, and sharing, source, ro (which do not change the cache)`);
        }
    });
    return [...identities.values()];
}
/**
 * The mounts to carry. `dockerfile` is the Dockerfile's text (for `auto`); `buildArgs` the
 * build's arguments (ARGs in ids, and BUILDKIT_CACHE_MOUNT_NS); `file` names it in warnings.
 */
function selectMounts(input, buildArgs, dockerfile) {
    const namespace = buildArgs.get('BUILDKIT_CACHE_MOUNT_NS') ?? '';
    if (input.kind === 'none')
        return { identities: [], namespace, warnings: [] };
    if (input.kind === 'lines')
        return { identities: mountsFromLines(input.lines, namespace), namespace, warnings: [] };
    if (!dockerfile)
        throw new Error('cache-mounts: auto needs the Dockerfile');
    const found = findCacheMounts(dockerfile.text, buildArgs, dockerfile.file);
    const warnings = [...found.warnings];
    const identities = [];
    for (const m of found.mounts) {
        const problem = unspellable(m.identity, namespace);
        if (problem)
            warnings.push(`${dockerfile.file}:${m.line}: ${problem}: left out`);
        else
            identities.push(m.identity);
    }
    return { identities, namespace, warnings };
}
/** Why the action's own builds cannot name this mount, if they cannot (commands.ts mountField). */
function unspellable(identity, namespace) {
    try {
        (0,commands/* cacheMountFlag */.eK)(identity, namespace, '/cache-mount/0');
        return undefined;
    }
    catch (error) {
        if (error instanceof commands/* UnspellableError */.aL)
            return `the cache mount's ${error.message}`;
        throw error;
    }
}


/***/ })

};

//# sourceMappingURL=356.index.js.map