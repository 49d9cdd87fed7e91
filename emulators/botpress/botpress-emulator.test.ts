/** Resource semantics (users, conversations, messages, states) through the real `@botpress/client`. */
import { BotpressEmulator } from './botpress-emulator'
import { apiErrorOf, integrationName, makeClient, seedConversationAndUser, useEmulatorHarness } from './test-harness'

const h = useEmulatorHarness()

describe('users', () => {
  it('get-or-create with discriminateByTags returns the same user for the same key and a new one otherwise', async () => {
    const client = makeClient()
    const first = await client.getOrCreateUser({
      tags: { email: 'a@example.com', contactId: '1' },
      name: 'Ann',
      discriminateByTags: ['email'],
    })
    const again = await client.getOrCreateUser({
      tags: { email: 'a@example.com', contactId: '2' },
      discriminateByTags: ['email'],
    })
    const other = await client.getOrCreateUser({ tags: { email: 'b@example.com' }, discriminateByTags: ['email'] })

    expect(again.user.id).toBe(first.user.id)
    expect(again.user.tags).toEqual({ email: 'a@example.com', contactId: '1' })
    expect(other.user.id).not.toBe(first.user.id)
    expect(h.emulator.users).toHaveLength(2)
    expect(first.user).toEqual({
      id: expect.any(String),
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
      updatedAt: first.user.createdAt,
      tags: { email: 'a@example.com', contactId: '1' },
      name: 'Ann',
    })
    expect(h.emulator.getUser(first.user.id)?.integration).toBe(integrationName)
  })

  it('get-or-create without discriminateByTags needs every given tag to match', async () => {
    const client = makeClient()
    const first = await client.getOrCreateUser({ tags: { email: 'a@example.com', contactId: '1' } })
    const subset = await client.getOrCreateUser({ tags: { email: 'a@example.com' } })
    const differs = await client.getOrCreateUser({ tags: { email: 'a@example.com', contactId: '2' } })

    expect(subset.user.id).toBe(first.user.id)
    expect(differs.user.id).not.toBe(first.user.id)
  })

  it('updateUser merges tags, an empty value unsets one, and a null name is removed', async () => {
    const client = makeClient()
    const { user } = await client.createUser({ tags: { email: 'a@example.com', phone: '+1' }, name: 'Ann' })
    const { user: updated } = await client.updateUser({ id: user.id, tags: { phone: '', lang: 'fr' }, name: null })

    expect(updated.tags).toEqual({ email: 'a@example.com', lang: 'fr' })
    expect(updated.name).toBeUndefined()
    expect(updated.updatedAt > user.updatedAt).toBe(true)
    expect(await apiErrorOf(client.getUser({ id: 'user_missing' }))).toMatchObject({
      code: 404,
      type: 'ResourceNotFound',
    })
  })
})

describe('conversations', () => {
  it('stamps channel and integration, and get-or-create dedupes on discriminateByTags', async () => {
    const client = makeClient()
    const a = await client.getOrCreateConversation({
      channel: 'hitl',
      tags: { threadId: 't-1', inboxId: 'i-1' },
      discriminateByTags: ['threadId'],
    })
    const b = await client.getOrCreateConversation({
      channel: 'hitl',
      tags: { threadId: 't-1', inboxId: 'i-2' },
      discriminateByTags: ['threadId'],
    })

    expect(b.conversation.id).toBe(a.conversation.id)
    expect(a.conversation).toMatchObject({ channel: 'hitl', integration: integrationName })
    expect(h.emulator.conversations).toHaveLength(1)
  })

  it('listConversations filters by tags sent as qs dot notation, including keys that need encoding', async () => {
    const client = makeClient()
    await client.createConversation({ channel: 'hitl', tags: { 'hubspot:threadId': 't-1' } })
    await client.createConversation({ channel: 'hitl', tags: { 'hubspot:threadId': 't-2' } })
    await client.createConversation({ channel: 'hitl', tags: { 'hubspot:threadId': 't-1', closed: 'true' } })
    await client.createConversation({ channel: 'other', tags: { 'hubspot:threadId': 't-1' } })

    const { conversations } = await client.listConversations({ channel: 'hitl', tags: { 'hubspot:threadId': 't-1' } })

    expect(conversations).toHaveLength(2)
    expect(conversations.every((c) => c.tags['hubspot:threadId'] === 't-1' && c.channel === 'hitl')).toBe(true)
    const [listCall] = h.emulator.callsTo('listConversations')
    expect(listCall?.query.get('tags.hubspot:threadId')).toBe('t-1')
  })

  it('pages with nextToken until every conversation is seen exactly once', async () => {
    h.emulator = new BotpressEmulator({ integrationName, pageSize: 2 })
    const client = makeClient({ token: undefined })
    for (let i = 0; i < 5; i++) await client.createConversation({ channel: 'hitl', tags: { n: String(i) } })

    const firstPage = await client.listConversations({})
    const all = await client.list.conversations({}).collect()

    expect(firstPage.conversations).toHaveLength(2)
    expect(firstPage.meta.nextToken).toEqual(expect.any(String))
    expect(all.map((c) => c.tags['n']).sort()).toEqual(['0', '1', '2', '3', '4'])
    // Newest first by default.
    expect(firstPage.conversations.map((c) => c.tags['n'])).toEqual(['4', '3'])
  })
})

describe('messages', () => {
  it('get-or-create dedupes on discriminateByTags within a conversation', async () => {
    const client = makeClient()
    const { conversation, user } = await seedConversationAndUser(client)
    const send = (hubspotMessageId: string) =>
      client.getOrCreateMessage({
        conversationId: conversation.id,
        userId: user.id,
        type: 'text',
        payload: { text: `hello ${hubspotMessageId}` },
        tags: { hubspotMessageId },
        discriminateByTags: ['hubspotMessageId'],
      })

    const first = await send('m-1')
    const redelivered = await send('m-1')
    const next = await send('m-2')

    expect(redelivered.message.id).toBe(first.message.id)
    expect(next.message.id).not.toBe(first.message.id)
    expect(h.emulator.messagesIn(conversation.id).map((m) => m.payload['text'])).toEqual(['hello m-1', 'hello m-2'])
    expect(first.message).toMatchObject({ direction: 'incoming', userId: user.id, conversationId: conversation.id })
    expect(h.emulator.callsTo('getOrCreateMessage')).toHaveLength(3)
  })

  it('rejects a message for an unknown conversation with 404 and stores nothing', async () => {
    const client = makeClient()
    const { user } = await seedConversationAndUser(client)
    const error = await apiErrorOf(
      client.createMessage({ conversationId: 'conv_nope', userId: user.id, type: 'text', payload: {}, tags: {} }),
    )
    expect(error).toMatchObject({ code: 404, type: 'ResourceNotFound' })
    expect(h.emulator.messages).toHaveLength(0)
  })

  it('updateMessage (the SDK ack) merges tags', async () => {
    const client = makeClient()
    const { conversation, user } = await seedConversationAndUser(client)
    const { message } = await client.createMessage({
      conversationId: conversation.id,
      userId: user.id,
      type: 'text',
      payload: { text: 'hi' },
      tags: { a: '1', b: '2' },
    })
    const { message: acked } = await client.updateMessage({ id: message.id, tags: { b: '', hubspotMessageId: 'h-9' } })
    expect(acked.tags).toEqual({ a: '1', hubspotMessageId: 'h-9' })
  })
})

describe('created records', () => {
  it('announces each message and event an API call creates, once, and neither seeded records nor a deduped one', async () => {
    const client = makeClient()
    const { conversation, user } = await seedConversationAndUser(client)
    const announced: string[] = []
    const stop = h.emulator.onCreated(({ kind, record }) => announced.push(`${kind} ${record.type}`))
    const message = { conversationId: conversation.id, userId: user.id, type: 'text', payload: { text: 'hi' } }
    await client.getOrCreateMessage({ ...message, tags: { k: '1' }, discriminateByTags: ['k'] })
    await client.getOrCreateMessage({ ...message, tags: { k: '1' }, discriminateByTags: ['k'] })
    await client.createEvent({ type: 'hitlAssigned', conversationId: conversation.id, payload: {} })
    h.emulator.seed.message({ ...message })
    stop()
    await client.createMessage({ ...message, tags: {} })
    expect(announced).toEqual(['message text', 'event hitlAssigned'])
  })
})

describe('states', () => {
  it('answers 404 ResourceNotFound for a missing state, then set, get, patch and delete', async () => {
    const client = makeClient()
    const at = { type: 'integration' as const, id: 'int-1', name: 'channelAccount' }

    expect(await apiErrorOf(client.getState(at))).toMatchObject({ code: 404, type: 'ResourceNotFound' })

    await client.setState({ ...at, payload: { channelId: 'c-1', accountId: 'a-1' } })
    const { state } = await client.getState(at)
    expect(state).toMatchObject({ name: 'channelAccount', type: 'integration', botId: 'bot-1' })
    expect(state.payload).toEqual({ channelId: 'c-1', accountId: 'a-1' })

    const kept = await client.getOrSetState({ ...at, payload: { channelId: 'ignored' } })
    expect(kept.state.payload['channelId']).toBe('c-1')

    const patched = await client.patchState({ ...at, payload: { accountId: 'a-2' } })
    expect(patched.state.payload).toEqual({ channelId: 'c-1', accountId: 'a-2' })

    await client.setState({ ...at, payload: null })
    expect(await apiErrorOf(client.getState(at))).toMatchObject({ code: 404, type: 'ResourceNotFound' })
    expect(h.emulator.statePayload('integration', 'int-1', 'channelAccount')).toBeUndefined()
  })

  it('keys states by type, id and name', async () => {
    const client = makeClient()
    const { conversation } = await seedConversationAndUser(client)
    await client.setState({ type: 'conversation', id: conversation.id, name: 'hitl', payload: { open: true } })

    expect(
      await apiErrorOf(client.getState({ type: 'conversation', id: conversation.id, name: 'other' })),
    ).toMatchObject({ code: 404 })
    const { state } = await client.getState({ type: 'conversation', id: conversation.id, name: 'hitl' })
    expect(state.conversationId).toBe(conversation.id)
  })
})
