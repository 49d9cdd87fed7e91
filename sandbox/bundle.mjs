// Bundles the sandbox entry points with the project's esbuild, the way scripts/bundle.mjs bundles the
// integration: TypeScript runs without a TS runner, and `.botpress` resolves through tsconfig's baseUrl.
import * as esbuild from 'esbuild'
import path from 'node:path'
import { nodeBundleOptions, projectRoot } from '../scripts/load-definition.mjs'

const ENTRIES = { sandbox: 'main.ts', 'sandbox-demo': 'demo.ts', 'sandbox-browser-test': 'sandbox.browser.ts' }

const wanted = process.argv.slice(2)
const names = wanted.length > 0 ? wanted : Object.keys(ENTRIES)
for (const name of names) if (!(name in ENTRIES)) throw new Error(`unknown sandbox entry ${name}`)

await esbuild.build({
  entryPoints: Object.fromEntries(names.map((name) => [name, path.join(projectRoot, 'sandbox', ENTRIES[name])])),
  outdir: path.join(projectRoot, '.botpress'),
  outExtension: { '.js': '.cjs' },
  ...nodeBundleOptions,
  keepNames: true,
  sourcemap: 'linked',
  // playwright-core is loaded from node_modules as is.
  external: ['playwright-core'],
})
