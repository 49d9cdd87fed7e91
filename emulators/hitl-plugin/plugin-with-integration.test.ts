/**
 * The plugin model driving the real integration (its handler, in-process) against the HubSpot emulator: one
 * session at a time, the behaviour that does not depend on how the integration keys sessions.
 */
import { useHarness, type Harness } from '../../test/support/harness'
import { pluginFor } from '../../test/support/plugin'
import { acceptedPublishes, registeredHarness, threadItems } from '../../test/support/scenario'
import { DEFAULT_TEXTS } from './config'
import type { Chat, HitlPluginModel, PluginConfiguration } from './index'

const harness = useHarness()
const ALICE = 'A-5001'
const BOB = 'A-5002'

async function handoff(options: { config?: PluginConfiguration } = {}) {
  const h = await registeredHarness(harness())
  const continued: string[] = []
  const plugin = pluginFor(h, { ...options, onFlowContinues: (id) => continued.push(id) })
  const chat = plugin.openChat({ name: 'Ada Lovelace' })
  await plugin.customerSays(chat, 'text', { text: 'My parcel never arrived' })
  plugin.botSays(chat, 'markdown', { markdown: 'Sorry to hear that. **Escalating.**' })
  const outcome = await plugin.startHitl(chat, { title: 'Parcel never arrived', userEmail: 'ada@example.com' })
  if (!outcome.started) throw new Error(`the session did not start: ${outcome.skipped}`)
  const downstreamId = outcome.downstreamConversationId
  const threadId = h.botpress.getConversation(downstreamId)!.tags.threadId!
  return { h, plugin, chat, downstreamId, threadId, continued }
}

const customerTexts = (plugin: HitlPluginModel, chat: Chat) =>
  plugin.chatMessages(chat).map((message) => String(message.payload.text ?? message.payload.markdown ?? message.type))
const threadStatus = (h: Harness, threadId: string) => h.hubspot.threads().find((t) => t.id === threadId)?.status

describe('the plugin model with the integration', () => {
  it('escalates: the thread opens with the chat so far, the handoff notice included, and the session is active', async () => {
    const { h, plugin, chat, downstreamId, threadId } = await handoff()
    expect(plugin.session(chat)).toEqual({ active: true, downstreamConversationId: downstreamId })
    const customer = h.botpress.getUser(h.botpress.getUser(chat.userId)!.tags['hitl#downstream']!)!
    expect(customer.tags).toMatchObject({ email: 'ada@example.com', 'hitl#upstream': chat.userId })
    const opening = threadItems(h, threadId)[0]!.text!
    expect(opening).toContain('My parcel never arrived')
    expect(opening).toContain('Escalating.')
    expect(opening).toContain(DEFAULT_TEXTS.onHitlHandoffMessage)
    expect(customerTexts(plugin, chat).at(-1)).toBe(DEFAULT_TEXTS.onHitlHandoffMessage)
  })

  it('relays each supported type as the customer, and refuses markdown without relaying it', async () => {
    const { h, plugin, chat, downstreamId } = await handoff()
    const customerId = h.botpress.getUser(chat.userId)!.tags['hitl#downstream']
    const png = h.serveMedia('/photo.png', new Uint8Array([137, 80, 78, 71, 1, 2, 3]), 'image/png')
    const sends: [string, Record<string, unknown>][] = [
      ['text', { text: 'Order 1234' }],
      ['image', { imageUrl: png }],
      ['video', { videoUrl: h.serveMedia('/clip.mp4', 'mp4data', 'video/mp4') }],
      ['audio', { audioUrl: h.serveMedia('/voice.mp3', 'ID3voice', 'audio/mpeg') }],
      ['file', { fileUrl: h.serveMedia('/receipt.pdf', '%PDF-1.4', 'application/pdf'), title: 'receipt.pdf' }],
      ['bloc', { items: [{ type: 'image', payload: { imageUrl: png } }] }],
    ]
    for (const [type, payload] of sends) {
      const published = acceptedPublishes(h).length
      const outcome = await plugin.customerSays(chat, type, payload)
      expect(outcome).toMatchObject({ handledBy: 'agent', status: 200 })
      const relayed = h.botpress.messagesIn(downstreamId).at(-1)!
      expect(relayed.payload).toEqual({ type, ...payload, userId: customerId })
      expect(relayed.tags['hitl#upstream']).toBe(plugin.chatMessages(chat).at(-1)!.id)
      expect(acceptedPublishes(h)).toHaveLength(published + 1)
    }
    const relayedBefore = h.botpress.messagesIn(downstreamId).length
    expect(await plugin.customerSays(chat, 'markdown', { markdown: '**urgent**' })).toMatchObject({
      handledBy: 'refused',
    })
    expect(customerTexts(plugin, chat).at(-1)).toBe(
      'Sorry, I can only handle one of the following message types: text, image, video, audio, file, bloc',
    )
    expect(h.botpress.messagesIn(downstreamId)).toHaveLength(relayedBefore)
  })

  it("copies the agent's reply to the customer as the bot, and its sender becomes the session's agent", async () => {
    const { h, plugin, chat, downstreamId, threadId } = await handoff()
    expect((await h.deliver(h.hubspot.agentReply({ threadId, actorId: ALICE, text: 'Hi Ada, on it.' }))).status).toBe(
      200,
    )
    await plugin.idle()
    const [joined, reply] = plugin.chatMessages(chat).slice(-2)
    expect(joined!.payload).toEqual({ type: 'text', text: DEFAULT_TEXTS.onHumanAgentAssignedMessage })
    expect(reply).toMatchObject({ from: 'bot', payload: { type: 'text', text: 'Hi Ada, on it.' } })
    expect(reply!.agent?.name).toBe('Alice Agent')
    const agentMessage = h.botpress.messagesIn(downstreamId).at(-1)!
    expect(agentMessage).toMatchObject({ direction: 'incoming', userId: reply!.agent!.userId })
    expect(reply!.tags['hitl#downstream']).toBe(agentMessage.id)
    expect(plugin.session(chat).humanAgent).toEqual({ id: reply!.agent!.userId, name: 'Alice Agent' })
  })

  it('tells the customer when an agent is assigned after activation, and again when another one is', async () => {
    const { h, plugin, chat, threadId } = await handoff()
    const joinedCount = () =>
      customerTexts(plugin, chat).filter((text) => text === DEFAULT_TEXTS.onHumanAgentAssignedMessage).length
    await h.deliver(h.hubspot.assignThread(threadId, ALICE))
    // The customer's next message is the latest point at which the integration reports an assignment.
    await plugin.customerSays(chat, 'text', { text: 'Anyone there?' })
    await plugin.idle()
    expect(joinedCount()).toBe(1)
    expect(plugin.session(chat).humanAgent?.name).toBe('Alice Agent')
    await h.deliver(h.hubspot.assignThread(threadId, BOB))
    await plugin.customerSays(chat, 'text', { text: 'Hello Bob?' })
    await plugin.idle()
    expect(joinedCount()).toBe(2)
    expect(plugin.session(chat).humanAgent?.name).toBe('Bob Agent')
    expect(plugin.dropped).toEqual([])
  })

  it('/end tells the agent, ends the session, closes the thread through stopHitl and tells the customer', async () => {
    const { h, plugin, chat, downstreamId, threadId, continued } = await handoff()
    expect(await plugin.customerSays(chat, 'text', { text: ' /END ' })).toMatchObject({ handledBy: 'closed' })
    expect(h.botpress.messagesIn(downstreamId).at(-1)!.payload).toEqual({
      type: 'text',
      text: DEFAULT_TEXTS.onUserHitlCancelledMessage,
    })
    expect(threadStatus(h, threadId)).toBe('CLOSED')
    expect(customerTexts(plugin, chat).at(-1)).toBe(DEFAULT_TEXTS.onUserHitlCloseMessage)
    expect(plugin.session(chat)).toMatchObject({ active: false, endReason: 'patient-used-termination-command' })
    expect(continued).toEqual([chat.conversationId])
  })

  it('the Stop HITL card does the same without a word to the customer', async () => {
    const { h, plugin, chat, threadId, continued } = await handoff()
    const before = plugin.chatMessages(chat).length
    await plugin.stopHitl(chat)
    expect(threadStatus(h, threadId)).toBe('CLOSED')
    expect(threadItems(h, threadId).some((item) => item.text?.includes(DEFAULT_TEXTS.onUserHitlCancelledMessage))).toBe(
      true,
    )
    expect(plugin.chatMessages(chat)).toHaveLength(before)
    expect(plugin.session(chat)).toMatchObject({ active: false, endReason: 'close-action-called' })
    expect(continued).toEqual([])
  })

  it('the agent closing the thread ends the session with the closed notice (hitlStopped)', async () => {
    const { h, plugin, chat, threadId } = await handoff()
    const close = h.hubspot.closeThread(threadId)
    // Right after the handoff: the plugin's link tag shows it activated the session, so the close goes through.
    expect((await h.deliver(close)).status).toBe(200)
    await plugin.idle()
    expect(customerTexts(plugin, chat).at(-1)).toBe(DEFAULT_TEXTS.onHitlStoppedMessage)
    expect(plugin.session(chat)).toMatchObject({ active: false, endReason: 'agent-closed-ticket' })
  })

  it('the assignment timeout ends an unassigned session and closes its thread through stopHitl', async () => {
    const { h, plugin, chat, threadId } = await handoff({ config: { agentAssignedTimeoutSeconds: 60 } })
    expect(await plugin.fireAssignmentTimeout(chat)).toEqual({ ended: true })
    expect(threadStatus(h, threadId)).toBe('CLOSED')
    expect(customerTexts(plugin, chat).at(-1)).toBe(DEFAULT_TEXTS.onAgentAssignedTimeoutMessage)
    expect(plugin.session(chat)).toMatchObject({ active: false, endReason: 'agent-assignment-timeout' })
  })
})
