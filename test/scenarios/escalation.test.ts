import { useHarness } from '../support/harness'
import { acceptedPublishes, escalate, HistoryEntry, registeredHarness, threadItems } from '../support/scenario'

const harness = useHarness()

describe('createUser', () => {
  it.each([
    ['a real email', 'Ada@Example.com', 'email:ada@example.com', { email: 'ada@example.com' }],
    ['a phone number typed in the email field', '+33 6 12 34 56 78', 'phone:+33612345678', { phone: '+33612345678' }],
    ["the plugin's placeholder email", 'user_42@no-reply.bot-1.botpress.com', 'visitor:user_42', {}],
  ])('identifies %s', async (_case, email, identity, extraTags) => {
    const h = harness()
    const { userId } = await h.action<{ userId: string }>('createUser', {
      name: 'Ada',
      email,
      pictureUrl: 'https://pics.example/ada.png',
    })
    const user = h.botpress.getUser(userId)!
    expect(user.tags).toMatchObject({ identity, kind: 'customer', ...extraTags })
    expect(user.name).toBe('Ada')
    expect(user.pictureUrl).toBe('https://pics.example/ada.png')
    // No HubSpot call: nothing about the customer reaches HubSpot before their first message.
    expect(h.hubspot.calls).toHaveLength(0)
  })

  it('returns the same user for the same person, and a distinct one for an anonymous customer without email', async () => {
    const h = harness()
    const first = await h.action<{ userId: string }>('createUser', { name: 'Ada', email: 'ada@example.com' })
    const again = await h.action<{ userId: string }>('createUser', { name: 'Ada L.', email: 'ADA@example.com' })
    expect(again.userId).toBe(first.userId)
    expect(h.botpress.getUser(first.userId)!.name).toBe('Ada L.')
    const anonymous1 = await h.action<{ userId: string }>('createUser', { name: 'Visitor' })
    const anonymous2 = await h.action<{ userId: string }>('createUser', { name: 'Visitor' })
    expect(anonymous1.userId).not.toBe(anonymous2.userId)
    expect(h.botpress.getUser(anonymous1.userId)!.tags.identity).toMatch(/^visitor:/)
  })
})

describe('startHitl', () => {
  const everyType = (userId: string): HistoryEntry[] => {
    const user = { type: 'user' as const, userId }
    const bot = { type: 'bot' as const }
    return [
      { source: user, type: 'text', payload: { text: 'Hello, my parcel never arrived' } },
      { source: bot, type: 'markdown', payload: { markdown: 'Which **order** is it?' } },
      {
        source: bot,
        type: 'choice',
        payload: {
          text: 'Pick one',
          options: [
            { label: 'Order 1234', value: 'o1' },
            { label: 'Order 5678', value: 'o2' },
          ],
        },
      },
      { source: bot, type: 'dropdown', payload: { text: 'Or choose', options: [{ label: 'Other', value: 'other' }] } },
      { source: user, type: 'image', payload: { imageUrl: 'https://files.example/parcel.png' } },
      { source: user, type: 'audio', payload: { audioUrl: 'https://files.example/voice.mp3' } },
      { source: user, type: 'video', payload: { videoUrl: 'https://files.example/unboxing.mp4' } },
      { source: user, type: 'file', payload: { fileUrl: 'https://files.example/receipt.pdf', title: 'receipt.pdf' } },
      { source: user, type: 'location', payload: { latitude: 48.8584, longitude: 2.2945, title: 'Home' } },
      {
        source: bot,
        type: 'card',
        payload: {
          title: 'Order 1234',
          subtitle: 'Shipped',
          actions: [{ action: 'url', label: 'Track', value: 'https://track.example/1234' }],
        },
      },
      {
        source: bot,
        type: 'carousel',
        payload: {
          items: [
            { title: 'Plan A', actions: [] },
            { title: 'Plan B', actions: [] },
          ],
        },
      },
      {
        source: bot,
        type: 'bloc',
        payload: {
          items: [
            { type: 'text', payload: { text: 'Bloc text' } },
            { type: 'markdown', payload: { markdown: '_bloc md_' } },
          ],
        },
      },
      { source: bot, type: 'text', payload: { text: 'I have escalated this conversation to a human agent.' } },
    ]
  }

  it('opens one thread with title, description and the whole history, attributed and in order', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId, conversation, userId } = await escalate(h, {
      title: 'Parcel lost',
      description: 'Customer says the parcel never arrived',
      hitlSession: { priority: 'HIGH' },
      history: everyType,
    })
    const [opening] = acceptedPublishes(h)
    expect(opening!).toMatchObject({
      channelAccountId: conversation.tags.channelAccountId,
      messageDirection: 'INCOMING',
      integrationThreadId: conversation.tags.integrationThreadId,
      integrationIdempotencyId: `${conversationId}:opening`,
      senders: [{ name: 'Ada Lovelace', deliveryIdentifier: { type: 'HS_EMAIL_ADDRESS', value: 'ada@example.com' } }],
      attachments: [],
    })
    const text: string = opening!.text
    const expectedInOrder = [
      'Parcel lost',
      'Priority: HIGH',
      'Customer says the parcel never arrived',
      'Ada Lovelace: Hello, my parcel never arrived',
      'Bot: Which order is it?',
      'Order 1234',
      'Other',
      'https://files.example/parcel.png',
      'https://files.example/voice.mp3',
      'https://files.example/unboxing.mp4',
      'receipt.pdf',
      '48.8584',
      'Track',
      'Plan B',
      'Bloc text',
      'bloc md',
      'Bot: I have escalated this conversation to a human agent.',
    ]
    let cursor = 0
    for (const fragment of expectedInOrder) {
      const at = text.indexOf(fragment, cursor)
      expect({ fragment, found: at >= 0 }).toEqual({ fragment, found: true })
      cursor = at
    }
    expect(opening!.richText).toContain('<strong>')

    // The Botpress side: a conversation on the hitl channel, tagged with everything later messages need.
    expect(conversation.channel).toBe('hitl')
    expect(conversation.tags).toMatchObject({
      threadId,
      customerUserId: userId,
      customerIdentity: 'email:ada@example.com',
      open: 'true',
      inboxId: h.config.inboxIds[0],
    })
    expect(h.hubspot.threads()).toHaveLength(1)
  })

  it('is idempotent for a retry of the same call: the same conversation, thread and ticket, nothing new', async () => {
    const h = await registeredHarness(harness())
    const { userId } = await h.action<{ userId: string }>('createUser', { name: 'Ada', email: 'ada@example.com' })
    const input = {
      userId,
      title: 'Refund request',
      hitlSession: { priority: 'HIGH' },
      messageHistory: [{ source: { type: 'user', userId }, type: 'text', payload: { text: 'I want a refund' } }],
    }
    const first = await h.action<{ conversationId: string }>('startHitl', input)
    const publishes = h.hubspot.callsTo('publishMessage').length
    // The same request again, serialised in another key order, as a retry of a timed-out call would be.
    const retry = { messageHistory: input.messageHistory, hitlSession: input.hitlSession, title: input.title, userId }
    const again = await h.action<{ conversationId: string }>('startHitl', retry)
    expect(again.conversationId).toBe(first.conversationId)
    expect(h.hubspot.threads()).toHaveLength(1)
    expect(h.hubspot.callsTo('publishMessage')).toHaveLength(publishes)
    expect(h.hubspot.crmObjects('tickets')).toHaveLength(1)
  })

  it('opens a new session for every escalation of the same customer, even while another is open', async () => {
    const h = await registeredHarness(harness())
    const first = await escalate(h, { title: 'Refund request' })
    const second = await escalate(h, {
      title: 'Refund request',
      history: (userId) => [{ source: { type: 'user', userId }, type: 'text', payload: { text: 'From my phone now' } }],
    })
    expect(second.userId).toBe(first.userId)
    expect(second.conversationId).not.toBe(first.conversationId)
    expect(second.threadId).not.toBe(first.threadId)
    expect(h.botpress.getConversation(first.conversationId)!.tags.open).toBe('true')
    expect(h.hubspot.threads()).toHaveLength(2)
  })

  it('opens a new session for an identical escalation once the earlier one has ended', async () => {
    const h = await registeredHarness(harness())
    const first = await escalate(h)
    await h.action('stopHitl', { conversationId: first.conversationId })
    const second = await escalate(h)
    const third = await h.action<{ conversationId: string }>('startHitl', {
      userId: second.userId,
      title: 'Refund request',
      messageHistory: [
        { source: { type: 'user', userId: second.userId }, type: 'text', payload: { text: 'I want a refund' } },
      ],
    })
    expect(second.conversationId).not.toBe(first.conversationId)
    expect(third.conversationId).toBe(second.conversationId)
    expect(h.hubspot.threads()).toHaveLength(2)
  })

  it('publishes an anonymous customer with an opaque id, never a fake email, and uses a phone from the card', async () => {
    const h = await registeredHarness(harness())
    await escalate(h, { email: 'u_9@no-reply.bot-1.botpress.com' })
    expect(acceptedPublishes(h)[0]!.senders[0]!.deliveryIdentifier).toEqual({
      type: 'CHANNEL_SPECIFIC_OPAQUE_ID',
      value: 'botpress-visitor-u_9',
    })
    expect(JSON.stringify(h.hubspot.calls)).not.toContain('no-reply')

    await escalate(h, {
      name: 'Bo',
      email: 'u_10@no-reply.bot-1.botpress.com',
      hitlSession: { phone: '+44 20 7946 0958' },
    })
    expect(acceptedPublishes(h)[1]!.senders[0]!.deliveryIdentifier).toEqual({
      type: 'HS_PHONE_NUMBER',
      value: '+442079460958',
    })
  })

  it('opens the thread in the inbox the card asks for, and refuses one that is not configured', async () => {
    const h = harness()
    const [first, second] = h.hubspot.portal().inboxes.map((i) => i.id)
    h.config = { ...h.config, inboxIds: [first!, second!] }
    await registeredHarness(h)
    const { threadId } = await escalate(h, { hitlSession: { inboxId: second } })
    expect(h.hubspot.threads().find((t) => t.id === threadId)!.inboxId).toBe(second)
    await expect(escalate(h, { email: 'other@example.com', hitlSession: { inboxId: '999' } })).rejects.toThrow(
      /Inbox 999 is not one of the HubSpot inboxes this integration may use \(147001, 147002\)/,
    )
  })

  it('fails with an actionable error, never a placeholder id, when HubSpot is not connected', async () => {
    const h = harness()
    const { userId } = await h.action<{ userId: string }>('createUser', { name: 'Ada', email: 'ada@example.com' })
    await expect(h.action('startHitl', { userId, title: 'x', messageHistory: [] })).rejects.toThrow(/not connected yet/)
  })
})

describe('customer → agent messages', () => {
  it('publishes each of the six types from the customer, with the idempotency id and time of the Botpress message', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, userId, threadId } = await escalate(h)
    const png = h.serveMedia('/photo.png', new Uint8Array([137, 80, 78, 71, 1, 2, 3]), 'image/png')
    const mp3 = h.serveMedia('/voice.mp3', 'ID3voice', 'audio/mpeg')
    const mp4 = h.serveMedia('/clip.mp4', 'mp4data', 'video/mp4')
    const pdf = h.serveMedia('/receipt.pdf', '%PDF-1.4', 'application/pdf')
    const sends: [string, Record<string, unknown>, string][] = [
      ['text', { text: 'Here is **my** order number: 1234' }, 'none'],
      ['image', { imageUrl: png }, 'IMAGE'],
      ['audio', { audioUrl: mp3 }, 'AUDIO'],
      ['video', { videoUrl: mp4 }, 'OTHER'],
      ['file', { fileUrl: pdf, title: 'receipt.pdf' }, 'OTHER'],
      [
        'bloc',
        {
          items: [
            { type: 'markdown', payload: { markdown: 'See _both_' } },
            { type: 'image', payload: { imageUrl: png } },
          ],
        },
        'IMAGE',
      ],
    ]
    for (const [index, [type, payload, usage]] of sends.entries()) {
      const createdAt = new Date(Date.UTC(2026, 10, 22, 10, 0, index)).toISOString()
      const { response, message } = await h.sendToAgent(conversationId, type, { ...payload, userId }, { createdAt })
      expect(response.status).toBe(200)
      const publish = acceptedPublishes(h).at(-1)!
      expect(publish).toMatchObject({
        integrationIdempotencyId: message.id,
        timestamp: createdAt,
        messageDirection: 'INCOMING',
        senders: [{ deliveryIdentifier: { type: 'HS_EMAIL_ADDRESS', value: 'ada@example.com' } }],
      })
      if (usage === 'none') expect(publish.attachments).toEqual([])
      else expect(publish.attachments).toEqual([expect.objectContaining({ type: 'FILE', fileUsageType: usage })])
      // The Botpress message records HubSpot's message id (ack).
      expect(h.botpress.messages.find((m) => m.id === message.id)!.tags.hubspotMessageId).toBeTruthy()
    }
    expect(acceptedPublishes(h).find((p) => p.text.includes('order number'))!.richText).toContain('<strong>my</strong>')
    expect(threadItems(h, threadId).filter((m) => m.type === 'MESSAGE')).toHaveLength(7)
    expect(
      h.hubspot
        .files()
        .map((f) => f.mimeType)
        .sort(),
    ).toEqual(['application/pdf', 'audio/mpeg', 'image/png', 'image/png', 'video/mp4'])
  })

  it('needs no Botpress API read to send a text: one HubSpot call, one Botpress call (the ack)', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, userId } = await escalate(h)
    const hubspotBefore = h.hubspot.calls.length
    const botpressBefore = h.botpress.calls.length
    await h.sendToAgent(conversationId, 'text', { text: 'hello', userId })
    expect(h.hubspot.calls.slice(hubspotBefore).map((c) => c.operation)).toEqual(['publishMessage'])
    expect(h.botpress.calls.slice(botpressBefore).map((c) => c.operation)).toEqual(['updateMessage'])
  })

  it("shows the plugin's own notices to the agent as a bot line, never as the customer's words", async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId } = await escalate(h)
    await h.sendToAgent(conversationId, 'text', { text: '( The user has ended the session. )' })
    const comments = threadItems(h, threadId).filter((m) => m.type === 'COMMENT')
    expect(comments.at(-1)!.text).toBe('🤖 Bot: ( The user has ended the session. )')
    expect(acceptedPublishes(h).some((p) => p.text.includes('ended the session'))).toBe(false)
  })

  it.each([
    ['text', { text: 'Sorry, the user can not receive this type of message' }],
    ['image', { imageUrl: 'https://media.example.test/notice.png' }],
    ['audio', { audioUrl: 'https://media.example.test/notice.mp3' }],
    ['video', { videoUrl: 'https://media.example.test/notice.mp4' }],
    ['file', { fileUrl: 'https://media.example.test/notice.pdf' }],
    ['bloc', { items: [{ type: 'text', payload: { text: 'bloc notice' } }] }],
  ])('shows a %s message without payload.userId as a bot line, not as customer speech', async (type, payload) => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId } = await escalate(h)
    const publishedBefore = acceptedPublishes(h).length
    const { response } = await h.sendToAgent(conversationId, type, payload)
    expect(response.status).toBe(200)
    expect(acceptedPublishes(h)).toHaveLength(publishedBefore)
    expect(
      threadItems(h, threadId)
        .filter((m) => m.type === 'COMMENT')
        .at(-1)!.text,
    ).toMatch(/^🤖 Bot: /)
  })

  it('still gives the agent the link when the media cannot be fetched, and warns', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, userId } = await escalate(h)
    const { response } = await h.sendToAgent(conversationId, 'image', {
      imageUrl: 'https://media.example.test/missing.png',
      userId,
    })
    expect(response.status).toBe(200)
    const publish = acceptedPublishes(h).at(-1)!
    expect(publish.attachments).toEqual([])
    expect(publish.text).toContain('https://media.example.test/missing.png')
    expect(h.logs.text).toMatch(/could not be attached in HubSpot \(HTTP 404\)/)
  })

  it('shows an attached file once: no link line beside the attachment, its name as the text when it comes alone', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, userId, threadId } = await escalate(h)
    const pdf = h.serveMedia('/receipt.pdf', '%PDF-1.4', 'application/pdf')
    await h.sendToAgent(conversationId, 'file', { fileUrl: pdf, title: 'receipt.pdf', userId })
    const alone = acceptedPublishes(h).at(-1)!
    expect(alone.attachments).toHaveLength(1)
    expect(alone.text).toBe('receipt.pdf')
    expect(JSON.stringify(alone)).not.toContain(pdf)

    const png = h.serveMedia('/parcel.png', new Uint8Array([137, 80, 78, 71, 1]), 'image/png')
    const missing = 'https://media.example.test/missing.pdf'
    await h.sendToAgent(conversationId, 'bloc', {
      userId,
      items: [
        { type: 'text', payload: { text: 'The box, and the form I could not attach:' } },
        { type: 'image', payload: { imageUrl: png, title: 'parcel.png' } },
        { type: 'file', payload: { fileUrl: missing, title: 'form.pdf' } },
      ],
    })
    const mixed = acceptedPublishes(h).at(-1)!
    expect(mixed.attachments).toEqual([expect.objectContaining({ fileUsageType: 'IMAGE' })])
    expect(mixed.text).not.toContain(png)
    expect(mixed.text).toContain('The box, and the form I could not attach:')
    expect(mixed.text).toContain(missing)
    // What the inbox lists as the thread's latest message.
    expect(
      threadItems(h, threadId)
        .filter((m) => m.type === 'MESSAGE')
        .at(-2)!.text,
    ).toBe('receipt.pdf')
  })

  it('refuses to fetch media from private addresses or other schemes, keeping the link as text', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, userId } = await escalate(h)
    const urls = [
      'http://127.0.0.1/secret.png',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/x',
      'file:///etc/passwd',
    ]
    for (const url of urls) await h.sendToAgent(conversationId, 'file', { fileUrl: url, userId })
    expect(h.hubspot.callCount('uploadFile')).toBe(0)
    expect(h.logs.text.match(/private network addresses are not allowed/g)).toHaveLength(3)
    // Not even attempted (it is not web media), but the agent still sees what the customer sent.
    expect(acceptedPublishes(h).at(-1)!.text).toContain('file:///etc/passwd')
  })

  it('splits a long text at the limit without losing or duplicating a character', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, userId } = await escalate(h)
    const long = Array.from({ length: 2500 }, (_, i) => `word${i} 🎉`).join(' ')
    const { message } = await h.sendToAgent(conversationId, 'text', { text: long, userId })
    const parts = acceptedPublishes(h).filter((p) => String(p.integrationIdempotencyId).startsWith(message.id))
    expect(parts.length).toBeGreaterThan(1)
    expect(parts.map((p) => p.integrationIdempotencyId)).toEqual(
      parts.map((_, i) => (i === 0 ? message.id : `${message.id}:${i + 1}`)),
    )
    expect(
      parts
        .map((p) => p.text)
        .join(' ')
        .replace(/\s+/g, ' '),
    ).toBe(long)
  })

  it('does not duplicate a message when the send is retried after a network failure', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, userId, threadId } = await escalate(h)
    // The publish reaches HubSpot but the connection drops before the answer: the integration retries.
    h.hubspot.injectFault({ operation: 'publishMessage', networkError: true, times: 1 })
    const first = await h.sendToAgent(conversationId, 'text', { text: 'only once please', userId })
    expect(first.response.status).toBe(200)
    // Botpress itself redelivers the same message.
    await h.call('message_created', {
      conversation: h.botpress.getConversation(conversationId),
      user: { id: h.ids.botUserId, tags: {} },
      type: 'text',
      payload: { text: 'only once please', userId },
      message: first.message,
    })
    const copies = threadItems(h, threadId).filter((m) => m.text === 'only once please')
    expect(copies).toHaveLength(1)
  })
})

describe('stopHitl', () => {
  it('closes the thread, and closing it again succeeds', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId } = await escalate(h)
    expect(await h.action('stopHitl', { conversationId })).toEqual({})
    expect(h.hubspot.threads().find((t) => t.id === threadId)!.status).toBe('CLOSED')
    expect(await h.action('stopHitl', { conversationId })).toEqual({})
    expect(h.botpress.getConversation(conversationId)!.tags.open).toBe('false')
  })

  it('succeeds on a thread the agent already archived', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId } = await escalate(h)
    h.hubspot.archiveThread(threadId)
    expect(await h.action('stopHitl', { conversationId })).toEqual({})
  })

  it('reports an unknown conversation', async () => {
    const h = await registeredHarness(harness())
    await expect(h.action('stopHitl', { conversationId: 'conv_does_not_exist' })).rejects.toThrow(
      /HITL conversation conv_does_not_exist does not exist/,
    )
  })

  it('starts a new session (new thread) after the previous one ended', async () => {
    const h = await registeredHarness(harness())
    const first = await escalate(h)
    await h.action('stopHitl', { conversationId: first.conversationId })
    const second = await escalate(h)
    expect(second.conversationId).not.toBe(first.conversationId)
    expect(second.threadId).not.toBe(first.threadId)
  })
})
