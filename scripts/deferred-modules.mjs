// An esbuild plugin that puts each named package in the bundle as a string of code, compiled and run at its
// first require(). esbuild's own wrappers already defer *running* a package that src/ requires inside a function,
// but V8 still parses its code on every cold start; a string costs almost nothing until it is used. Measured with
// callgrind (node --single-threaded) on `require()` of the bundle: turndown (with its DOM, domino), markdown-it and
// libphonenumber-js cost about 10% of the instructions of a bundle of the SDK alone, compiled but never run.
// Only for packages src/ requires lazily (see src/platform/lazy.ts): a static import would compile the string at load,
// so eslint.config.mjs forbids one in src/, and `npm run check:bundle` (in .ci/run) fails if any is compiled
// at load.
import * as esbuild from 'esbuild'

/** The packages src/ loads at first use, bundled as strings. */
export const DEFERRED_PACKAGES = ['markdown-it', 'turndown', 'libphonenumber-js']

/** `options`: the esbuild options the packages are bundled with (the integration's own, without this plugin). */
export function deferredModules(names, options) {
  const filter = new RegExp(`^(${names.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`)
  return {
    name: 'deferred-modules',
    setup(build) {
      build.onResolve({ filter }, ({ path, resolveDir }) => ({ path, namespace: 'deferred', pluginData: resolveDir }))
      build.onLoad({ filter: /.*/, namespace: 'deferred' }, async ({ path, pluginData: resolveDir }) => {
        const { outputFiles } = await esbuild.build({
          ...options,
          stdin: { contents: `module.exports = require(${JSON.stringify(path)})`, resolveDir },
          write: false,
          outfile: 'deferred.cjs',
        })
        const code = JSON.stringify(outputFiles[0].text)
        return { contents: `new Function('module', 'exports', 'require', ${code})(module, exports, require)` }
      })
    },
  }
}
