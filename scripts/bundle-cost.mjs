// What the integration's bundle costs beyond what any integration on this SDK pays: its size and its cold
// require() beside a bundle of `@botpress/sdk` alone, built with the same esbuild options in the same run.
// Cold starts are timed in fresh processes, alternating which bundle goes first, and the medians compared.
//
// `node scripts/bundle-cost.mjs` (`npm run check:bundle`, in .ci/run) checks the built bundle on CPU time, and,
// exactly, that no deferred package is compiled at load. `npm run bench` reports the same measurement on wall
// time against its tighter budgets.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import * as esbuild from 'esbuild'
import { DEFERRED_PACKAGES } from './deferred-modules.mjs'
import { integrationBundleOptions, projectRoot } from './load-definition.mjs'

export const integrationBundle = path.join(projectRoot, '.botpress', 'dist', 'index.cjs')

/**
 * `npm run bench`'s budgets, with the goals printed beside them. Size: src/ and its schemas alone, without
 * markdown-it, turndown and libphonenumber-js (each replacing a hand-written converter or parser), already make
 * about 1.16x with the same minified options on both sides; the limit guards against growth from about 1.9x.
 */
export const BENCH_LIMITS = { coldStart: 1.25, coldStartGoal: 1.2, size: 2.0, sizeGoal: 1.1, clock: 'wall' }
/**
 * The CI check's, on CPU time: a clear regression only. On the 2-core machine at load averages of 5 to 7, the
 * wall-time ratio of the same two bundles ranged from 1.1x to 2.0x while the CPU-time ratio stayed within
 * 1.28x-1.33x. Undoing the deferred loading adds less than the margin, and is caught exactly by the compile count.
 */
export const CI_LIMITS = { coldStart: 1.5, size: 2.0, clock: 'cpu' }

export async function buildSdkOnlyBundle() {
  const outfile = path.join(projectRoot, '.botpress', 'bench', 'sdk-only.cjs')
  await esbuild.build({
    stdin: { contents: "export * from '@botpress/sdk'\n", resolveDir: projectRoot, loader: 'ts' },
    ...integrationBundleOptions,
    outfile,
  })
  return outfile
}

/** require() of a bundle in a fresh process (a new serverless instance): wall and CPU time, in ms. */
const coldRequire = (file) => {
  const [wall, cpu] = execFileSync(process.execPath, [
    '-e',
    `const c=process.cpuUsage();const t=process.hrtime.bigint();require(${JSON.stringify(file)});const w=Number(process.hrtime.bigint()-t)/1e6;const u=process.cpuUsage(c);process.stdout.write(w+' '+(u.user+u.system)/1000)`,
  ])
    .toString()
    .split(' ')
    .map(Number)
  return { wall, cpu }
}

const median = (sorted) => sorted[Math.floor(sorted.length / 2)]

/** `clock`: 'wall' or 'cpu', the time compared. */
export function measureBundleCost(sdkOnly, runs, clock) {
  const files = { integration: integrationBundle, sdkOnly }
  const times = { integration: [], sdkOnly: [] }
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ['integration', 'sdkOnly'] : ['sdkOnly', 'integration']
    for (const which of order) times[which].push(coldRequire(files[which])[clock])
  }
  for (const list of Object.values(times)) list.sort((a, b) => a - b)
  const size = { integration: fs.statSync(integrationBundle).size, sdkOnly: fs.statSync(sdkOnly).size }
  const coldMs = { integration: median(times.integration), sdkOnly: median(times.sdkOnly) }
  return {
    runs,
    clock,
    times,
    size,
    coldMs,
    sizeRatio: size.integration / size.sdkOnly,
    coldRatio: coldMs.integration / coldMs.sdkOnly,
  }
}

/** Markdown table of a measurement, and what is over the given limits. */
export function reportBundleCost(cost, limits) {
  const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`
  const ms = (value) => `${value.toFixed(1)} ms`
  const verdict = (value, limit, goal) =>
    `${value.toFixed(2)}x${value <= limit ? ` ✓ ≤ ${limit}` : ` ✗ > ${limit}`}${goal ? ` (goal ${goal}x)` : ''}`
  const lines = [
    '| measure | integration | SDK only | ratio |',
    '|---|---|---|---|',
    `| size (minified) | ${kib(cost.size.integration)} | ${kib(cost.size.sdkOnly)} | ${verdict(cost.sizeRatio, limits.size, limits.sizeGoal)} |`,
    `| cold require(), ${cost.clock === 'cpu' ? 'CPU' : 'wall'} time, median of ${cost.runs} fresh processes each, interleaved | ${ms(cost.coldMs.integration)} | ${ms(cost.coldMs.sdkOnly)} | ${verdict(cost.coldRatio, limits.coldStart, limits.coldStartGoal)} |`,
    `| each cold require(), sorted (ms) | ${cost.times.integration.map((t) => t.toFixed(0)).join(', ')} | ${cost.times.sdkOnly.map((t) => t.toFixed(0)).join(', ')} | |`,
  ]
  const failures = []
  if (cost.sizeRatio > limits.size)
    failures.push(`bundle size ${cost.sizeRatio.toFixed(2)}x the SDK-only bundle > ${limits.size}x`)
  if (cost.coldRatio > limits.coldStart)
    failures.push(`cold require() ${cost.coldRatio.toFixed(2)}x the SDK-only bundle > ${limits.coldStart}x`)
  return { lines, failures }
}

/**
 * How many deferred packages the bundle carries as strings, and how many strings are compiled by require() of it
 * in a fresh process: a static import anywhere makes the second non-zero, a build without the plugin the first.
 */
export function deferredLoading(bundle) {
  const carried = fs.readFileSync(bundle, 'utf8').match(/new Function\(["']module["'],\s*["']exports["']/g) ?? []
  const compiledAtLoad = Number(
    execFileSync(process.execPath, [
      '-e',
      `let n=0;const F=Function;globalThis.Function=new Proxy(F,{construct:(t,a)=>(n++,Reflect.construct(t,a)),apply:(t,s,a)=>(n++,Reflect.apply(t,s,a))});require(${JSON.stringify(bundle)});process.stdout.write(String(n))`,
    ]).toString(),
  )
  return { carried: carried.length, compiledAtLoad }
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const cost = measureBundleCost(await buildSdkOnlyBundle(), 11, CI_LIMITS.clock)
  const { lines, failures } = reportBundleCost(cost, CI_LIMITS)
  const deferred = deferredLoading(integrationBundle)
  if (deferred.carried !== DEFERRED_PACKAGES.length)
    failures.push(
      `the bundle carries ${deferred.carried} deferred packages, expected ${DEFERRED_PACKAGES.length} (${DEFERRED_PACKAGES.join(', ')})`,
    )
  if (deferred.compiledAtLoad > 0)
    failures.push(`${deferred.compiledAtLoad} deferred packages compiled at load: something imports one statically`)
  console.log(
    [
      ...lines,
      `| deferred packages carried as strings / compiled at load | ${deferred.carried} / ${deferred.compiledAtLoad} | | |`,
    ].join('\n'),
  )
  for (const failure of failures) console.error(`check:bundle: ${failure}`)
  process.exitCode = failures.length > 0 ? 1 : 0
}
