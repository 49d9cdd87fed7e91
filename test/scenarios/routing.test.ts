/**
 * Issue 19, routing: startHitl assigns the new thread to the agent the session names, else the contact's last
 * agent, else the contact's owner, else leaves HubSpot's routing; an agent who cannot take it is skipped with a log
 * line; the integration's own assignment is announced once, HubSpot's webhook echo of it included.
 */
import { DEFAULT_TEXTS } from '../../emulators/hitl-plugin/config'
import type { Chat, HitlPluginModel } from '../../emulators/hitl-plugin'
import type { WebhookDelivery } from '../../emulators/hubspot/hubspot-emulator'
import { Harness, useHarness, useTenants, type HarnessOptions } from '../support/harness'
import { pluginFor } from '../support/plugin'
import { escalate, registeredHarness } from '../support/scenario'

const harness = useHarness()
const ALICE = 'A-5001'
const BOB = 'A-5002'
const JOINED = DEFAULT_TEXTS.onHumanAgentAssignedMessage
/** The HubSpot operations routing may call (the emulator's route names). */
const ROUTING_CALLS = ['assignThread', 'getOwners', 'getOwner', 'listThreads', 'getContact'] as const

const assignedTo = (h: Harness, threadId: string) => h.hubspot.store.threads.get(threadId)!.assignedTo
const SPEC_ASSIGNEE = /^\/conversations\/conversations\/v3\/threads\/[^/]+\/assignee$/
/** The assignment PUTs HubSpot saw, as path and status (0: no answer). */
const assignCalls = (h: Harness) =>
  h.hubspot.calls
    .filter((call) => call.method === 'PUT' && call.path.endsWith('/assignee'))
    .map((call) => [call.path, call.status])
const callCounts = (h: Harness) => Object.fromEntries(ROUTING_CALLS.map((name) => [name, h.hubspot.callCount(name)]))
const ownerIdOf = (h: Harness, userId: number) =>
  h.hubspot.store.crm.portal(h.hubspot.defaultHubId).owners.find((owner) => owner.userId === userId)!.id
const agentOf = (h: Harness, userId: number) => h.hubspot.portal().agents.find((agent) => agent.userId === userId)!

async function setUp(options: HarnessOptions = {}) {
  const h = await registeredHarness(harness(options))
  h.hubspot.takeWebhookDeliveries()
  h.hubspot.clearCalls()
  return h
}

/** An earlier session of Ada that `actorId` handled and closed, as agents do in HubSpot's inbox. */
async function earlierSessionHandledBy(h: Harness, actorId: string) {
  const { threadId } = await escalate(h, { title: 'Earlier question' })
  h.hubspot.assignThread(threadId, actorId)
  h.hubspot.closeThread(threadId)
  h.hubspot.clearCalls()
  return threadId
}

describe('each routing rule alone', () => {
  it('the agent the session names by user id: assigned with one call, no lookup', async () => {
    const h = await setUp()
    const { threadId } = await escalate(h, { hitlSession: { assignTo: '5002' } })
    expect(assignedTo(h, threadId)).toBe(BOB)
    expect(callCounts(h)).toEqual({ assignThread: 1, getOwners: 0, getOwner: 0, listThreads: 0, getContact: 0 })
    expect(h.logs.text).toMatch(/assigned to user 5002, the agent the session names/)
  })

  it("assigns through the threads' own prefix when HubSpot does not serve the spec's assignee path", async () => {
    const h = await setUp({ served: { assignee: 'threads' } })
    const { threadId } = await escalate(h, { hitlSession: { assignTo: '5002' } })
    expect(assignedTo(h, threadId)).toBe(BOB)
    expect(assignCalls(h)).toEqual([
      [`/conversations/conversations/v3/threads/${threadId}/assignee`, 404],
      [`/conversations/v3/conversations/threads/${threadId}/assignee`, 200],
    ])
    expect(h.logs.text).toMatch(/HTTP 404 on the thread assignee API/)
  })

  it("assigns through the threads' own prefix when the spec's assignee path gets no answer at all", async () => {
    // What a proxy or a mock that does not know the path may do instead of answering 404.
    const h = await setUp({ served: { assignee: 'threads' } })
    h.hubspot.injectFault({ method: 'PUT', path: SPEC_ASSIGNEE, networkError: true, times: Infinity })
    const { threadId } = await escalate(h, { hitlSession: { assignTo: '5002' } })
    expect(assignedTo(h, threadId)).toBe(BOB)
    expect(assignCalls(h)).toEqual([
      [`/conversations/conversations/v3/threads/${threadId}/assignee`, 0],
      [`/conversations/v3/conversations/threads/${threadId}/assignee`, 200],
    ])
    expect(h.logs.text).toMatch(/did not answer on the thread assignee API/)
  })

  it("an outage on both assignee paths: one attempt on each, then HubSpot's routing", async () => {
    const h = await setUp()
    h.hubspot.injectFault({ method: 'PUT', path: /\/assignee$/, networkError: true, times: Infinity })
    const { threadId, conversation } = await escalate(h, { hitlSession: { assignTo: '5002' } })
    expect(assignedTo(h, threadId)).toBeUndefined()
    const spec = `/conversations/conversations/v3/threads/${threadId}/assignee`
    const guide = `/conversations/v3/conversations/threads/${threadId}/assignee`
    expect(assignCalls(h)).toEqual([
      [spec, 0],
      [guide, 0],
    ])
    expect(h.logs.text).toMatch(/gave up at the agent the session names agent A-5002, HubSpot's own routing/)
    expect(conversation.tags.routedTo).toBe('inbox')
  })

  it('the agent the session names by email: one owner lookup, then the assignment', async () => {
    const h = await setUp()
    const { threadId } = await escalate(h, { hitlSession: { assignTo: 'Alice@Agents.example.com' } })
    expect(assignedTo(h, threadId)).toBe(ALICE)
    expect(callCounts(h)).toEqual({ assignThread: 1, getOwners: 1, getOwner: 0, listThreads: 0, getContact: 0 })
  })

  it("the contact's last agent: the newest closed thread with an agent, found with one thread list", async () => {
    const h = await setUp({ config: { routeToLastAgent: true } })
    await earlierSessionHandledBy(h, ALICE)
    await earlierSessionHandledBy(h, BOB)
    const { threadId } = await escalate(h, { title: 'Back again' })
    expect(assignedTo(h, threadId)).toBe(BOB)
    expect(callCounts(h)).toEqual({ assignThread: 1, getOwners: 0, getOwner: 0, listThreads: 1, getContact: 0 })
    const list = h.hubspot.callsTo('listThreads')[0]!
    expect(list.status).toBe(200)
  })

  it("the contact's owner: found with the contact by one search instead of a create, then one owner read", async () => {
    const h = await setUp({ config: { routeToContactOwner: true } })
    h.hubspot.seedContact({ properties: { email: 'ada@example.com', hubspot_owner_id: ownerIdOf(h, 5001) } })
    const { threadId } = await escalate(h)
    expect(assignedTo(h, threadId)).toBe(ALICE)
    expect(callCounts(h)).toEqual({ assignThread: 1, getOwners: 0, getOwner: 1, listThreads: 0, getContact: 0 })
    expect([h.hubspot.callCount('searchContacts'), h.hubspot.callCount('createContact')]).toEqual([1, 0])
  })

  it("the contact's owner of a contact linked in an earlier session: one contact read, one owner read", async () => {
    const h = await setUp({ config: { routeToContactOwner: true } })
    const contactId = h.hubspot.seedContact({ properties: { email: 'ada@example.com' } })
    await escalate(h, { title: 'Earlier' })
    h.hubspot.store.crm.portal(h.hubspot.defaultHubId).objects.contacts.get(contactId)!.properties.hubspot_owner_id =
      ownerIdOf(h, 5002)
    h.hubspot.clearCalls()
    const { threadId } = await escalate(h, { title: 'Later' })
    expect(assignedTo(h, threadId)).toBe(BOB)
    expect(callCounts(h)).toEqual({ assignThread: 1, getOwners: 0, getOwner: 1, listThreads: 0, getContact: 1 })
  })

  it('a new contact has no owner: the owner rule makes no further call', async () => {
    const h = await setUp({ config: { routeToContactOwner: true } })
    const { threadId } = await escalate(h)
    expect(assignedTo(h, threadId)).toBeUndefined()
    expect(callCounts(h)).toEqual({ assignThread: 0, getOwners: 0, getOwner: 0, listThreads: 0, getContact: 0 })
    expect(h.logs.text).toMatch(/skipped the contact's owner: contact \d+ has no owner/)
  })

  it("the contact's owner of a customer found by phone: the search read the owner, one owner read only", async () => {
    const h = await setUp({ config: { routeToContactOwner: true } })
    h.hubspot.seedContact({ properties: { phone: '+14155550123', hubspot_owner_id: ownerIdOf(h, 5002) } })
    // The card's email field takes a phone number too.
    const { threadId } = await escalate(h, { email: '+14155550123' })
    expect(assignedTo(h, threadId)).toBe(BOB)
    expect(callCounts(h)).toEqual({ assignThread: 1, getOwners: 0, getOwner: 1, listThreads: 0, getContact: 0 })
  })

  it('unconfigured: no routing call, no routing tag, HubSpot routes as before', async () => {
    const h = await setUp()
    const { threadId, conversation } = await escalate(h)
    expect(assignedTo(h, threadId)).toBeUndefined()
    expect(callCounts(h)).toEqual({ assignThread: 0, getOwners: 0, getOwner: 0, listThreads: 0, getContact: 0 })
    expect(h.hubspot.callCount('getActor')).toBe(0)
    expect(conversation.tags.routedTo).toBeUndefined()
  })
})

describe('precedence', () => {
  const everyRule = { routeToLastAgent: true, routeToContactOwner: true }

  it('the named agent beats the last agent and the owner, whose lookups are never made', async () => {
    const h = await setUp({ config: everyRule })
    h.hubspot.seedContact({ properties: { email: 'ada@example.com', hubspot_owner_id: ownerIdOf(h, 5002) } })
    await earlierSessionHandledBy(h, BOB)
    const { threadId } = await escalate(h, { title: 'Now', hitlSession: { assignTo: '5001' } })
    expect(assignedTo(h, threadId)).toBe(ALICE)
    expect(callCounts(h)).toEqual({ assignThread: 1, getOwners: 0, getOwner: 0, listThreads: 0, getContact: 0 })
  })

  it('the last agent beats the owner', async () => {
    const h = await setUp({ config: everyRule })
    h.hubspot.seedContact({ properties: { email: 'ada@example.com', hubspot_owner_id: ownerIdOf(h, 5002) } })
    await earlierSessionHandledBy(h, ALICE)
    const { threadId } = await escalate(h, { title: 'Now' })
    expect(assignedTo(h, threadId)).toBe(ALICE)
    expect(h.hubspot.callCount('getOwner')).toBe(0)
  })

  it('without an earlier agent, the owner', async () => {
    const h = await setUp({ config: everyRule })
    h.hubspot.seedContact({ properties: { email: 'ada@example.com', hubspot_owner_id: ownerIdOf(h, 5002) } })
    const { threadId } = await escalate(h)
    expect(assignedTo(h, threadId)).toBe(BOB)
    expect(h.logs.text).toMatch(/skipped the contact's last agent: contact \d+ has no earlier thread with an agent/)
  })
})

describe('an agent who cannot take the thread is skipped, with the reason in the log', () => {
  it('an email no HubSpot user has: the next rule', async () => {
    const h = await setUp({ config: { routeToContactOwner: true } })
    h.hubspot.seedContact({ properties: { email: 'ada@example.com', hubspot_owner_id: ownerIdOf(h, 5002) } })
    const { threadId } = await escalate(h, { hitlSession: { assignTo: 'nobody@agents.example.com' } })
    expect(assignedTo(h, threadId)).toBe(BOB)
    expect(h.logs.text).toMatch(
      /skipped the agent the session names: no active HubSpot user has the email nobody@agents\.example\.com/,
    )
  })

  it('a user of another inbox: HubSpot refuses, the handoff goes on with HubSpot routing', async () => {
    const h = await setUp()
    agentOf(h, 5002).inboxIds = ['147002']
    const { threadId, conversation } = await escalate(h, { hitlSession: { assignTo: '5002' } })
    expect(assignedTo(h, threadId)).toBeUndefined()
    expect(h.hubspot.callsTo('assignThread').map((call) => call.status)).toEqual([400])
    expect(h.logs.text).toMatch(/skipped the agent the session names agent A-5002: .*not a user of inbox 147001/)
    expect(h.logs.text).toMatch(/no rule chose an agent, HubSpot's own routing assigns it/)
    expect(conversation.tags.routedTo).toBe('inbox')
  })

  it('a deactivated user: named by email, the owner lookup says so and no assignment is tried', async () => {
    const h = await setUp()
    agentOf(h, 5002).deactivated = true
    h.hubspot.store.crm.portal(h.hubspot.defaultHubId).owners.find((o) => o.userId === 5002)!.deactivated = true
    const { threadId } = await escalate(h, { hitlSession: { assignTo: 'bob@agents.example.com' } })
    expect(assignedTo(h, threadId)).toBeUndefined()
    expect(h.hubspot.callCount('assignThread')).toBe(0)
    expect(h.logs.text).toMatch(
      /skipped the agent the session names: bob@agents\.example\.com \(user 5002\) is deactivated/,
    )
  })

  it('a deactivated last agent: HubSpot refuses, and the owner takes the thread', async () => {
    const h = await setUp({ config: { routeToLastAgent: true, routeToContactOwner: true } })
    h.hubspot.seedContact({ properties: { email: 'ada@example.com', hubspot_owner_id: ownerIdOf(h, 5001) } })
    await earlierSessionHandledBy(h, BOB)
    agentOf(h, 5002).deactivated = true
    const { threadId } = await escalate(h, { title: 'Now' })
    expect(assignedTo(h, threadId)).toBe(ALICE)
    expect(h.logs.text).toMatch(/skipped the contact's last agent agent A-5002: .*User 5002 is deactivated/)
  })

  it('an archived owner: the owner read finds none, HubSpot routes', async () => {
    const h = await setUp({ config: { routeToContactOwner: true } })
    const ownerId = ownerIdOf(h, 5002)
    h.hubspot.seedContact({ properties: { email: 'ada@example.com', hubspot_owner_id: ownerId } })
    h.hubspot.store.crm.portal(h.hubspot.defaultHubId).owners.find((o) => o.id === ownerId)!.archived = true
    const { threadId } = await escalate(h)
    expect(assignedTo(h, threadId)).toBeUndefined()
    expect(h.logs.text).toMatch(/skipped the contact's owner: HubSpot could not read owner \d+ \(HTTP 404/)
  })

  it('HubSpot failing (5xx after the retries): the handoff succeeds, on HubSpot routing, and says so', async () => {
    const h = await setUp({ config: { routeToContactOwner: true } })
    h.hubspot.seedContact({ properties: { email: 'ada@example.com', hubspot_owner_id: ownerIdOf(h, 5001) } })
    h.hubspot.injectFault({ operation: 'assignThread', status: 503, times: 10 })
    const { threadId, conversation } = await escalate(h, { hitlSession: { assignTo: '5002' } })
    expect(assignedTo(h, threadId)).toBeUndefined()
    expect(h.logs.text).toMatch(/gave up at the agent the session names agent A-5002, HubSpot's own routing/)
    // An outage ends the routing: the owner rule is not tried against it.
    expect(h.hubspot.callCount('getOwner')).toBe(0)
    expect(conversation.tags.routedTo).toBe('inbox')
  }, 30_000)

  it('an assignTo that is neither an email nor an id: logged, the handoff goes on', async () => {
    const h = await setUp()
    const { threadId } = await escalate(h, { hitlSession: { assignTo: 'Alice' } })
    expect(assignedTo(h, threadId)).toBeUndefined()
    expect(h.logs.text).toMatch(/"Alice" is neither an email nor a numeric HubSpot user id/)
  })
})

describe('retries of startHitl', () => {
  const input = (userId: string) => ({
    userId,
    title: 'Refund',
    hitlSession: { assignTo: '5001', reason: 'Asked for Alice' },
    messageHistory: [],
  })

  it('the same call again after it succeeded assigns nothing more', async () => {
    const h = await setUp()
    const { userId } = await h.action<{ userId: string }>('createUser', { name: 'Ada', email: 'ada@example.com' })
    const first = await h.action<{ conversationId: string }>('startHitl', input(userId))
    const again = await h.action<{ conversationId: string }>('startHitl', input(userId))
    expect(again.conversationId).toBe(first.conversationId)
    expect(h.hubspot.callCount('assignThread')).toBe(1)
  })

  it('a retry of an attempt that failed before routing routes once', async () => {
    const h = await setUp()
    const { userId } = await h.action<{ userId: string }>('createUser', { name: 'Ada', email: 'ada@example.com' })
    h.hubspot.injectFault({ operation: 'postThreadMessage', status: 400 })
    await expect(h.action('startHitl', input(userId))).rejects.toThrow()
    expect(h.hubspot.callCount('assignThread')).toBe(0)
    await h.action('startHitl', input(userId))
    await h.action('startHitl', input(userId))
    expect(h.hubspot.callsTo('assignThread').map((call) => call.status)).toEqual([200])
  })
})

describe('"joined" once for the integration’s own assignment', () => {
  const textsOf = (plugin: HitlPluginModel, chat: Chat) =>
    plugin.chatMessages(chat).map((m) => String(m.payload.text ?? m.type))
  const joinedCount = (plugin: HitlPluginModel, chat: Chat) => textsOf(plugin, chat).filter((t) => t === JOINED).length
  const isAssignmentEcho = (delivery: WebhookDelivery) => delivery.body.includes('"assignedTo"')

  async function routedSession() {
    const h = await setUp()
    const plugin = pluginFor(h)
    const chat = plugin.openChat({ name: 'Ada' })
    await plugin.customerSays(chat, 'text', { text: 'I need Alice' })
    const outcome = await plugin.startHitl(chat, {
      title: 'Help',
      userEmail: 'ada@example.com',
      hitlSession: { assignTo: 'alice@agents.example.com' },
    })
    if (!outcome.started) throw new Error(`not started: ${outcome.skipped}`)
    const downstreamId = outcome.downstreamConversationId
    const threadId = h.botpress.getConversation(downstreamId)!.tags.threadId!
    const echoes = h.hubspot.takeWebhookDeliveries().filter(isAssignmentEcho)
    expect(echoes).toHaveLength(1)
    return { h, plugin, chat, downstreamId, threadId, echo: echoes[0]! }
  }

  it('the echo announces the agent once; a redelivery of it announces nothing', async () => {
    const { h, plugin, chat, echo } = await routedSession()
    expect((await h.deliver(echo)).status).toBe(200)
    expect((await h.deliver(echo)).status).toBe(200)
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(1)
    expect(plugin.session(chat).humanAgent?.name).toBe('Alice Agent')
    expect(plugin.dropped).toEqual([])
  })

  it('the echo delivered in parallel: one notice', async () => {
    const { h, plugin, chat, echo } = await routedSession()
    const answers = await Promise.all([h.deliver(echo), h.deliver(echo), h.deliver(echo)])
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200])
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(1)
  })

  it('the customer writes before the echo: their message announces the agent, the late echo nothing', async () => {
    const { h, plugin, chat, echo } = await routedSession()
    await plugin.customerSays(chat, 'text', { text: 'Hello?' })
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(1)
    expect((await h.deliver(echo)).status).toBe(200)
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(1)
  })

  it('the echo before the customer writes: the message after it announces nothing more', async () => {
    const { h, plugin, chat, echo } = await routedSession()
    expect((await h.deliver(echo)).status).toBe(200)
    await plugin.customerSays(chat, 'text', { text: 'Hello?' })
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(1)
    expect(textsOf(plugin, chat)).toContain('Hello?')
  })

  it('the echo arriving while startHitl still runs (before it recorded the assignment): one notice, nothing dropped', async () => {
    const h = await setUp()
    const plugin = pluginFor(h)
    const chat = plugin.openChat({ name: 'Ada' })
    await plugin.customerSays(chat, 'text', { text: 'I need Alice' })
    // HubSpot sends the echo at once; startHitl is still reading the agent's profile.
    h.hubspot.injectFault({ operation: 'getActor', delayMs: 300 })
    const started = plugin.startHitl(chat, {
      title: 'Help',
      userEmail: 'ada@example.com',
      hitlSession: { assignTo: '5001' },
    })
    while (h.hubspot.callCount('assignThread') === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    const echo = h.hubspot.takeWebhookDeliveries().find(isAssignmentEcho)!
    const answered = h.deliver(echo)
    expect((await started).started).toBe(true)
    expect((await answered).status).toBe(200)
    await plugin.customerSays(chat, 'text', { text: 'Hello?' })
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(1)
    expect(plugin.session(chat).humanAgent?.name).toBe('Alice Agent')
    expect(plugin.dropped).toEqual([])
  })

  it("the assigned agent's replies come from the user the plugin was told of", async () => {
    const { h, plugin, chat, threadId, downstreamId, echo } = await routedSession()
    await h.deliver(echo)
    await h.deliver(h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'Hi, Alice here' }))
    await plugin.idle()
    const announced = h.botpress.getConversation(downstreamId)!.tags.knownAgentUserId
    const replied = [...h.botpress.store.messages.values()].find((m) => m.payload.text === 'Hi, Alice here')
    expect(replied?.userId).toBe(announced)
    expect(plugin.session(chat).humanAgent?.id).toBe(announced)
    expect(joinedCount(plugin, chat)).toBe(1)
  })

  it('without an echo, the agent’s first reply is the one notice', async () => {
    const { h, plugin, chat, threadId } = await routedSession()
    await h.deliver(h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'Hi, Alice here' }))
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(1)
    expect(textsOf(plugin, chat)).toContain('Hi, Alice here')
  })
})

describe('several bots on one integration', () => {
  const tenants = useTenants()

  it('each install routes in its own HubSpot account, to its own Botpress user of the agent', async () => {
    const [first, second] = tenants([
      { botId: 'bot_a', hubId: 111 },
      { botId: 'bot_b', hubId: 222 },
    ])
    for (const h of [first!, second!]) await registeredHarness(h)
    const sessions = []
    for (const h of [first!, second!]) sessions.push(await escalate(h, { hitlSession: { assignTo: '5001' } }))
    for (const [index, h] of [first!, second!].entries()) {
      const { threadId, conversationId } = sessions[index]!
      expect(h.hubspot.store.threads.get(threadId)!.assignedTo).toBe(ALICE)
      const pending = h.botpress.getConversation(conversationId)!.tags.pendingAgentUserId!
      expect(h.botpress.store.users.get(pending)?.tags.hubspotActorId).toBe(ALICE)
    }
  })
})
