// The `bp build` stand-in: bundles src/ into .botpress/dist/index.cjs, whose default export is the
// integration (with handler(req) and start(port)), as the Botpress CLI does.
import * as esbuild from 'esbuild'
import fs from 'node:fs/promises'
import path from 'node:path'
import { integrationBundleOptions, projectRoot } from './load-definition.mjs'

const started = Date.now()
const outfile = path.join(projectRoot, '.botpress', 'dist', 'index.cjs')
await esbuild.build({
  stdin: {
    contents:
      "import integration from './src/index'\nexport default integration\nexport const handler = integration.handler\n",
    resolveDir: projectRoot,
    loader: 'ts',
  },
  ...integrationBundleOptions,
  ...(process.argv.includes('--no-minify') && { minify: false }),
  outfile,
})
const { size } = await fs.stat(outfile)
console.log(
  `build: wrote ${path.relative(projectRoot, outfile)} (${(size / 1024).toFixed(0)} KiB) in ${Date.now() - started} ms`,
)
