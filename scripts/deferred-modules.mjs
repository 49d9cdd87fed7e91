// An esbuild plugin that puts each named package in the bundle as a compressed string of code, unpacked, compiled and
// run at its first require(). esbuild's own wrappers already defer *running* a package that src/ requires inside a
// function, but V8 still parses its code on every cold start; a string costs almost nothing until it is used. Measured
// with callgrind (node --single-threaded) on `require()` of the bundle: turndown (with its DOM, domino), markdown-it
// and libphonenumber-js cost about 10% of the instructions of a bundle of the SDK alone, compiled but never run.
// Brotli shrinks their 597 KiB of code to 206 KiB of base64: a third of the bytes to read and scan at every cold
// start, and of the deployed bundle, for 1 to 3 ms of unpacking each at first use (Node's own zlib, no dependency).
// Only for packages src/ requires lazily (see src/platform/lazy.ts): a static import would compile the string at load,
// so eslint.config.mjs forbids one in src/, and `npm run check:bundle` (in .ci/run) fails if any is compiled
// at load.
import * as esbuild from 'esbuild'
import zlib from 'node:zlib'

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
        // Quality 9 packs within 4% of the slowest setting in a tenth of its build time.
        const packed = zlib.brotliCompressSync(outputFiles[0].contents, {
          params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 },
        })
        const base64 = packed.toString('base64')
        const code = `require('node:zlib').brotliDecompressSync(Buffer.from('${base64}', 'base64')).toString()`
        return { contents: `new Function('module', 'exports', 'require', ${code})(module, exports, require)` }
      })
    },
  }
}
