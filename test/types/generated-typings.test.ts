import path from 'node:path'
import ts from 'typescript'

const root = path.resolve(__dirname, '../..')

/** Type-checks one snippet against the generated .botpress typings, as `npm run check:type` would. */
function diagnosticsOf(source: string): string[] {
  const file = path.join(root, 'src', '__typings_probe__.ts')
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  )!
  const host = ts.createCompilerHost(config.options)
  const readFile = host.readFile.bind(host)
  host.readFile = (name) => (path.resolve(name) === file ? source : readFile(name))
  const fileExists = host.fileExists.bind(host)
  host.fileExists = (name) => path.resolve(name) === file || fileExists(name)
  const program = ts.createProgram([file], { ...config.options, noEmit: true }, host)
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
}

const header = "import * as bp from '.botpress'\n"

describe('generated typings (the bp gen stand-in) catch mistakes in handlers', () => {
  it('accept correct handlers', () => {
    expect(
      diagnosticsOf(`${header}
export const a: bp.IntegrationProps['actions']['startHitl'] = async ({ input }) => ({ conversationId: input.userId + (input.hitlSession?.inboxId ?? '') })
export const c: bp.IntegrationProps['channels']['hitl']['messages']['text'] = async ({ payload, ack }) => { void payload.text; await ack({ tags: { hubspotMessageId: '1' } }) }
export const w: bp.IntegrationProps['handler'] = async () => ({ status: 200 })`),
    ).toEqual([])
  }, 60_000)

  it.each([
    [
      'action output field',
      "export const a: bp.IntegrationProps['actions']['startHitl'] = async () => ({ conversationID: 'x' })",
    ],
    [
      'action input field',
      "export const a: bp.IntegrationProps['actions']['startHitl'] = async ({ input }) => ({ conversationId: input.hitlSession?.inboxID ?? '' })",
    ],
    [
      'channel payload field',
      "export const c: bp.IntegrationProps['channels']['hitl']['messages']['text'] = async ({ payload }) => { void payload.txt }",
    ],
    [
      'message tag',
      "export const c: bp.IntegrationProps['channels']['hitl']['messages']['text'] = async ({ ack }) => { await ack({ tags: { hubspotMessageID: '1' } }) }",
    ],
    ['webhook response field', "export const w: bp.IntegrationProps['handler'] = async () => ({ statuss: 200 })"],
  ])(
    'reject a misspelled %s',
    (_what, snippet) => {
      expect(diagnosticsOf(`${header}${snippet}`).length).toBeGreaterThan(0)
    },
    60_000,
  )
})
