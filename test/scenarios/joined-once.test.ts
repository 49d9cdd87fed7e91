/**
 * Issue 21 through the HITL plugin model and the integration's handler: the customer reads "joined" once per agent
 * in every order of assignment and replies, an early assignment reaches them within seconds of the activation,
 * an agent reply in the activation gap is delivered (SENT only then), and a session's end is told right.
 */
import { DEFAULT_TEXTS } from '../../emulators/hitl-plugin/config'
import type { Chat, HitlPluginModel } from '../../emulators/hitl-plugin'
import { activationHold } from '../../src/hitl/activation'
import { Harness, useHarness } from '../support/harness'
import { pluginFor } from '../support/plugin'
import { aMomentLater, pastActivationWindow, registeredHarness, threadItems } from '../support/scenario'

const harness = useHarness()
const ALICE = 'A-5001'
const BOB = 'A-5002'
const JOINED = DEFAULT_TEXTS.onHumanAgentAssignedMessage

const textsOf = (plugin: HitlPluginModel, chat: Chat) =>
  plugin.chatMessages(chat).map((m) => String(m.payload.text ?? m.type))
const joinedCount = (plugin: HitlPluginModel, chat: Chat) => textsOf(plugin, chat).filter((t) => t === JOINED).length
const threadOf = (h: Harness, downstreamId: string) => h.botpress.getConversation(downstreamId)!.tags.threadId!
const assign = (h: Harness, downstreamId: string, actorId: string | null) =>
  h.deliver(h.hubspot.assignThread(threadOf(h, downstreamId), actorId))
const reply = (h: Harness, downstreamId: string, actorId: string, text: string) => {
  const delivery = h.hubspot.agentReply({ threadId: threadOf(h, downstreamId), actorId, text })
  return { delivery, messageId: (JSON.parse(delivery.body) as { message: { id: string } }).message.id }
}
const statusOf = (h: Harness, downstreamId: string, messageId: string) =>
  threadItems(h, threadOf(h, downstreamId)).find((m) => m.id === messageId)?.status?.statusType

async function setUp() {
  const h = await registeredHarness(harness())
  const plugin = pluginFor(h)
  const chat = plugin.openChat({ name: 'Ada' })
  await plugin.customerSays(chat, 'text', { text: 'I need a person' })
  return { h, plugin, chat }
}

async function escalate(plugin: HitlPluginModel, chat: Chat, hooks: Parameters<HitlPluginModel['startHitl']>[2] = {}) {
  const outcome = await plugin.startHitl(chat, { title: 'Help', userEmail: 'ada@example.com' }, hooks)
  if (!outcome.started) throw new Error(`not started: ${outcome.skipped}`)
  return outcome.downstreamConversationId
}

/** A session an agent works on a while after the handoff: past the window in which the plugin may be activating. */
async function escalateSettled(h: Harness, plugin: HitlPluginModel, chat: Chat) {
  const downstreamId = await escalate(plugin, chat)
  pastActivationWindow(h, downstreamId)
  return downstreamId
}

describe('"joined" once per agent, in every order', () => {
  it('assigned, then replies: one notice', async () => {
    const { h, plugin, chat } = await setUp()
    const downstreamId = await escalateSettled(h, plugin, chat)
    expect((await assign(h, downstreamId, ALICE)).status).toBe(200)
    await h.deliver(reply(h, downstreamId, ALICE, 'Hi, Alice here').delivery)
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(1)
    expect(textsOf(plugin, chat)).toContain('Hi, Alice here')
  })

  it('replies first, then HubSpot assigns the same agent: one notice', async () => {
    const { h, plugin, chat } = await setUp()
    const downstreamId = await escalateSettled(h, plugin, chat)
    await h.deliver(reply(h, downstreamId, ALICE, 'Hi, Alice here').delivery)
    await plugin.idle()
    expect((await assign(h, downstreamId, ALICE)).status).toBe(200)
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(1)
    expect(plugin.session(chat).humanAgent?.name).toBe('Alice Agent')
  })

  it('assigned during startHitl: one notice within seconds of the activation, the customer silent', async () => {
    const { h, plugin, chat } = await setUp()
    // HubSpot's routing assigns the new thread while startHitl still posts the handoff note.
    h.hubspot.injectFault({ operation: 'postThreadMessage', delayMs: 300 })
    const started = plugin.startHitl(chat, {
      title: 'Help',
      userEmail: 'ada@example.com',
      hitlSession: { reason: 'Asked for a person' },
    })
    let downstreamId: string | undefined
    while (!downstreamId) {
      await new Promise((resolve) => setTimeout(resolve, 10))
      downstreamId = h.botpress.conversations.find((c) => c.channel === 'hitl' && c.tags.threadId)?.id
    }
    const assigned = assign(h, downstreamId, ALICE)
    await started
    const activatedAt = Date.now()
    expect((await assigned).status).toBe(200)
    await plugin.idle()
    expect(Date.now() - activatedAt).toBeLessThan(5_000)
    expect(joinedCount(plugin, chat)).toBe(1)
    expect(plugin.session(chat).humanAgent?.name).toBe('Alice Agent')
    expect(plugin.dropped).toEqual([])
  })

  it('assigned in the activation gap: one notice within seconds, the customer silent', async () => {
    const { h, plugin, chat } = await setUp()
    let assigned: ReturnType<typeof assign> | undefined
    const downstreamId = await escalate(plugin, chat, {
      beforeActivation: async (id) => void (assigned = assign(h, id, ALICE)),
      // The plugin's last writes after its link tag take a moment.
      afterLink: () => new Promise((resolve) => setTimeout(resolve, 200)),
    })
    const activatedAt = Date.now()
    expect((await assigned!).status).toBe(200)
    await plugin.idle()
    expect(Date.now() - activatedAt).toBeLessThan(5_000)
    expect(joinedCount(plugin, chat)).toBe(1)
    expect(plugin.dropped).toEqual([])
    expect((await assign(h, downstreamId, ALICE)).status).toBe(200)
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(1)
  })

  it('assigned, unassigned, assigned again to the same agent: one notice', async () => {
    const { h, plugin, chat } = await setUp()
    const downstreamId = await escalateSettled(h, plugin, chat)
    expect((await assign(h, downstreamId, ALICE)).status).toBe(200)
    await aMomentLater()
    expect((await assign(h, downstreamId, null)).status).toBe(200)
    await aMomentLater()
    expect((await assign(h, downstreamId, ALICE)).status).toBe(200)
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(1)
  })

  it('reassigned to another agent: one more notice naming them, and their replies come from their own user', async () => {
    const { h, plugin, chat } = await setUp()
    const downstreamId = await escalateSettled(h, plugin, chat)
    await h.deliver(reply(h, downstreamId, ALICE, 'Alice speaking').delivery)
    expect((await assign(h, downstreamId, ALICE)).status).toBe(200)
    await aMomentLater()
    expect((await assign(h, downstreamId, BOB)).status).toBe(200)
    await h.deliver(reply(h, downstreamId, BOB, 'Bob speaking').delivery)
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(2)
    expect(plugin.session(chat).humanAgent?.name).toBe('Bob Agent')
    const bobs = plugin.chatMessages(chat).find((m) => m.payload.text === 'Bob speaking')!
    expect(bobs.agent?.name).toBe('Bob Agent')
  })

  it('a second session in the same chat gets its own first notice', async () => {
    const { h, plugin, chat } = await setUp()
    const first = await escalateSettled(h, plugin, chat)
    expect((await assign(h, first, ALICE)).status).toBe(200)
    await h.deliver(h.hubspot.closeThread(threadOf(h, first)))
    await plugin.idle()
    expect(plugin.session(chat).active).toBe(false)
    await plugin.customerSays(chat, 'text', { text: 'One more thing' })
    const second = await escalateSettled(h, plugin, chat)
    await h.deliver(reply(h, second, ALICE, 'Alice again').delivery)
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(2)
    expect((await assign(h, second, ALICE)).status).toBe(200)
    await plugin.idle()
    expect(joinedCount(plugin, chat)).toBe(2)
  })

  it('a held assignment is cancelled only by its own agent’s reply: another agent’s reply leaves it to be announced', async () => {
    const { h, plugin, chat } = await setUp()
    const budget = activationHold.budgetMs
    activationHold.budgetMs = 300
    try {
      let assigned: ReturnType<typeof assign> | undefined
      const downstreamId = await escalate(plugin, chat, {
        // A plugin slower than the hold: the assignment is left pending for a redelivery.
        beforeActivation: async (id) => {
          assigned = assign(h, id, ALICE)
          expect((await assigned).status).toBe(503)
        },
      })
      await h.deliver(reply(h, downstreamId, BOB, 'Bob here first').delivery)
      await plugin.idle()
      expect(plugin.session(chat).humanAgent?.name).toBe('Bob Agent')
      pastActivationWindow(h, downstreamId)
      expect((await assigned!.then(() => assign(h, downstreamId, ALICE))).status).toBe(200)
      await plugin.idle()
      expect(joinedCount(plugin, chat)).toBe(2)
      expect(plugin.session(chat).humanAgent?.name).toBe('Alice Agent')
    } finally {
      activationHold.budgetMs = budget
    }
  })
})

describe('no agent reply lost in the activation gap', () => {
  it('holds a reply written before the activation and delivers it once the session is active: SENT only then', async () => {
    const { h, plugin, chat } = await setUp()
    let sent: { delivery: { body: string }; messageId: string } | undefined
    let answered: Promise<{ status: number }> | undefined
    const downstreamId = await escalate(plugin, chat, {
      beforeActivation: async (id) => {
        sent = reply(h, id, ALICE, 'Hi, I am here')
        answered = h.deliver(sent.delivery)
        await new Promise((resolve) => setTimeout(resolve, 100))
        expect(statusOf(h, id, sent.messageId)).not.toBe('SENT')
      },
    })
    expect((await answered!).status).toBe(200)
    await plugin.idle()
    expect(textsOf(plugin, chat)).toContain('Hi, I am here')
    expect(joinedCount(plugin, chat)).toBe(1)
    expect(plugin.dropped).toEqual([])
    expect(statusOf(h, downstreamId, sent!.messageId)).toBe('SENT')
  })

  it('answers a reply the plugin cannot take yet for redelivery, without SENT, and delivers it on the redelivery', async () => {
    const { h, plugin, chat } = await setUp()
    const budget = activationHold.budgetMs
    activationHold.budgetMs = 300
    try {
      let sent: { delivery: { body: string }; messageId: string } | undefined
      const downstreamId = await escalate(plugin, chat, {
        beforeActivation: async (id) => {
          sent = reply(h, id, ALICE, 'Hi, I am here')
          expect((await h.deliver(sent.delivery)).status).toBe(503)
        },
      })
      await plugin.idle()
      expect(statusOf(h, downstreamId, sent!.messageId)).not.toBe('SENT')
      expect(textsOf(plugin, chat)).not.toContain('Hi, I am here')
      expect((await h.deliver(sent!.delivery)).status).toBe(200)
      await plugin.idle()
      expect(textsOf(plugin, chat).filter((t) => t === 'Hi, I am here')).toHaveLength(1)
      expect(statusOf(h, downstreamId, sent!.messageId)).toBe('SENT')
      expect(plugin.dropped).toEqual([])
    } finally {
      activationHold.budgetMs = budget
    }
  })
})

describe('late messages of an ended session', () => {
  it('gives the agent a customer message that raced their close as a note, and names the agent as the one who ended it', async () => {
    const { h, plugin, chat } = await setUp()
    const downstreamId = await escalateSettled(h, plugin, chat)
    const threadId = threadOf(h, downstreamId)
    expect((await h.deliver(h.hubspot.closeThread(threadId))).status).toBe(200)
    // Typed before the plugin handled hitlStopped: the plugin still relays it.
    const customerUserId = h.botpress.getConversation(downstreamId)!.tags.customerUserId!
    await h.sendToAgent(downstreamId, 'text', { text: 'Wait, one more question', userId: customerUserId })
    expect(h.hubspot.store.threads.get(threadId)!.status).toBe('CLOSED')
    const note = threadItems(h, threadId).find((item) => item.text?.includes('Wait, one more question'))
    expect(note?.type).toBe('COMMENT')
    expect(note?.text).toMatch(/after the session ended/)

    const late = reply(h, downstreamId, ALICE, 'Sure, go ahead')
    expect((await h.deliver(late.delivery)).status).toBe(200)
    const failed = threadItems(h, threadId).find((item) => item.id === late.messageId) as {
      status?: { statusType: string; failureDetails?: { errorMessage?: string } }
    }
    expect(failed.status?.statusType).toBe('FAILED')
    expect(JSON.stringify(failed.status)).toMatch(/closed in HubSpot/)
    await plugin.idle()
  })
})
