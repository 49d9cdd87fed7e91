import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/**
 * The layers of src/, top to bottom: the one place that says which folder belongs where. A module imports its own
 * layer and the layers below it, never one above, so each layer can be read, tested and changed without the ones
 * that use it. A new folder (or a file directly in src/) fails the first test until it is placed here.
 */
const LAYERS: ReadonlyArray<{ name: string; paths: readonly string[] }> = [
  { name: 'entry', paths: ['index.ts', 'webhook/', 'pages/'] },
  { name: 'HITL flow', paths: ['hitl/', 'actions/'] },
  { name: 'CRM and setup', paths: ['crm/', 'setup/'] },
  { name: 'customer identity, media, rendering', paths: ['customer/', 'media/', 'render/'] },
  { name: 'HubSpot client', paths: ['hubspot/'] },
  { name: 'configuration and platform helpers', paths: ['config/', 'platform/'] },
]

const SRC = path.resolve(__dirname, '../../src')

/** The layer's index (0 is the top), or -1 for a file no layer claims. */
const layerOf = (file: string): number =>
  LAYERS.findIndex(({ paths }) => paths.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p)))

/** Every module specifier the file names: imports, `export … from`, import types, `require()` and `import()`. */
const specifiersOf = (text: string): string[] =>
  ts.preProcessFile(text, true, true).importedFiles.map((imported) => imported.fileName)

/** The src-relative file a relative specifier names, or undefined for a package or a file outside src/. */
function resolve(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  if (!/^\.\.?(\/|$)/.test(specifier)) return undefined
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier))
  return [`${base}.ts`, `${base}/index.ts`].find((candidate) => files.has(candidate))
}

/** Each import of a layer above the importing module's own, as `importer -> imported`. */
function upwardImports(sources: ReadonlyMap<string, string>): string[] {
  const files = new Set(sources.keys())
  const upward: string[] = []
  for (const [file, text] of sources) {
    for (const specifier of specifiersOf(text)) {
      const target = resolve(file, specifier, files)
      if (target !== undefined && layerOf(target) < layerOf(file)) upward.push(`${file} -> ${target}`)
    }
  }
  return upward
}

function sourcesOfSrc(): Map<string, string> {
  const sources = new Map<string, string>()
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name.endsWith('.ts')) sources.set(path.relative(SRC, full).split(path.sep).join('/'), '')
    }
  }
  walk(SRC)
  for (const file of sources.keys()) sources.set(file, fs.readFileSync(path.join(SRC, file), 'utf8'))
  return sources
}

describe('one-way layers in src/', () => {
  const sources = sourcesOfSrc()

  it('places every file of src/ in a layer', () => {
    expect([...sources.keys()].filter((file) => layerOf(file) < 0)).toEqual([])
  })

  it('has no module that imports a layer above its own', () => {
    expect(upwardImports(sources)).toEqual([])
  })

  it('finds upward imports in every form a module can name another', () => {
    const fixture = new Map([
      ['hubspot/index.ts', ''],
      ['hitl/session.ts', ''],
      ['render/split-text.ts', ''],
      ['crm/contacts.ts', "import { session } from '../hitl/session'\nimport { hubspot } from '../hubspot'"],
      ['crm/types.ts', "import type { Session } from '../hitl/session'"],
      ['setup/inboxes.ts', "export { session } from '../hitl/session'"],
      ['media/fetch.ts', "const lazy = () => require('../setup/inboxes')\nimport('../crm/contacts')"],
      ['hubspot/http.ts', "import { split } from '../render/split-text'\nimport { index } from '.'"],
    ])
    expect(upwardImports(fixture).sort()).toEqual([
      'crm/contacts.ts -> hitl/session.ts',
      'crm/types.ts -> hitl/session.ts',
      'hubspot/http.ts -> render/split-text.ts',
      'media/fetch.ts -> crm/contacts.ts',
      'media/fetch.ts -> setup/inboxes.ts',
      'setup/inboxes.ts -> hitl/session.ts',
    ])
  })
})
