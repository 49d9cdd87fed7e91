/** Validation, authentication, unknown routes and fault injection through the real `@botpress/client`. */
import { axiosRetry, Client } from '@botpress/client'
import { BotpressEmulator } from './botpress-emulator'
import {
  apiErrorOf,
  baseUrl,
  integrationName,
  makeClient,
  seedConversationAndUser,
  useEmulatorHarness,
} from './test-harness'

const h = useEmulatorHarness()

describe('validation and errors', () => {
  it('rejects createMessage without type, and non-string tag values, with 400 InvalidPayload', async () => {
    const client = makeClient()
    const { conversation, user } = await seedConversationAndUser(client)
    const base = { conversationId: conversation.id, userId: user.id, payload: { text: 'x' }, tags: {} }

    const missingType = await apiErrorOf(
      client.createMessage({ ...base } as unknown as Parameters<Client['createMessage']>[0]),
    )
    const badTag = await apiErrorOf(
      client.createMessage({ ...base, type: 'text', tags: { n: 1 } } as unknown as Parameters<
        Client['createMessage']
      >[0]),
    )

    expect(missingType).toMatchObject({ code: 400, type: 'InvalidPayload' })
    expect(missingType.message).toContain('type')
    expect(badTag).toMatchObject({ code: 400, type: 'InvalidPayload' })
    expect(h.emulator.messages).toHaveLength(0)
  })

  it('rejects calls without x-bot-id or with the wrong token', async () => {
    const previous = process.env['BP_BOT_ID']
    delete process.env['BP_BOT_ID']
    try {
      const noBot = await apiErrorOf(makeClient({ botId: undefined }).listUsers({}))
      expect(noBot).toMatchObject({ code: 401, type: 'Unauthorized' })
      expect(noBot.message).toContain('x-bot-id')
      expect(h.emulator.calls[0]?.headers['x-bot-id']).toBeUndefined()
      expect(await apiErrorOf(makeClient({ token: 'wrong' }).listUsers({}))).toMatchObject({ code: 401 })
    } finally {
      if (previous !== undefined) process.env['BP_BOT_ID'] = previous
    }
  })

  it('rejects undeclared channels and tags when the definition is given', async () => {
    h.emulator = new BotpressEmulator({
      integrationName,
      definition: { channels: { hitl: { conversationTags: ['threadId'], messageTags: [] } } },
    })
    const client = makeClient({ token: undefined })

    const ok = await client.createConversation({ channel: 'hitl', tags: { threadId: 't-1' } })
    const undeclaredTag = await apiErrorOf(client.createConversation({ channel: 'hitl', tags: { nope: 'x' } }))
    const undeclaredChannel = await apiErrorOf(client.createConversation({ channel: 'sms', tags: {} }))

    expect(ok.conversation.tags).toEqual({ threadId: 't-1' })
    expect(undeclaredTag).toMatchObject({ code: 400, type: 'InvalidPayload' })
    expect(undeclaredChannel).toMatchObject({ code: 400, type: 'InvalidPayload' })
    expect(h.emulator.conversations).toHaveLength(1)
  })

  it('answers an unknown route at once with a 404 body of exactly { id, code, type, message }', async () => {
    const response = await fetch(`${baseUrl}/v1/chat/nothing-here`, { headers: { 'x-bot-id': 'bot-1' } })
    const body = (await response.json()) as Record<string, unknown>

    expect(response.status).toBe(404)
    expect(Object.keys(body).sort()).toEqual(['code', 'id', 'message', 'type'])
    expect(body).toMatchObject({ code: 404, type: 'ResourceNotFound' })
    expect(h.emulator.unmatchedCalls).toHaveLength(1)
  })
})

describe('fault injection', () => {
  it('answers an injected 503 once, then handles the retry normally', async () => {
    const client = makeClient()
    const { conversation, user } = await seedConversationAndUser(client)
    h.emulator.injectFault({ operation: 'createMessage', status: 503 })
    const input = { conversationId: conversation.id, userId: user.id, type: 'text', payload: { text: 'x' }, tags: {} }

    const error = await apiErrorOf(client.createMessage(input))
    const { message } = await client.createMessage(input)

    // The client types errors by `type`; 503 has no typed error, so it surfaces as Unknown (code 500).
    expect(error.type).toBe('Unknown')
    expect(message.id).toEqual(expect.any(String))
    expect(h.emulator.callsTo('createMessage').map((call) => call.status)).toEqual([503, 200])
    expect(h.emulator.messages).toHaveLength(1)
    expect(h.emulator.pendingFaults).toBe(0)
  })

  it("lets the SDK's retry policy recover from a 503 on an idempotent call", async () => {
    const client = makeClient({
      retry: { retries: 3, retryCondition: axiosRetry.isNetworkOrIdempotentRequestError, retryDelay: () => 0 },
    })
    const { conversation } = await seedConversationAndUser(client)
    h.emulator.injectFault({ method: 'GET', path: /^\/v1\/chat\/conversations\//, status: 503, times: 2 })

    const { conversation: fetched } = await client.getConversation({ id: conversation.id })

    expect(fetched.id).toBe(conversation.id)
    expect(h.emulator.callsTo('getConversation').map((call) => call.status)).toEqual([503, 503, 200])
  })

  it('simulates a dropped connection and a slow answer', async () => {
    const client = makeClient()
    h.emulator.injectFault({ operation: 'listUsers', networkError: true })
    await expect(client.listUsers({})).rejects.toBeDefined()
    expect(h.emulator.callsTo('listUsers')[0]?.status).toBe(0)

    h.emulator.injectFault({ operation: 'listUsers', delayMs: 150 })
    const started = Date.now()
    const { users } = await client.listUsers({})
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect(users).toEqual([])
  })
})
