/**
 * REGRESSION TEST for a bug the bad-input suite found (fixed in src/config/input-validation.ts: every action input and,
 * at register, the configuration are checked against the definition's resolved schemas; an empty conversationId
 * is refused by name in src/hitl/find-session.ts). It was:
 *
 * The SDK server does not validate action inputs nor the configuration (the platform does), and the integration
 * does not either. Where a value is not what the code expects, it throws a TypeError, which the SDK answers with
 * its generic "An unexpected error occurred in the integration…" (status 400, the stack in the logs): the bot
 * builder learns nothing. One case is valid per the schema (`stopHitl` with `conversationId: ''`, which the
 * Botpress client turns into `GET /v1/chat/conversations/`, a list, so `conversation` is undefined in
 * src/hitl/stop-hitl.ts). And `register` accepts what it cannot check with HubSpot: `inboxIds: []` registers a
 * channel with no inbox (startHitl then fails with "Inbox undefined is not one of the HubSpot inboxes this integration may use
 * ()"), and without a refresh token any inboxIds are accepted.
 */
import { errorMessageOf } from '../../emulators/botpress/runtime-call'
import { useHarness } from '../support/harness'
import { escalate, registeredHarness } from '../support/scenario'

const harness = useHarness()

describe('actions answer a clear error to inputs their schema refuses', () => {
  it.each([
    ['stopHitl', { conversationId: '' }, /conversationId is empty/],
    ['createUser', null, /Invalid input for createUser: Expected object, received null/],
    ['createUser', { name: 'Ada', email: 5 }, /Invalid input for createUser: email: Expected string, received number/],
    ['getContactContext', { email: 5 }, /Invalid input for getContactContext: email: Expected string/],
    ['postInternalNote', { conversationId: 'CONVERSATION', text: 5 }, /Invalid input for postInternalNote: text:/],
  ] as const)('%s with %j gets an error naming what is wrong', async (type, input, expected) => {
    const h = await registeredHarness(harness())
    const { conversationId } = await escalate(h)
    const withIds = JSON.parse(JSON.stringify(input ?? null).replace('CONVERSATION', conversationId)) as unknown
    const response = await h.call('action_triggered', { type, input: withIds })
    expect(response.status).toBe(400)
    expect(errorMessageOf(response.body)).toMatch(expected)
  })
})

describe('register checks the configuration it cannot check with HubSpot', () => {
  it.each([
    ['missing', undefined, /inboxIds: Required/],
    ['null', null, /inboxIds: Expected array, received null/],
    ['a string', '147001', /inboxIds: Expected array, received string/],
  ])('inboxIds %s: an error naming the field, nothing created', async (_name, inboxIds, expected) => {
    const h = harness()
    const response = await h.register({ ...h.config, inboxIds } as never)
    expect(response.status).toBe(400)
    expect(errorMessageOf(response.body)).toMatch(expected)
    expect(h.hubspot.channels()).toHaveLength(0)
  })

  it.each([
    ['[] with a connected account', [], true],
    ["['abc'] without a refresh token", ['abc'], false],
  ])('inboxIds %s: refused, no channel created', async (_name, inboxIds, connected) => {
    const h = harness()
    const config = { ...h.config, inboxIds, ...(connected ? {} : { refreshToken: undefined }) }
    const response = await h.register(config as never)
    expect(response.status).toBe(400)
    expect(h.hubspot.channels()).toHaveLength(0)
  })
})
