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

/** Every name .botpress/index.ts exports, namespaces walked, with what it is (type, class or value). */
function exportedNames(): string[] {
  const file = path.join(root, '.botpress', 'index.ts')
  const program = ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: true })
  const checker = program.getTypeChecker()
  const names: string[] = []
  const walk = (module: ts.Symbol, prefix: string) => {
    for (const exported of checker.getExportsOfModule(module)) {
      const name = prefix + exported.name
      if (exported.flags & ts.SymbolFlags.Namespace) walk(exported, `${name}.`)
      else if (exported.flags & ts.SymbolFlags.Class) names.push(`${name} (class)`)
      else if (exported.flags & ts.SymbolFlags.Value) names.push(`${name} (value)`)
      else names.push(name)
    }
  }
  walk(checker.getSymbolAtLocation(program.getSourceFile(file)!)!, '')
  return names.sort()
}

/**
 * What the Botpress CLI's own generator (packages/cli/src/code-generation/integration-implementation at
 * botpress/botpress 81e2bfdfff02, where packages/sdk is 5.4.3) exported when run on this definition; each of
 * these types was also found identical to gen.mjs's. See docs/botpress-cli.md.
 */
const NAMES_THE_CLI_EXPORTS = [
  'AckFunctions',
  'ActionProps',
  'AnyAckFunction',
  'AnyActionProps',
  'AnyMessageProps',
  'Client',
  'ClientOperation',
  'ClientRequests',
  'ClientResponses',
  'CommonHandlerProps',
  'Context',
  'HandlerProps',
  'Integration (class)',
  'IntegrationProps',
  'Logger',
  'MessageProps',
  'TIntegration',
  'actions.Actions',
  'actions.createUser.CreateUser',
  'actions.createUser.input.Input',
  'actions.createUser.output.Output',
  'actions.getContactContext.GetContactContext',
  'actions.getContactContext.input.Input',
  'actions.getContactContext.output.Output',
  'actions.postInternalNote.PostInternalNote',
  'actions.postInternalNote.input.Input',
  'actions.postInternalNote.output.Output',
  'actions.searchContacts.SearchContacts',
  'actions.searchContacts.input.Input',
  'actions.searchContacts.output.Output',
  'actions.startHitl.StartHitl',
  'actions.startHitl.input.Input',
  'actions.startHitl.output.Output',
  'actions.stopHitl.StopHitl',
  'actions.stopHitl.input.Input',
  'actions.stopHitl.output.Output',
  'channels.Channels',
  'channels.hitl.Hitl',
  'channels.hitl.Messages',
  'channels.hitl.audio.Audio',
  'channels.hitl.bloc.Bloc',
  'channels.hitl.file.File',
  'channels.hitl.image.Image',
  'channels.hitl.text.Text',
  'channels.hitl.video.Video',
  'configuration.Configuration',
  'configurations.Configurations',
  'entities.Entities',
  'entities.ticket.Ticket',
  'events.Events',
  'events.customerMessageRelayed.CustomerMessageRelayed',
  'events.hitlAssigned.HitlAssigned',
  'events.hitlStopped.HitlStopped',
  'events.ticketPropertyChanged.TicketPropertyChanged',
  'secrets (value)',
  'states.States',
  'states.channel.Channel',
  'states.credentials.Credentials',
  'states.oauthRequests.OauthRequests',
  'states.sessionEnd.SessionEnd',
  'states.ticketSubscriptions.TicketSubscriptions',
]

describe('generated typings have the names and shapes the real Botpress CLI generates', () => {
  it('export exactly the names the CLI exports for this definition', () => {
    expect(exportedNames()).toEqual(NAMES_THE_CLI_EXPORTS)
  }, 60_000)

  it("type each state as its type and payload, and the handler props under the CLI's names", () => {
    expect(
      diagnosticsOf(`${header}
export const credentials: bp.states.credentials.Credentials = { type: 'integration', payload: { hubId: 1 } }
export const sessionEnd: bp.states.States['sessionEnd'] = { type: 'conversation', payload: { closedAt: '', closedBy: 'agent', claim: '', claimedAt: 0 } }
export const pending: bp.states.oauthRequests.OauthRequests['payload']['pending'][string] = { expiresAt: 0, switchAccount: false }
export const channelType: bp.states.channel.Channel['type'] = 'integration'
export const path = (props: bp.HandlerProps): string => props.req.path
export const common = ({ ctx, client, logger }: bp.CommonHandlerProps) => [ctx.integrationId, client.getState, logger.forBot()]
export const userId = (props: bp.ActionProps['startHitl']): string => props.input.userId
export const text = (props: bp.MessageProps['hitl']['text']): string => props.payload.text
export const ack = (ack: bp.AckFunctions['hitl']['text']) => ack({ tags: { hubspotMessageId: '1' } })
export const request: bp.ClientRequests['getState'] = { type: 'integration', id: 'i', name: 'credentials' }
export const user = (response: bp.ClientResponses['getUser']): string => response.user.id
export const message: bp.channels.hitl.text.Text = { text: 'hello' }
export const input: bp.actions.startHitl.input.Input['userId'] = 'u'`),
    ).toEqual([])
  }, 60_000)

  it.each([
    ['a state as its bare payload', 'export const c: bp.states.credentials.Credentials = { hubId: 1 }'],
    [
      'a state of the wrong type',
      "export const c: bp.states.credentials.Credentials = { type: 'conversation', payload: {} }",
    ],
    ['a payload name the CLI does not export', 'export type P = bp.states.credentials.payload.Payload'],
    ['a misspelled action input in ActionProps', "export const f = (p: bp.ActionProps['startHitl']) => p.input.userID"],
  ])(
    'reject %s',
    (_what, snippet) => {
      expect(diagnosticsOf(`${header}${snippet}`).length).toBeGreaterThan(0)
    },
    60_000,
  )
})

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
