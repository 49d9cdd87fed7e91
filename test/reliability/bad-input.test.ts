/**
 * Bad input through the integration's real entry point (issue "Reliability, security and performance"): webhook
 * bodies and headers, action inputs, channel payloads and configurations, fuzzed with fast-check (seeded) and
 * tabled by hand. Whatever comes in, the caller gets a 4xx or a RuntimeError with a clear message (or a sensible
 * success), nothing crashes, nothing changes that should not, no address handed in is ever called, and every
 * answer comes quickly. The number of inputs tried is printed at the end.
 */
import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import definition from '../../integration.definition'
import { LAST_ATTEMPT_AFTER_MS } from '../../src/webhook/handlers/agent-replied'
import type { Harness, HandlerResponse } from '../support/harness'
import { acceptedPublishes, escalate, registeredHarness } from '../support/scenario'
import {
  appBatches,
  anyJson,
  badSignature,
  badTimestamp,
  channelEvents,
  notJson,
  privateIpv4Url,
} from './support/arbitraries'
import { deliverLater } from './support/delivery'
import { DELIVERABLE_SHAPES, ReplyChange, UNDELIVERABLE_SHAPES } from './support/reply-shapes'
import { LONG_TEXT, oddEmail, oddPhone, oddText, UNFETCHABLE_URLS } from './support/odd-values'
import { Answer, answerOf, InputCounter } from './support/outcomes'
import { printTable } from './support/report'
import { useSpiedHarness } from './support/spied-harness'
import { stateOf } from './support/state'

const SEED = 20261122
const runs = (numRuns: number) => ({ seed: SEED, numRuns })
const ALICE = 'A-5001'

const counter = new InputCounter()
// Hundreds of inputs in a few seconds: the emulator's rate limit is off and the integration gets the schema's highest
// HubSpot budget, so nothing is paced (100 calls per 10 s by default; pacing is the fault suite's business).
const { harness, strays } = useSpiedHarness({ rateLimit: false, config: { apiRequestsPer10Seconds: 1_000 } })

afterAll(() => printTable('Bad-input suite: inputs tried per category', counter.rows()))

type Schema = { safeParse(value: unknown): { success: boolean } }
type ActionDefinition = { input: { schema: Schema }; output: { schema: Schema } }
const actions = definition.actions as unknown as Record<string, ActionDefinition>
const configurationSchema = definition.configuration!.schema as unknown as Schema

function expectOneOf(actual: number, allowed: readonly number[], what = 'status') {
  if (!allowed.includes(actual)) throw new Error(`${what} ${actual}, expected one of ${allowed.join(', ')}`)
}

/** Lone surrogate halves: a text cut inside a character. */
const BROKEN_CHARACTER = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** The answer, checked to be an answer: the handler never rejects, never 5xx, never the SDK's crash text. */
function answered(answer: Answer, allowed: readonly number[], maxMs: number) {
  if ('rejected' in answer) throw new Error(`handler(req) rejected: ${answer.rejected}`)
  expectOneOf(answer.status, allowed)
  expect({ crashed: answer.crashed, message: answer.message }).toEqual({ crashed: false, message: expect.any(String) })
  expect(answer.ms).toBeLessThan(maxMs)
  return answer
}

/** Sends one input and checks it changed nothing anywhere, answering one of `allowed` within `maxMs`. */
async function expectNoEffect(
  h: Harness,
  category: string,
  allowed: readonly number[],
  send: () => Promise<HandlerResponse>,
  maxMs = 2_000,
) {
  const before = stateOf(h)
  const answer = await answerOf(send)
  counter.count(category, answer)
  answered(answer, allowed, maxMs)
  expect(stateOf(h)).toEqual(before)
  return answer
}

/** One open session and a real agent reply to it, not delivered yet: the template bad webhooks are made from. */
async function openSession() {
  const h = await registeredHarness(harness())
  const session = await escalate(h)
  const reply = h.hubspot.agentReply({ threadId: session.threadId, actorId: ALICE, text: 'template reply' })
  const closeBody = JSON.stringify([
    {
      subscriptionType: 'conversation.propertyChange',
      propertyName: 'status',
      propertyValue: 'CLOSED',
      objectId: Number(session.threadId),
      portalId: h.hubspot.defaultHubId,
      occurredAt: Date.now(),
      changeSource: 'CONVERSATIONS',
    },
  ])
  return { h, ...session, reply, template: JSON.parse(reply.body) as Record<string, unknown>, closeBody }
}

const isJson = (text: string) => {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

describe('webhook bodies, correctly signed', () => {
  it('answers 400 to what is not JSON, and 200 or 400 to any JSON, changing nothing', async () => {
    const { h } = await openSession()
    const bodies = fc.oneof(
      notJson,
      anyJson.map((value) => JSON.stringify(value)),
    )
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        await expectNoEffect(h, 'webhook: raw bodies', isJson(body) ? [200, 400] : [400], () => h.deliver({ body }))
      }),
      runs(1_000),
    )
  })

  it('acknowledges channel events not for it, and asks again for its own it cannot use, delivering none', async () => {
    const { h, threadId, template } = await openSession()
    await fc.assert(
      fc.asyncProperty(channelEvents(template, threadId), async ({ event, fate }) => {
        const typed = typeof event.type === 'string' && event.type.length > 0
        const ownReply = event.type === 'OUTGOING_CHANNEL_MESSAGE_CREATED' && fate === 'own'
        const allowed = !typed ? [400] : ownReply ? [503] : [200]
        const body = JSON.stringify(event)
        await expectNoEffect(h, 'webhook: channel events', allowed, () => h.deliver({ body }))
      }),
      runs(1_000),
    )
  })

  it('delivers once real replies of any shape, and reports FAILED after the last attempt those it cannot deliver', async () => {
    const { h, conversationId, threadId } = await openSession()
    const agentCopies = (messageId: string) =>
      h.botpress.messagesIn(conversationId).filter((m) => m.tags.hubspotMessageId === messageId)
    const statusOf = (messageId: string) =>
      h.hubspot.threadMessages(threadId).find((m) => (m as { id: string }).id === messageId)?.status as
        { statusType: string; failureDetails?: { errorMessage?: string } } | undefined
    const shapedReply = (changes: ReplyChange[]) => {
      const event = JSON.parse(h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'shaped' }).body)
      for (const change of changes) change(event, event.message)
      return { body: JSON.stringify(event), messageId: String(event.message.id) }
    }
    const shapes = fc.subarray(DELIVERABLE_SHAPES, { minLength: 1 })
    await fc.assert(
      fc.asyncProperty(shapes, async (deliverable) => {
        const { body, messageId } = shapedReply(deliverable.map(([, change]) => change))
        for (let attempt = 0; attempt < 2; attempt++) {
          const answer = await answerOf(() => h.deliver({ body }))
          counter.count('webhook: reply shapes, deliverable', answer)
          answered(answer, [200], 2_000)
        }
        expect(agentCopies(messageId)).toHaveLength(1)
        expect(statusOf(messageId)?.statusType).toBe('SENT')
      }),
      runs(60),
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...UNDELIVERABLE_SHAPES), shapes, async ([, broken, reason], deliverable) => {
        const { body, messageId } = shapedReply([...deliverable.map(([, change]) => change), broken])
        const answers = [await answerOf(() => h.deliver({ body }))]
        expect(statusOf(messageId)?.statusType).toBeUndefined()
        answers.push(await answerOf(() => deliverLater(h, { body }, LAST_ATTEMPT_AFTER_MS + 60_000)))
        answers.forEach((answer) => counter.count('webhook: reply shapes, undeliverable', answer))
        answered(answers[0]!, [503], 2_000)
        answered(answers[1]!, [200], 2_000)
        expect(statusOf(messageId)).toMatchObject({ statusType: 'FAILED', failureDetails: { errorMessage: reason } })
        expect(agentCopies(messageId)).toHaveLength(0)
      }),
      runs(60),
    )
  })

  it('ignores app events of foreign threads and malformed events of its own, event by event', async () => {
    const { h, threadId } = await openSession()
    await fc.assert(
      fc.asyncProperty(appBatches(threadId, h.hubspot.defaultHubId), async (events) => {
        const body = JSON.stringify(events)
        await expectNoEffect(h, 'webhook: app batches', events.length > 0 ? [200] : [400], () => h.deliver({ body }))
      }),
      runs(1_000),
    )
  })

  it('copes with huge, deep, duplicated and hostile bodies in bounded time', async () => {
    const { h, template } = await openSession()
    const foreign = { ...template, message: { ...(template.message as object), conversationsThreadId: '1' } }
    const foreignJson = JSON.stringify(foreign)
    const cases: [string, string, number[]][] = [
      ['5 MB JSON', JSON.stringify({ type: 'CHANNEL_ACCOUNT_UPDATED', pad: 'x'.repeat(5_000_000) }), [200]],
      ['5 MB not JSON', 'x'.repeat(5_000_000), [400]],
      ['10,000 junk events', JSON.stringify(Array.from({ length: 10_000 }, (_, i) => ({ objectId: i }))), [200]],
      ['100,000 nested arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, [200, 400]],
      ['100,000 nested objects', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, [400]],
      ['duplicate keys', foreignJson.replace('{', '{"type":"CHANNEL_ACCOUNT_CREATED",'), [200]],
      ['__proto__ key', foreignJson.replace('{', '{"__proto__":{"polluted":"yes"},'), [200]],
      ['constructor key', foreignJson.replace('{', '{"constructor":{"prototype":{"polluted":"yes"}},'), [200]],
      ['byte order mark', `\uFEFF${foreignJson}`, [400]],
      ['lone surrogates', JSON.stringify({ type: '\uD800', message: { id: '\uDFFF', text: '\uD83D' } }), [200]],
      ['bidi and zero-width', JSON.stringify({ type: 'OUTGOING_CHANNEL_MESSAGE_CREATED\u200B\u202E' }), [200]],
      ['numbers out of range', JSON.stringify({ type: 'X', portalId: 1e308, channelId: -0 }), [200]],
      ['null body', 'null', [400]],
    ]
    for (const [name, body, allowed] of cases) {
      const answer = await expectNoEffect(
        h,
        'webhook: huge and hostile bodies',
        allowed,
        () => h.deliver({ body }),
        5_000,
      )
      if ('status' in answer) expectOneOf(answer.status, allowed, name)
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('delivers a reply once however often it is replayed; a replayed signature on another body is refused', async () => {
    const { h, conversationId, reply, template } = await openSession()
    const headers = h.hubspot.signWebhook({ url: h.webhookUrl, body: reply.body })
    const answers = await Promise.all([
      h.deliver(reply),
      h.deliver(reply),
      ...Array.from({ length: 3 }, () => h.deliver(reply, { sign: false, headers })),
    ])
    answers.forEach(() => counter.count('webhook: replays'))
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200])
    const messageId = (template.message as { id: string }).id
    const copies = h.botpress.messagesIn(conversationId).filter((m) => m.tags.hubspotMessageId === messageId)
    expect(copies).toHaveLength(1)

    const changed = reply.body.replace('template reply', 'changed reply')
    await expectNoEffect(h, 'webhook: replays', [401], () => h.deliver({ body: changed }, { sign: false, headers }))
    const old = h.hubspot.signWebhook({ url: h.webhookUrl, body: reply.body, timestamp: Date.now() - 6 * 60_000 })
    await expectNoEffect(h, 'webhook: replays', [401], () => h.deliver(reply, { sign: false, headers: old }))
  })
})

/** Strips the v1 signature the emulator adds, so only the v3 one is judged. */
const v3Only = (headers: Record<string, string>) => {
  const { 'x-hubspot-signature': _v1, 'x-hubspot-signature-version': _version, ...rest } = headers
  return rest
}

describe('webhook headers, on bodies that would change state if accepted', () => {
  it.each([
    ['an agent reply (channel webhook, v3 only)', 'channel'],
    ['a thread closed (app webhook, v1 or v3)', 'app'],
  ] as const)('refuses %s with a signature that cannot be right: 401, no API call', async (_name, kind) => {
    const { h, reply, closeBody } = await openSession()
    const body = kind === 'channel' ? reply.body : closeBody
    const url = h.webhookUrl
    const now = Date.now()
    const signedWith = (secret: string, over: { method?: string; url?: string; body?: string }, timestamp = now) => ({
      'x-hubspot-signature-v3': createHmac('sha256', secret)
        .update(`${over.method ?? 'POST'}${over.url ?? url}${over.body ?? body}${timestamp}`)
        .digest('base64'),
      'x-hubspot-request-timestamp': String(timestamp),
    })
    const secret = h.config.clientSecret
    const numericBadTimestamp = badTimestamp(now).filter((value) => /^\d{1,16}$/.test(value))
    const headerSets = fc.oneof(
      // Junk signatures with any timestamp, fresh ones included.
      fc
        .record({ signature: badSignature, timestamp: fc.oneof(fc.constant(String(now)), badTimestamp(now)) })
        .map(({ signature, timestamp }) => ({
          'x-hubspot-signature-v3': signature,
          'x-hubspot-request-timestamp': timestamp,
        })),
      // The right signature, for a timestamp outside the window.
      numericBadTimestamp.map((timestamp) =>
        v3Only(h.hubspot.signWebhook({ url, body, timestamp: Number(timestamp) })),
      ),
      // A real signature of something else: another body, URL, query, method or secret.
      fc.constantFrom<Record<string, string>>(
        signedWith(secret, { body: `${body} ` }),
        signedWith(secret, { url: `${url}/other` }),
        signedWith(secret, { url: `${url}?replayed=1` }),
        signedWith(secret, { url: url.replace('https://', 'http://') }),
        signedWith(secret, { method: 'PUT' }),
        signedWith(`${secret}x`, {}),
        signedWith('', {}),
      ),
      // Only half of the pair.
      fc.constantFrom<Record<string, string>>(
        { 'x-hubspot-signature-v3': signedWith(secret, {})['x-hubspot-signature-v3'] },
        { 'x-hubspot-request-timestamp': String(now) },
        {},
      ),
      // v1 forms: junk, another version, and (for channel webhooks, which are v3 only) the right v1 signature.
      fc
        .record({ version: fc.constantFrom('v1', 'V1', 'v2', 'v3', '', 'v1 '), signature: badSignature })
        .map(({ version, signature }) => ({
          'x-hubspot-signature-version': version,
          'x-hubspot-signature': signature,
        })),
      kind === 'channel'
        ? fc.constant({
            'x-hubspot-signature-version': 'v1',
            'x-hubspot-signature': h.hubspot.signWebhook({ url, body })['x-hubspot-signature'],
          })
        : fc.constant<Record<string, string>>({}),
    )
    await fc.assert(
      fc.asyncProperty(headerSets, async (headers) => {
        const calls = { hubspot: h.hubspot.calls.length, botpress: h.botpress.calls.length }
        const category = `webhook: bad signatures (${kind})`
        await expectNoEffect(h, category, [401], () => h.deliver({ body }, { sign: false, headers }))
        expect({ hubspot: h.hubspot.calls.length, botpress: h.botpress.calls.length }).toEqual(calls)
      }),
      runs(500),
    )
  })
})

/** Everything an action answered with 200 must be real: ids that exist, outputs of the declared shape. */
function expectRealOutput(h: Harness, type: string, body: string) {
  const { output } = JSON.parse(body) as { output: Record<string, unknown> }
  expect(actions[type]!.output.schema.safeParse(output).success).toBe(true)
  if (typeof output.userId === 'string') expect(h.botpress.getUser(output.userId)).toBeDefined()
  if (type === 'startHitl') {
    const conversation = h.botpress.getConversation(String(output.conversationId))
    expect(conversation?.tags.threadId).toBeTruthy()
    expect(h.hubspot.threads().some((thread) => thread.id === conversation!.tags.threadId)).toBe(true)
  }
}

/**
 * Calls an action and checks the answer: a real output, or a 400 with a message of our own (never the SDK's
 * generic crash text). A failed action leaves no thread behind in HubSpot.
 */
async function tryAction(h: Harness, category: string, type: string, input: unknown) {
  const threads = h.hubspot.threads().length
  const answer = await answerOf(() => h.call('action_triggered', { type, input }))
  counter.count(category, answer)
  if ('rejected' in answer) throw new Error(`handler(req) rejected: ${answer.rejected}`)
  expectOneOf(answer.status, [200, 400])
  expect(answer.ms).toBeLessThan(10_000)
  expect({ input, message: answer.message, crashed: answer.crashed }).toMatchObject({ crashed: false })
  if (answer.status === 200) expectRealOutput(h, type, h.responses.at(-1)!.body)
  else {
    expect(answer.message.length).toBeGreaterThan(10)
    expect(h.hubspot.threads().length).toBe(threads)
  }
  return answer
}

describe('actions', () => {
  it.each(Object.keys(actions))('%s copes with raw input the platform would have refused', async (type) => {
    const { h, userId, conversationId } = await openSession()
    const keys = ['userId', 'conversationId', 'name', 'email', 'title', 'text', 'query', 'hitlSession', 'phone']
    const real = fc.constantFrom<unknown>(userId, conversationId, 'ada@example.com', '+33612345678')
    const raw = fc.oneof(
      fc.anything({ maxDepth: 2 }),
      fc.dictionary(fc.constantFrom(...keys), fc.oneof(real, anyJson), { maxKeys: 5 }),
    )
    await fc.assert(
      fc.asyncProperty(raw, async (input) => {
        const answer = await tryAction(h, `action ${type}: raw input`, type, input)
        if (!actions[type]!.input.schema.safeParse(input).success) {
          expect(answer.message).toMatch(new RegExp(`^Invalid input for ${type}: `))
        }
      }),
      runs(60),
    )
  })

  it('createUser gives every odd but valid customer a real user', async () => {
    const { h } = await openSession()
    const input = fc.record(
      { name: oddText, email: fc.oneof(oddEmail, oddPhone), pictureUrl: fc.constantFrom(...UNFETCHABLE_URLS) },
      { requiredKeys: ['name'] },
    )
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        expect(actions.createUser!.input.schema.safeParse(value).success).toBe(true)
        const answer = await tryAction(h, 'action createUser: odd valid input', 'createUser', value)
        expect(answer.status).toBe(200)
      }),
      runs(80),
    )
  })

  it('startHitl opens a real session for odd but valid input, or refuses it clearly without a trace in HubSpot', async () => {
    const { h } = await openSession()
    const configured = h.config.inboxIds[0]!
    const historyEntry = fc.record({
      source: fc.oneof(fc.constant({ type: 'bot' as const }), fc.constant({ type: 'user' as const, userId: 'u' })),
      type: fc.constant('text' as const),
      payload: fc.record({ text: oddText.filter((text) => text.length > 0) }),
    })
    // Titles past HubSpot's 65,536-character property limit included: the ticket subject is cut to fit.
    const title = fc.oneof(oddText, fc.constant('t'.repeat(60_000)), fc.constant('t'.repeat(70_000)))
    const input = fc.record({
      customer: fc.record({ name: oddText, email: fc.oneof(oddEmail, oddPhone) }),
      title,
      description: fc.option(oddText, { nil: undefined }),
      hitlSession: fc.option(
        fc.record(
          {
            inboxId: fc.constantFrom(configured, '147002', '', ' ', '999', ` ${configured} `, '-1', 'x'.repeat(1_000)),
            phone: oddPhone,
            priority: fc.constantFrom('LOW' as const, 'MEDIUM' as const, 'HIGH' as const, 'URGENT' as const),
            reason: oddText,
            language: oddText,
          },
          { requiredKeys: [] },
        ),
        { nil: undefined },
      ),
      messageHistory: fc.array(historyEntry, { maxLength: 4 }),
    })
    await fc.assert(
      fc.asyncProperty(input, async ({ customer, ...rest }) => {
        const { userId } = await h.action<{ userId: string }>('createUser', customer)
        const value = { userId, ...rest }
        expect(actions.startHitl!.input.schema.safeParse(value).success).toBe(true)
        await tryAction(h, 'action startHitl: odd valid input', 'startHitl', value)
      }),
      runs(40),
    )
  }, 120_000)

  it('stopHitl ends a real session, and refuses clearly what is not one', async () => {
    const { h, conversationId } = await openSession()
    // Ids are kept under 10,000 characters: a request line over Node's 16 KB header limit hangs in msw's
    // interception (a test-transport artifact, not the API's).
    const ids = fc.oneof(
      fc.constant(conversationId),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('', ' ', 'conv_000001 ', '../conv_000001', '?id=conv_000001', 'c'.repeat(10_000), 'user_000001'),
    )
    await fc.assert(
      fc.asyncProperty(ids, async (id) => {
        await tryAction(h, 'action stopHitl: odd valid input', 'stopHitl', { conversationId: id })
      }),
      runs(60),
    )
  })
})

/** Relays a customer message and returns what HubSpot accepted for it. */
async function relay(h: Harness, conversationId: string, type: string, payload: Record<string, unknown>) {
  const published = acceptedPublishes(h).length
  const answer = await answerOf(async () => (await h.sendToAgent(conversationId, type, payload)).response)
  return { answer, publishes: acceptedPublishes(h).slice(published) }
}

/** The first 100,000 UTF-16 units of `text`, without cutting a character in two. */
const first100k = (text: string) => text.slice(0, /[\uD800-\uDBFF]/.test(text[99_999] ?? '') ? 99_999 : 100_000)

const LONG_TEXTS: [string, () => string][] = [
  ['words and emoji', () => first100k(Array.from({ length: 20_000 }, (_, i) => `word${i} 🎉`).join(' '))],
  ['a single 100,000-character word', () => LONG_TEXT],
  ['CJK without spaces', () => '漢字かな交じり文'.repeat(12_500)],
  ['ZWJ emoji sequences', () => '👩‍👩‍👧‍👦'.repeat(9_090)],
  ['combining marks', () => 'e\u0301'.repeat(50_000)],
  ['paragraphs and lines', () => first100k(Array.from({ length: 5_000 }, (_, i) => `line ${i}\nnext\n\n`).join(''))],
]

describe('channel payloads', () => {
  it.each(LONG_TEXTS)(
    'splits a 100,000-character text (%s) without losing or adding a character',
    async (_name, make) => {
      const { h, conversationId, userId } = await openSession()
      const text = make()
      const { answer, publishes } = await relay(h, conversationId, 'text', { text, userId })
      counter.count('channel: 100,000-character texts', answer)
      answered(answer, [200], 10_000)
      const strip = (value: string) => value.replace(/\s+/g, '')
      expect(publishes.length).toBeGreaterThanOrEqual(Math.ceil(strip(text).length / 10_000))
      expect(publishes.every((publish) => publish.text.length <= 10_000 && !BROKEN_CHARACTER.test(publish.text))).toBe(
        true,
      )
      expect(strip(publishes.map((publish) => publish.text).join(''))).toBe(strip(text))
    },
  )

  it('relays empty and blank texts without failing', async () => {
    const { h, conversationId, userId } = await openSession()
    for (const text of ['', ' ', '\n\n\t', '\u200B', '\u0000']) {
      const { answer, publishes } = await relay(h, conversationId, 'text', { text, userId })
      counter.count('channel: empty texts', answer)
      answered(answer, [200], 2_000)
      expect(publishes).toHaveLength(1)
    }
  })

  it('never fetches odd or private media URLs, gives the agent the link as text, and warns', async () => {
    const { h, conversationId, userId } = await openSession()
    const field = { image: 'imageUrl', audio: 'audioUrl', video: 'videoUrl', file: 'fileUrl' } as const
    const urls = fc.oneof(fc.constantFrom(...UNFETCHABLE_URLS), privateIpv4Url)
    const kinds = fc.constantFrom('image', 'audio', 'video', 'file', 'bloc')
    await fc.assert(
      fc.asyncProperty(urls, kinds, async (url, kind) => {
        const warnings = h.logs.lines.filter((line) => /could not be attached/.test(line)).length
        const payload =
          kind === 'bloc'
            ? { items: [{ type: 'image', payload: { imageUrl: url } }], userId }
            : { [field[kind]]: url, userId }
        const { answer, publishes } = await relay(h, conversationId, kind, payload)
        counter.count('channel: media URLs', answer)
        answered(answer, [200], 2_000)
        expect(publishes).toHaveLength(1)
        expect(publishes[0]!.attachments).toEqual([])
        expect(`${publishes[0]!.text} ${publishes[0]!.richText ?? ''}`).toContain(url.slice(0, 40))
        const warned = h.logs.lines.filter((line) => /could not be attached/.test(line)).length > warnings
        if (/^https?:/i.test(url)) expect({ url, warned }).toEqual({ url, warned: true })
      }),
      runs(120),
    )
    expect(strays).toEqual([])
    expect(h.hubspot.callCount('uploadFile')).toBe(0)
    expect(h.logs.text).not.toMatch(/\[MSW\]/)
  }, 60_000)

  it('copes with raw payloads of every type the platform would have refused', async () => {
    const { h, conversationId, userId } = await openSession()
    const payload = fc.oneof(
      fc.dictionary(fc.string({ maxLength: 10 }), anyJson, { maxKeys: 4 }),
      fc.record(
        { text: anyJson, imageUrl: anyJson, fileUrl: anyJson, items: anyJson, title: anyJson },
        { requiredKeys: [] },
      ),
    )
    const types = fc.constantFrom('text', 'image', 'audio', 'video', 'file', 'bloc')
    await fc.assert(
      fc.asyncProperty(types, payload, fc.boolean(), async (type, raw, fromCustomer) => {
        const { answer } = await relay(h, conversationId, type, fromCustomer ? { ...raw, userId } : raw)
        counter.count('channel: raw payloads', answer)
        if ('rejected' in answer) throw new Error(`handler(req) rejected: ${answer.rejected}`)
        expectOneOf(answer.status, [200, 400])
        expect(answer.ms).toBeLessThan(2_000)
      }),
      runs(150),
    )
    expect(strays).toEqual([])
  }, 60_000)
})

describe('configuration', () => {
  const FIELDS = ['clientId', 'clientSecret', 'appId', 'developerApiKey', 'refreshToken', 'inboxIds']
  const junk = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom('', ' ', '\t', 'null', '0', '-1', '1234567 ', ' 1234567', 'x'.repeat(10_000)),
    anyJson,
  )
  const inboxIds = fc.oneof(
    junk,
    fc.constantFrom([], [''], [' '], ['abc'], ['147001', 'abc'], [' 147001 '], [147001], ['147001', '147001']),
    fc.array(fc.integer({ min: 0 }).map(String), { minLength: 1, maxLength: 300 }),
  )

  const blank = (value: unknown) => !value || (typeof value === 'string' && value.trim() === '')

  /**
   * The platform checks the configuration first. An empty (or, slipping through, any falsy) refresh token just
   * means "connect with the link": register then prepares the channel and says where to connect.
   */
  const mustFail = (config: Record<string, unknown>) =>
    !configurationSchema.safeParse({
      ...config,
      refreshToken: blank(config.refreshToken) ? undefined : config.refreshToken,
    }).success

  it('registers only valid configurations; anything else fails clearly, creating no channel', async () => {
    const base = harness().config as unknown as Record<string, unknown>
    const config = fc
      .tuple(fc.dictionary(fc.constantFrom(...FIELDS), junk, { minKeys: 1, maxKeys: 3 }), fc.option(inboxIds))
      .map(([patch, ids]) => {
        const out: Record<string, unknown> = { ...base, ...patch }
        if (ids !== null) out.inboxIds = ids
        for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key]
        return out
      })
    const outcomes = { registered: 0, refused: 0 }
    await fc.assert(
      fc.asyncProperty(config, async (value) => {
        const h = harness({})
        const answer = await answerOf(() => h.register(value as never))
        counter.count('configuration: register', answer)
        if ('rejected' in answer) throw new Error(`handler(req) rejected: ${answer.rejected}`)
        expectOneOf(answer.status, [200, 400])
        expect(answer.ms).toBeLessThan(5_000)
        const channels = h.hubspot.channels().length
        if (answer.status === 200) {
          outcomes.registered++
          expect({ value, mustFail: mustFail(value) }).toEqual({ value, mustFail: false })
        } else {
          outcomes.refused++
          expect({ value, message: answer.message, crashed: answer.crashed }).toMatchObject({ crashed: false })
        }
        if (answer.status === 400) expect(channels).toBe(0)
      }),
      runs(120),
    )
    counter.note('configuration: register', outcomes)
  }, 60_000)
})

describe('all of the above', () => {
  it('never called an address it was handed', () => {
    expect(strays).toEqual([])
  })
})
