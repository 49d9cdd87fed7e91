/**
 * Security suite, untrusted input (issue 16): slow media hosts, agent text meant to run in the customer's chat,
 * absurdly nested input, events of another HubSpot account or channel, special-purpose addresses and bidirectional
 * controls in names, all through handler(req).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { http as mswHttp, passthrough } from 'msw'
import { Harness, useHarness } from '../support/harness'
import { acceptedPublishes, escalate, registeredHarness, threadItems } from '../support/scenario'

/** Loopback media servers answer for real (not through msw): the integration's own HTTP client meets their pace. */
const harness = useHarness({}, [mswHttp.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough())])
const ALICE = 'A-5001'

const agentTexts = (h: Harness, conversationId: string) =>
  h.botpress
    .messagesIn(conversationId)
    .filter((m) => h.botpress.getUser(m.userId)?.tags.kind === 'agent')
    .map((m) => (m.payload as { text?: string }).text)
const statusOf = (h: Harness, threadId: string, body: string) => {
  const id = (JSON.parse(body) as { message: { id: string } }).message.id
  return threadItems(h, threadId).find((m) => m.id === id)?.status?.statusType
}

describe('slow customer media', () => {
  let server: http.Server
  let base: string
  const previous = process.env.HITL_ALLOW_PRIVATE_MEDIA_HOSTS

  beforeAll(async () => {
    // /drip sends a byte every 2 s and never ends; /stalled sends headers and then nothing.
    server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' })
      if (req.url?.startsWith('/drip')) {
        const timer = setInterval(() => res.write('x'), 2_000)
        res.on('close', () => clearInterval(timer))
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    // The media host runs on loopback, as the local sandbox's does.
    process.env.HITL_ALLOW_PRIVATE_MEDIA_HOSTS = 'true'
  })
  afterAll(async () => {
    process.env.HITL_ALLOW_PRIVATE_MEDIA_HOSTS = previous
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  it('bounds a dripping file and a bloc of 5 stalled images in time, and keeps their links for the agent', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, userId } = await escalate(h)
    const started = Date.now()
    const [drip, bloc] = await Promise.all([
      h.sendToAgent(conversationId, 'image', { imageUrl: `${base}/drip.png`, userId }),
      h.sendToAgent(conversationId, 'bloc', {
        userId,
        items: Array.from({ length: 5 }, (_, i) => ({
          type: 'image',
          payload: { imageUrl: `${base}/stalled-${i}.png` },
        })),
      }),
    ])
    const seconds = (Date.now() - started) / 1000
    expect([drip.response.status, bloc.response.status]).toEqual([200, 200])
    // Per file 10 s, per message 15 s: before, the drip alone held its message until the server gave up.
    expect(seconds).toBeLessThan(20)
    const published = acceptedPublishes(h).slice(-2)
    expect(published.map((p) => p.attachments)).toEqual([[], []])
    expect(published.map((p) => p.text).join('\n')).toContain(`${base}/drip.png`)
    expect(published.map((p) => p.text).join('\n')).toContain(`${base}/stalled-4.png`)
  }, 40_000)
})

describe('agent text reaching the customer', () => {
  async function session() {
    const h = await registeredHarness(harness())
    return { h, ...(await escalate(h)) }
  }

  it('delivers entity-escaped HTML as characters, never as a raw tag', async () => {
    const { h, conversationId, threadId } = await session()
    const richText = '<p>Try this: &lt;img src=x onerror=alert(1)&gt;</p>'
    const delivery = h.hubspot.agentReply({
      threadId,
      actorId: ALICE,
      text: 'Try this: <img src=x onerror=alert(1)>',
      richText,
    })
    expect((await h.deliver(delivery)).status).toBe(200)
    const [text] = agentTexts(h, conversationId)
    expect(text).not.toMatch(/(^|[^\\])<img/)
    expect(text).toContain('\\<img src=x onerror=alert(1)>')
  })

  it('neutralizes a javascript: link in a plain-text reply (no rich text)', async () => {
    const { h, conversationId, threadId } = await session()
    const text = '[Reset your password](javascript:alert(document.cookie))'
    const body = JSON.parse(h.hubspot.agentReply({ threadId, actorId: ALICE, text }).body)
    delete body.message.richText
    expect((await h.deliver({ body: JSON.stringify(body) })).status).toBe(200)
    const [delivered] = agentTexts(h, conversationId)
    expect(delivered).not.toMatch(/(^|[^\\])\[Reset your password\]\(javascript:/)
    expect(delivered).toBe('\\[Reset your password\\](javascript:alert(document.cookie))')
  })

  it('keeps only http(s) and mailto links of rich text', async () => {
    const { h, conversationId, threadId } = await session()
    const richText =
      '<p><a href="https://help.example/a">help</a> <a href="mailto:ann@example.com">mail</a> <a href="javascript:alert(1)">js</a> <a href="data:text/html,x">data</a> <a href="tel:+33612345678">call</a></p>'
    await h.deliver(h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'links', richText }))
    const [text] = agentTexts(h, conversationId)
    expect(text).toBe('[help](https://help.example/a) [mail](mailto:ann@example.com) js data call')
  })

  it.each([
    ['nested 2,000 elements deep', `${'<div>'.repeat(2000)}deep${'</div>'.repeat(2000)}`],
    ['converting to no text', '<p><script>alert(1)</script></p>'],
  ])('delivers the plain text when the rich text is unusable (%s), and reports SENT', async (_name, richText) => {
    const { h, conversationId, threadId } = await session()
    const delivery = h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'Your refund is on its way.', richText })
    expect((await h.deliver(delivery)).status).toBe(200)
    expect(agentTexts(h, conversationId)).toEqual(['Your refund is on its way.'])
    expect(statusOf(h, threadId, delivery.body)).toBe('SENT')
  })
})

describe('deeply nested input', () => {
  const nestedBloc = (depth: number) => {
    let message: Record<string, unknown> = { type: 'text', payload: { text: 'innermost' } }
    for (let i = 0; i < depth; i++) message = { type: 'bloc', payload: { items: [message] } }
    return message
  }

  it('refuses a history nested 1,000 blocs deep with an error the bot builder can act on, creating nothing', async () => {
    const h = await registeredHarness(harness())
    const { userId } = await h.action<{ userId: string }>('createUser', { name: 'Ada', email: 'ada@example.com' })
    const before = { conversations: h.botpress.conversations.length, hubspot: h.hubspot.calls.length }
    const history = [{ source: { type: 'user', userId }, ...nestedBloc(1000) }]
    await expect(h.action('startHitl', { userId, title: 'Deep', messageHistory: history })).rejects.toThrow(
      /Invalid input for startHitl: messageHistory\[0\] is nested more than 100 levels deep/,
    )
    expect({ conversations: h.botpress.conversations.length, hubspot: h.hubspot.calls.length }).toEqual(before)
  })
})

describe('events for another account or channel', () => {
  it('ignores an app event of another HubSpot account (portalId), even for a thread id this install knows', async () => {
    const h = await registeredHarness(harness())
    const { threadId } = await escalate(h)
    const [event] = JSON.parse(h.hubspot.assignThread(threadId, ALICE).body) as Record<string, unknown>[]
    const foreign = JSON.stringify([{ ...event, portalId: 99999999 }])
    expect((await h.deliver({ body: foreign })).status).toBe(200)
    expect(h.botpress.events.filter((e) => e.type === 'hitlAssigned')).toHaveLength(0)
    expect((await h.deliver({ body: JSON.stringify([event]) })).status).toBe(200)
    expect(h.botpress.events.filter((e) => e.type === 'hitlAssigned')).toHaveLength(1)
  })

  it('ignores a reply naming our thread with another channelId and no channel account', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId } = await escalate(h)
    const body = JSON.parse(h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'from elsewhere' }).body)
    body.channelId = '9999999'
    body.message.channelId = '9999999'
    delete body.channelAccountId
    delete body.message.channelAccountId
    expect((await h.deliver({ body: JSON.stringify(body) })).status).toBe(200)
    expect(agentTexts(h, conversationId)).toEqual([])
  })
})

describe('special-purpose addresses and names', () => {
  it.each(['http://192.0.0.1/a.png', 'http://[2002:c0a8:101::1]/a.png', 'http://[::ffff:192.0.2.1]/a.png'])(
    'never fetches customer media from %s, and keeps its link for the agent',
    async (imageUrl) => {
      const h = await registeredHarness(harness())
      const { conversationId, userId } = await escalate(h)
      const { response } = await h.sendToAgent(conversationId, 'image', { imageUrl, userId })
      expect(response.status).toBe(200)
      expect(h.logs.text).toMatch(/could not be attached in HubSpot \((private network addresses are not allowed)\)/)
      expect(h.hubspot.callCount('uploadFile')).toBe(0)
    },
  )

  it('removes bidirectional overrides and isolates from customer and agent names', async () => {
    const h = await registeredHarness(harness())
    const { conversationId, threadId } = await escalate(h, { name: 'Ada\u202Egnp.exe\u2066 Lovelace\u2069' })
    expect(acceptedPublishes(h)[0]!.senders[0]!.name).toBe('Adagnp.exe Lovelace')
    h.hubspot.store
      .portal(h.hubspot.defaultHubId)
      .agents.push({ userId: 5003, name: 'Carol\u202D Agent\u202C', email: '' })
    await h.deliver(h.hubspot.agentReply({ threadId, actorId: 'A-5003', text: 'Hello' }))
    const [reply] = h.botpress
      .messagesIn(conversationId)
      .filter((m) => h.botpress.getUser(m.userId)?.tags.kind === 'agent')
    expect(h.botpress.getUser(reply!.userId)!.name).toBe('Carol Agent')
  })
})
