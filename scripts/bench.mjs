// `npm run bench`: bundles bench/benchmark.ts (with the emulators and the harness) and runs it.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import * as esbuild from 'esbuild'
import { nodeBundleOptions, projectRoot } from './load-definition.mjs'

const outfile = path.join(projectRoot, '.botpress', 'bench.cjs')
await esbuild.build({
  entryPoints: [path.join(projectRoot, 'bench', 'benchmark.ts')],
  ...nodeBundleOptions,
  outfile,
  // The built bundle is loaded at run time for cold starts: keep that require() dynamic.
  external: ['*/dist/index.cjs'],
})
execFileSync(process.execPath, [outfile], { stdio: 'inherit' })
