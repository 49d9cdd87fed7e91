// `npm run bench`: bundles bench/benchmark.ts (with the emulators and the harness) and runs it, with the path
// of a reference bundle of `@botpress/sdk` alone, built with the integration's own options: the cold start
// and size of the integration are judged against what any integration on this SDK pays.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import * as esbuild from 'esbuild'
import { integrationBundleOptions, nodeBundleOptions, projectRoot } from './load-definition.mjs'

const sdkOnly = path.join(projectRoot, '.botpress', 'bench', 'sdk-only.cjs')
await esbuild.build({
  stdin: { contents: "export * from '@botpress/sdk'\n", resolveDir: projectRoot, loader: 'ts' },
  ...integrationBundleOptions,
  outfile: sdkOnly,
})

const outfile = path.join(projectRoot, '.botpress', 'bench.cjs')
await esbuild.build({
  entryPoints: [path.join(projectRoot, 'bench', 'benchmark.ts')],
  ...nodeBundleOptions,
  outfile,
  // The built bundle is loaded at run time for cold starts: keep that require() dynamic.
  external: ['*/dist/index.cjs'],
})
// The benchmark's own exit code (1: over a budget) is the command's, without a stack trace around it.
process.exitCode = spawnSync(process.execPath, [outfile, sdkOnly], { stdio: 'inherit' }).status ?? 1
