// Loads integration.definition.ts the way the Botpress CLI does: bundled in memory with esbuild, the SDK
// left external so that the schemas are built by the same zui copy this script inspects.
import * as esbuild from 'esbuild'
import { createRequire } from 'node:module'
import path from 'node:path'
import { DEFERRED_PACKAGES, deferredModules } from './deferred-modules.mjs'

export const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

/** What every bundle of the project's TypeScript shares (integration, sandbox, benchmark). */
export const nodeBundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  tsconfig: path.join(projectRoot, 'tsconfig.json'),
  // axios ships ESM and CJS builds; without this both land in the bundle.
  alias: { axios: path.join(projectRoot, 'node_modules/axios/dist/node/axios.cjs') },
  logLevel: 'warning',
}

const deployedCodeOptions = {
  ...nodeBundleOptions,
  // What the Botpress CLI targets: the cloud runtime may be older than the Node that builds here.
  target: 'node18',
  keepNames: true,
  // Smaller bundles start faster in serverless; names are kept for readable stack traces.
  minify: true,
  sourcemap: false,
}

/**
 * What the deployed integration bundle adds (scripts/bundle.mjs). The benchmark's SDK-only reference bundle
 * is built with the same options, so the two cold starts and sizes compare like with like.
 */
export const integrationBundleOptions = {
  ...deployedCodeOptions,
  // Only rendering (markdown-it), converting (turndown) and reading phone numbers need these: src/ requires them
  // on first use, and they are not even compiled at a cold start.
  plugins: [deferredModules(DEFERRED_PACKAGES, deployedCodeOptions)],
}

export async function loadDefinition() {
  const result = await esbuild.build({
    entryPoints: [path.join(projectRoot, 'integration.definition.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['@botpress/sdk'],
    logLevel: 'silent',
  })
  const require = createRequire(path.join(projectRoot, 'integration.definition.ts'))
  const module = { exports: {} }
  new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, require)
  return module.exports.default
}
