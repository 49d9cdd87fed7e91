// `npm run bench`: measures the built bundle's size and cold start against a bundle of `@botpress/sdk` alone
// (scripts/bundle-cost.mjs), first, while no other process of the benchmark loads the machine; then bundles
// bench/benchmark.ts (with the emulators and the harness) and runs it with that measurement for its report.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import * as esbuild from 'esbuild'
import { BENCH_LIMITS, buildSdkOnlyBundle, measureBundleCost, reportBundleCost } from './bundle-cost.mjs'
import { nodeBundleOptions, projectRoot } from './load-definition.mjs'

const bundleCost = path.join(projectRoot, '.botpress', 'bench', 'bundle-cost.json')
const cost = measureBundleCost(await buildSdkOnlyBundle(), 9, BENCH_LIMITS.clock)
fs.writeFileSync(bundleCost, JSON.stringify(reportBundleCost(cost, BENCH_LIMITS)))

const outfile = path.join(projectRoot, '.botpress', 'bench.cjs')
await esbuild.build({
  entryPoints: [path.join(projectRoot, 'bench', 'benchmark.ts')],
  ...nodeBundleOptions,
  outfile,
  // The built bundle is loaded at run time for cold starts: keep that require() dynamic.
  external: ['*/dist/index.cjs'],
})
// The benchmark's own exit code (1: over a budget) is the command's, without a stack trace around it.
process.exitCode = spawnSync(process.execPath, [outfile, bundleCost], { stdio: 'inherit' }).status ?? 1
