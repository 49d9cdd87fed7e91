import { MESSAGE_TEXT_MAX_CHARACTERS } from './defaults'
import { api, incomingMessage, publish, setupChannel, useHubSpot } from './test-support'

const hub = useHubSpot()

describe('publishing messages into a custom channel', () => {
  it('returns a full PublicConversationsMessage and opens a thread in the account’s inbox', async () => {
    const { token, channelId, accountId, inboxId } = await setupChannel(hub.emulator)
    const response = await publish(hub.emulator, token, channelId, incomingMessage(accountId))
    expect(response.status).toBe(201)
    const thread = hub.emulator.threads()[0]
    expect(response.body).toEqual({
      id: expect.any(String),
      type: 'MESSAGE',
      archived: false,
      attachments: [],
      channelAccountId: accountId,
      channelId,
      client: { clientType: 'INTEGRATION', integrationAppId: 1234567 },
      conversationsThreadId: thread?.id,
      createdAt: '2026-01-02T03:04:05.000Z',
      createdBy: thread?.visitor?.actorId,
      direction: 'INCOMING',
      recipients: [{ deliveryIdentifier: { type: 'CHANNEL_SPECIFIC_OPAQUE_ID', value: 'botpress-147001' } }],
      senders: [
        {
          actorId: expect.stringMatching(/^V-\d+$/),
          name: 'Vera Visitor',
          deliveryIdentifier: { type: 'HS_EMAIL_ADDRESS', value: 'vera@example.com' },
        },
      ],
      text: 'Hello, I need a human',
      truncationStatus: 'NOT_TRUNCATED',
      status: { statusType: 'RECEIVED' },
    })
    expect(response.headers.get('location')).toContain(`/messages/${response.body.id}`)
    expect(thread).toMatchObject({
      inboxId,
      status: 'OPEN',
      integrationThreadId: 'bp-conv-1',
      originalChannelId: channelId,
    })
  })

  it('threads by integrationThreadId: same id → same thread, new id → new thread', async () => {
    const { token, channelId, accountId } = await setupChannel(hub.emulator)
    const a1 = await publish(hub.emulator, token, channelId, incomingMessage(accountId, { text: 'one' }))
    const a2 = await publish(hub.emulator, token, channelId, incomingMessage(accountId, { text: 'two' }))
    const b1 = await publish(
      hub.emulator,
      token,
      channelId,
      incomingMessage(accountId, { integrationThreadId: 'bp-conv-2' }),
    )
    expect(a2.body.conversationsThreadId).toBe(a1.body.conversationsThreadId)
    expect(b1.body.conversationsThreadId).not.toBe(a1.body.conversationsThreadId)
    const texts = hub.emulator.threadMessages(a1.body.conversationsThreadId).map((item) => item.text)
    expect(texts).toEqual(['one', 'two'])
  })

  it('reopens a CLOSED thread when its integrationThreadId publishes again', async () => {
    const { token, channelId, accountId } = await setupChannel(hub.emulator)
    const first = await publish(hub.emulator, token, channelId, incomingMessage(accountId))
    const threadId = first.body.conversationsThreadId
    hub.emulator.closeThread(threadId)
    const again = await publish(hub.emulator, token, channelId, incomingMessage(accountId, { text: 'back' }))
    expect(again.body.conversationsThreadId).toBe(threadId)
    expect(hub.emulator.threads()).toHaveLength(1)
    expect(hub.emulator.threads()[0]?.status).toBe('OPEN')
    const changes = hub.emulator.threadMessages(threadId).filter((item) => item.type === 'THREAD_STATUS_CHANGE')
    expect(changes.map((item) => item.newStatus)).toEqual(['CLOSED', 'OPEN'])
  })

  it('returns the first message again for a repeated integrationIdempotencyId', async () => {
    const { token, channelId, accountId } = await setupChannel(hub.emulator)
    const body = incomingMessage(accountId, { integrationIdempotencyId: 'bp-msg-1' })
    const first = await publish(hub.emulator, token, channelId, body)
    const retry = await publish(hub.emulator, token, channelId, { ...body, text: 'changed on retry' })
    expect(retry.status).toBe(201)
    expect(retry.body).toEqual(first.body)
    expect(hub.emulator.threadMessages(first.body.conversationsThreadId)).toHaveLength(1)
    const other = await publish(
      hub.emulator,
      token,
      channelId,
      incomingMessage(accountId, { integrationIdempotencyId: 'bp-msg-2' }),
    )
    expect(other.body.id).not.toBe(first.body.id)
  })

  it('lists every missing spec-required field', async () => {
    const { token, channelId, accountId } = await setupChannel(hub.emulator)
    const body = incomingMessage(accountId)
    delete body.timestamp
    delete body.recipients
    delete body.attachments
    const response = await publish(hub.emulator, token, channelId, body)
    expect(response.status).toBe(400)
    expect(response.body.category).toBe('VALIDATION_ERROR')
    expect(response.body.message).toBe('Some required fields were not set: [recipients, timestamp, attachments]')
    expect(hub.emulator.threads()).toHaveLength(0)
  })

  it.each([
    [
      'an email sender that is not an email',
      { senders: [{ deliveryIdentifier: { type: 'HS_EMAIL_ADDRESS', value: 'vera' } }] },
      'senders[0].deliveryIdentifier.value',
    ],
    [
      'a phone number without +country code',
      { senders: [{ deliveryIdentifier: { type: 'HS_PHONE_NUMBER', value: '0612345678' } }] },
      'senders[0].deliveryIdentifier.value',
    ],
    [
      'a delivery identifier type outside the enum',
      { senders: [{ deliveryIdentifier: { type: 'EMAIL', value: 'v@x.io' } }] },
      'senders[0].deliveryIdentifier.type',
    ],
    ['a sender without deliveryIdentifier', { senders: [{ name: 'Vera' }] }, 'senders[0].deliveryIdentifier'],
    ['no senders', { senders: [] }, 'senders'],
    ['a timestamp that is not ISO-8601', { timestamp: '02/01/2026' }, 'timestamp'],
    ['an epoch-millisecond timestamp', { timestamp: 1767322800000 }, 'timestamp'],
    ['a bad messageDirection', { messageDirection: 'INBOUND' }, 'messageDirection'],
    ['an unknown file id', { attachments: [{ type: 'FILE', fileId: '999' }] }, 'attachments[0].fileId'],
    ['an unknown attachment type', { attachments: [{ type: 'IMAGE', url: 'https://x' }] }, 'attachments[0].type'],
    ['text that is not a string', { text: 42 }, 'text'],
  ])('rejects %s', async (_label, override, field) => {
    const { token, channelId, accountId } = await setupChannel(hub.emulator)
    const response = await publish(hub.emulator, token, channelId, incomingMessage(accountId, override))
    expect(response.status).toBe(400)
    expect(response.body.errors.map((error: { in: string }) => error.in)).toContain(field)
  })

  it('accepts E.164 phone senders', async () => {
    const { token, channelId, accountId } = await setupChannel(hub.emulator)
    const response = await publish(
      hub.emulator,
      token,
      channelId,
      incomingMessage(accountId, {
        senders: [{ deliveryIdentifier: { type: 'HS_PHONE_NUMBER', value: '+33612345678' } }],
      }),
    )
    expect(response.status).toBe(201)
  })

  it(`enforces MESSAGE_TEXT_MAX_CHARACTERS (${MESSAGE_TEXT_MAX_CHARACTERS})`, async () => {
    const { token, channelId, accountId } = await setupChannel(hub.emulator)
    const atLimit = await publish(
      hub.emulator,
      token,
      channelId,
      incomingMessage(accountId, { text: 'x'.repeat(MESSAGE_TEXT_MAX_CHARACTERS) }),
    )
    expect(atLimit.status).toBe(201)
    const over = await publish(
      hub.emulator,
      token,
      channelId,
      incomingMessage(accountId, { text: 'x'.repeat(MESSAGE_TEXT_MAX_CHARACTERS + 1) }),
    )
    expect(over.status).toBe(400)
    expect(over.body.errors[0]).toMatchObject({ in: 'text', code: 'TOO_LONG' })
  })

  it('refuses accounts that are unauthorized, of another channel or another portal', async () => {
    const { token, channelId, accountId } = await setupChannel(hub.emulator)
    const otherChannel = await api(hub.emulator, 'POST', '/conversations/v3/custom-channels', {
      dev: {},
      json: { name: 'Other', capabilities: {} },
    })
    const wrongChannel = await publish(hub.emulator, token, otherChannel.body.id, incomingMessage(accountId))
    expect(wrongChannel.status).toBe(400)
    expect(wrongChannel.body.errors[0].in).toBe('channelAccountId')

    const otherPortal = hub.emulator.seedPortal({ hubId: 222 })
    const foreign = await publish(
      hub.emulator,
      hub.emulator.issueAccessToken({ hubId: otherPortal.hubId }),
      channelId,
      incomingMessage(accountId),
    )
    expect(foreign.status).toBe(400)

    await api(hub.emulator, 'PATCH', `/conversations/v3/custom-channels/${channelId}/channel-accounts/${accountId}`, {
      token,
      json: { authorized: false },
    })
    expect((await publish(hub.emulator, token, channelId, incomingMessage(accountId))).status).toBe(400)
    expect((await publish(hub.emulator, token, '777', incomingMessage(accountId))).status).toBe(404)
    expect(hub.emulator.threads()).toHaveLength(0)
  })
})

describe('message reads and status updates', () => {
  it('GETs a published message and PATCHes the status of an agent’s OUTGOING message', async () => {
    const { token, channelId, accountId } = await setupChannel(hub.emulator)
    const published = await publish(hub.emulator, token, channelId, incomingMessage(accountId))
    const base = `/conversations/v3/custom-channels/${channelId}/messages`
    const got = await api(hub.emulator, 'GET', `${base}/${published.body.id}`, { token })
    expect(got.body).toEqual(published.body)

    const event = JSON.parse(
      hub.emulator.agentReply({ threadId: published.body.conversationsThreadId, actorId: 'A-5001', text: 'Hi' }).body,
    )
    const outgoingId = event.message.id
    const sent = await api(hub.emulator, 'PATCH', `${base}/${outgoingId}`, { token, json: { statusType: 'SENT' } })
    expect(sent.status).toBe(200)
    expect(sent.body.status).toEqual({ statusType: 'SENT' })
    const failed = await api(hub.emulator, 'PATCH', `${base}/${outgoingId}`, {
      token,
      json: { statusType: 'FAILED', errorMessage: 'user blocked the bot' },
    })
    expect(failed.body.status).toEqual({
      statusType: 'FAILED',
      failureDetails: { errorMessageTokens: {}, errorMessage: 'user blocked the bot' },
    })
    expect(failed.body.updatedAt).toEqual(expect.any(String))

    const received = await api(hub.emulator, 'PATCH', `${base}/${outgoingId}`, {
      token,
      json: { statusType: 'RECEIVED' },
    })
    expect(received.status).toBe(400)
    const incoming = await api(hub.emulator, 'PATCH', `${base}/${published.body.id}`, {
      token,
      json: { statusType: 'SENT' },
    })
    expect(incoming.status).toBe(400)
    expect((await api(hub.emulator, 'GET', `${base}/nope`, { token })).status).toBe(404)
  })
})

describe('the contact of a published sender', () => {
  it('is the contact holding an email or phone sender, and a new visitor for an opaque id', async () => {
    const { token, channelId, accountId } = await setupChannel(hub.emulator)
    const vera = hub.emulator.seedContact({ properties: { email: 'vera@example.com', phone: '+14155550123' } })
    const senderOf = (type: string, value: string) => [{ name: 'Vera', deliveryIdentifier: { type, value } }]
    const threadContact = async (integrationThreadId: string, type: string, value: string) => {
      const message = incomingMessage(accountId, { integrationThreadId, senders: senderOf(type, value) })
      const { body } = await publish(hub.emulator, token, channelId, message)
      return hub.emulator.threads().find((thread) => thread.id === body.conversationsThreadId)!.associatedContactId
    }
    expect(await threadContact('by-email', 'HS_EMAIL_ADDRESS', 'VERA@example.com')).toBe(vera)
    expect(await threadContact('by-phone', 'HS_PHONE_NUMBER', '+14155550123')).toBe(vera)
    expect(await threadContact('by-opaque-id', 'CHANNEL_SPECIFIC_OPAQUE_ID', 'botpress-visitor-u1')).not.toBe(vera)
  })
})
