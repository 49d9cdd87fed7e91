// The `bp build` stand-in: bundles src/ into .botpress/dist/index.cjs, whose default export is the
// integration (with handler(req) and start(port)), as the Botpress CLI does.
import * as esbuild from 'esbuild'
import fs from 'node:fs/promises'
import path from 'node:path'
import { projectRoot } from './load-definition.mjs'

const started = Date.now()
const outfile = path.join(projectRoot, '.botpress', 'dist', 'index.cjs')
await esbuild.build({
  stdin: {
    contents:
      "import integration from './src/index'\nexport default integration\nexport const handler = integration.handler\n",
    resolveDir: projectRoot,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  keepNames: true,
  // Smaller bundles start faster in serverless; names are kept for readable stack traces.
  minify: !process.argv.includes('--no-minify'),
  sourcemap: false,
  outfile,
  tsconfig: path.join(projectRoot, 'tsconfig.json'),
  // axios ships ESM and CJS builds; without this both land in the bundle.
  alias: { axios: path.join(projectRoot, 'node_modules/axios/dist/node/axios.cjs') },
  logLevel: 'warning',
})
const { size } = await fs.stat(outfile)
console.log(
  `build: wrote ${path.relative(projectRoot, outfile)} (${(size / 1024).toFixed(0)} KiB) in ${Date.now() - started} ms`,
)
