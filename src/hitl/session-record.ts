import { RuntimeError } from '@botpress/sdk'
import type * as bp from '.botpress'
import type { hitlConversationTags } from '../../definitions/tags'
import { decodeIdentity } from '../customer/identity'
import type { SessionIdentity } from '../customer/verification'
import {
  compareStamps,
  formatStamp,
  ORDER_TAGS,
  parseStamp,
  type EventStamp,
  type OrderedProperty,
} from './event-order'
import type { HitlSession, PublishTarget } from './session'
import {
  parseTicketProperties,
  withTicketProperty,
  type RecordedTicketProperties,
  type TicketPropertyValues,
} from './ticket-property-tag'

export type SessionTagName = keyof typeof hitlConversationTags
type SessionTags = Partial<Record<SessionTagName, string>>
/** The conversation's tags as Botpress returns them: ours, and the HITL plugin's under its alias. */
type Tags = Record<string, string | undefined>
type Store = Pick<bp.Client, 'getConversation' | 'updateConversation'>

/**
 * How long after startHitl returned the HITL plugin may still be activating the session. The plugin marks a
 * session active only after startHitl returned and it read the conversation back and linked it (a few calls), and
 * it drops hitlAssigned for a session that is not active yet. HubSpot redelivers a failed app webhook first after
 * about two minutes, well past this window.
 */
export const ACTIVATION_WINDOW_MS = 30_000

/** What startHitl knows of a new session before any HubSpot call; the session is open from the start. */
export type NewSession = {
  customerUserId: string
  integrationThreadId: string
  channelId: string
  channelAccountId: string
  inboxId: string
  customerIdentity: string
  customerName?: string
  ticketReference?: string
  /** 'true' when the bot is told of each customer message (assist mode), as startHitl decided it. */
  assistMode?: 'true' | 'false'
  identityVerified?: 'true' | 'false'
  /** Encoded like customerIdentity; only for an unverified email or phone the session does not link. */
  claimedIdentity?: string
}

/**
 * One HITL conversation's record of its session, kept in the conversation's tags: whether it is open, its HubSpot
 * thread, ticket, contact and handoff note, the activation window of the HITL plugin, the agents the plugin knows
 * or has yet to hear of, and the last app event applied per thread property. Every read and write of those tags
 * goes through here, so the rules over them (when the plugin may not be active yet, which assignment is still to
 * be announced, which event is stale) read in one place.
 *
 * It holds the tags as last read; each named operation writes its change in one `updateConversation` and keeps the
 * copy in step, so a later read in the same call sees it. Nothing is read from Botpress unless `refresh()` asks.
 */
export class SessionRecord {
  private constructor(
    private readonly store: Store,
    public readonly id: string,
    private tags: Tags,
  ) {}

  public static of(store: Store, conversation: { id: string; tags: Tags }): SessionRecord {
    return new SessionRecord(store, conversation.id, { ...conversation.tags })
  }

  /**
   * How a new session's conversation is got or created: open, with what startHitl knows, and told apart from
   * other sessions by its request key (a retry of the same call passes the same key and gets the same one).
   */
  public static creation(session: NewSession, requestKey: string) {
    const tags: SessionTags = { ...session, open: 'true', requestKey }
    const discriminateByTags: SessionTagName[] = ['requestKey']
    return { tags, discriminateByTags }
  }

  /** The tag filter that finds the session of a HubSpot thread. */
  public static threadFilter(threadId: string): SessionTags {
    return { threadId }
  }

  /** The tag filter that finds the session of a HubSpot ticket this integration opened. */
  public static ticketFilter(ticketId: string): SessionTags {
    return { ticketId }
  }

  private read(name: SessionTagName): string | undefined {
    return this.tags[name] || undefined
  }

  /** False once either side ended the session. */
  public get isOpen(): boolean {
    return this.tags.open !== 'false'
  }
  public get threadId() {
    return this.read('threadId')
  }
  public get integrationThreadId() {
    return this.read('integrationThreadId')
  }
  public get channelId() {
    return this.read('channelId')
  }
  public get channelAccountId() {
    return this.read('channelAccountId')
  }
  public get customerName() {
    return this.read('customerName')
  }
  public get contactId() {
    return this.read('contactId')
  }
  public get ticketId() {
    return this.read('ticketId')
  }
  public get ticketPipelineId() {
    return this.read('ticketPipelineId')
  }
  public get ticketReference() {
    return this.read('ticketReference')
  }
  public get handoffNoteId() {
    return this.read('handoffNoteId')
  }
  /** Assist mode as startHitl decided it; undefined for a session opened before the switch existed. */
  public get assistMode(): boolean | undefined {
    const recorded = this.read('assistMode')
    return recorded === undefined ? undefined : recorded === 'true'
  }
  /** The customer as the session shows them: the sender, an unlinked claim, whether the flow verified them. */
  public get identity(): SessionIdentity | undefined {
    const sender = decodeIdentity(this.tags.customerIdentity)
    if (!sender) return undefined
    const claimed = decodeIdentity(this.read('claimedIdentity'))
    const verified = this.read('identityVerified') === 'true'
    return claimed && claimed.kind !== 'visitor' ? { sender, claimed, verified } : { sender, verified }
  }
  /** The agent's actor id the bot was told of (or is to be told of, while pending). */
  public get assignedActorId() {
    return this.read('assignedActorId')
  }
  /** The Botpress user of the agent the HITL plugin took for this session. */
  public get knownAgent() {
    return this.read('knownAgentUserId')
  }
  /** The Botpress user of an agent assigned before the plugin could take it: to announce once it is active. */
  public get pendingAgent() {
    return this.read('pendingAgentUserId')
  }

  /** How startHitl routed the thread: the actor id it assigned, or 'inbox' for HubSpot's own routing. */
  public get routedTo() {
    return this.read('routedTo')
  }

  /**
   * True while the plugin may not have activated the session: startHitl has not finished, or only just, and the
   * plugin has not been seen active since (a relayed customer message, or its link tag during a hold).
   */
  public mayNotBeActiveYet(now: number = Date.now()): boolean {
    if (this.tags.activeSeenAt) return false
    const handedOverAt = Date.parse(this.tags.handedOverAt ?? '')
    return Number.isNaN(handedOverAt) || now - handedOverAt < ACTIVATION_WINDOW_MS
  }

  /**
   * The HITL plugin's link to the customer's chat: its `upstream` tag, stored under the plugin's alias
   * (`hitl#upstream` by default). The plugin writes it after startHitl returned, as its last step but one before
   * activating the session (plugins/hitl `actions/start-hitl.ts`: link, save the start message id, activate), and
   * never removes it.
   */
  public get hasPluginLink(): boolean {
    return Object.entries(this.tags).some(([name, value]) => name.endsWith('#upstream') && Boolean(value))
  }

  /** How an app event for `property` relates to the last one applied or held (see compareStamps). */
  public compareWithApplied(property: OrderedProperty, stamp: EventStamp) {
    return compareStamps(parseStamp(this.tags[ORDER_TAGS[property]]), stamp)
  }

  /** The latest values of followed ticket properties, as recorded from HubSpot's change events. */
  public get ticketProperties(): TicketPropertyValues {
    return parseTicketProperties(this.read('ticketProperties'))
  }

  /** How a change event of a ticket property relates to the last one recorded for it (see compareStamps). */
  public compareWithTicketProperty(property: string, stamp: EventStamp) {
    return compareStamps(parseStamp(this.ticketProperties[property]?.at), stamp)
  }

  /** What publishing into the session's thread needs; known from the moment startHitl created the conversation. */
  public publishTarget(): PublishTarget {
    this.require(['integrationThreadId', 'channelId', 'channelAccountId', 'inboxId'])
    return {
      integrationThreadId: this.tags.integrationThreadId!,
      channelId: this.tags.channelId!,
      channelAccountId: this.tags.channelAccountId!,
      inboxId: this.tags.inboxId!,
      customer: decodeIdentity(this.tags.customerIdentity)!,
      customerName: this.tags.customerName,
    }
  }

  /** Everything a channel message needs, once the thread exists. */
  public channelSession(): HitlSession {
    this.require(['threadId', 'customerUserId'])
    return {
      ...this.publishTarget(),
      conversationId: this.id,
      threadId: this.tags.threadId!,
      customerUserId: this.tags.customerUserId!,
    }
  }

  private require(names: ReadonlyArray<SessionTagName>): void {
    const missing: string[] = names.filter((name) => !this.tags[name])
    if (!decodeIdentity(this.tags.customerIdentity)) missing.push('customerIdentity')
    if (missing.length > 0) {
      throw new RuntimeError(
        `Conversation ${this.id} is not a HubSpot handoff started by this integration (missing ${missing.join(', ')}).`,
      )
    }
  }

  /** Reads the tags again, to see what another call or the HITL plugin wrote since. */
  public async refresh(): Promise<void> {
    this.tags = { ...(await this.store.getConversation({ id: this.id })).conversation.tags }
  }

  /** The plugin's link was seen during a hold: it is active from now on, and later events go through at once. */
  public markActiveSeen(at: Date = new Date()): Promise<void> {
    return this.save({ activeSeenAt: at.toISOString() })
  }

  /**
   * The plugin relayed a customer message, so it is active; the assignment that was pending (if any) has just been
   * announced to it, and that agent is the one it knows now.
   */
  public markActiveAfterRelay(announced: string | undefined, at: Date = new Date()): Promise<void> {
    return this.save({
      pendingAgentUserId: '',
      activeSeenAt: at.toISOString(),
      ...(announced && { knownAgentUserId: announced }),
    })
  }

  /** An assignment the plugin cannot take yet: kept, with its event, to announce on the first sign of activation. */
  public holdAssignment(actorId: string, agentUserId: string, stamp: EventStamp): Promise<void> {
    return this.save({ ...applied('assignedTo', stamp), assignedActorId: actorId, pendingAgentUserId: agentUserId })
  }

  /**
   * The bot is told of the assignment to `actorId` (or knew that agent already): no longer pending. `announced` is
   * the agent the plugin was just told of, who is the one it knows from now on.
   */
  public recordAssignment(actorId: string, stamp: EventStamp, announced?: string): Promise<void> {
    return this.save({
      ...applied('assignedTo', stamp),
      assignedActorId: actorId,
      pendingAgentUserId: '',
      ...(announced && { knownAgentUserId: announced }),
    })
  }

  /** The thread was unassigned: an agent still pending is forgotten, never announced. */
  public recordUnassigned(stamp: EventStamp): Promise<void> {
    const forget = this.pendingAgent ? { pendingAgentUserId: '', assignedActorId: '' } : {}
    return this.save({ ...applied('assignedTo', stamp), ...forget })
  }

  /** An app event applied with no other change (the same agent again, a reopening): an older one is stale. */
  public recordApplied(property: OrderedProperty, stamp: EventStamp): Promise<void> {
    return this.save(applied(property, stamp))
  }

  /**
   * The plugin makes the first agent who replies the session's agent when it knows none: known from now on, and a
   * pending assignment of that same agent is not announced again. Another agent's pending assignment stays.
   */
  public async adoptAgent(agentUserId: string): Promise<void> {
    if (this.knownAgent) return
    const samePending = this.pendingAgent === agentUserId ? { pendingAgentUserId: '' } : {}
    await this.save({ knownAgentUserId: agentUserId, ...samePending })
  }

  /** Either side ended the session. */
  public markClosed(): Promise<void> {
    return this.save({ open: 'false' })
  }

  public recordTicket(ticket: { ticketId: string; pipelineId: string; contactId?: string }): Promise<void> {
    return this.save({ ticketId: ticket.ticketId, ticketPipelineId: ticket.pipelineId, contactId: ticket.contactId })
  }

  /** The thread exists: the handover is done, and the plugin's activation window starts now. */
  public recordThread(threadId: string, contactId: string | undefined, at: Date = new Date()): Promise<void> {
    return this.save({ threadId, contactId, handedOverAt: at.toISOString() })
  }

  /**
   * The routing's outcome at handoff, in one write. The integration's own assignment of `actorId` is pending like
   * an early webhook's (holdAssignment, without an event: HubSpot's echo of it is the event), so the echo or the
   * customer's first relayed message announces `agentUserId` once. Without `agentUserId` only the outcome is kept.
   */
  public recordRouting(actorId: string | undefined, agentUserId?: string): Promise<void> {
    const pending = actorId && agentUserId ? { assignedActorId: actorId, pendingAgentUserId: agentUserId } : {}
    return this.save({ routedTo: actorId ?? 'inbox', ...pending })
  }

  /** A followed ticket property changed: its new value and event, in one write (see withTicketProperty). */
  public async recordTicketProperty(
    property: string,
    value: string,
    stamp: EventStamp,
  ): Promise<Omit<RecordedTicketProperties, 'json'>> {
    const { json, ...outcome } = withTicketProperty(this.ticketProperties, property, value, stamp)
    await this.save({ ticketProperties: json })
    return outcome
  }

  public recordHandoffNote(noteId: string): Promise<void> {
    return this.save({ handoffNoteId: noteId })
  }

  private async save(change: SessionTags): Promise<void> {
    await this.store.updateConversation({ id: this.id, tags: change })
    // An undefined value is not sent, so Botpress keeps the tag: the copy keeps it too.
    const written = Object.entries(change).filter(([, value]) => value !== undefined)
    this.tags = { ...this.tags, ...Object.fromEntries(written) }
  }
}

const applied = (property: OrderedProperty, stamp: EventStamp): SessionTags => ({
  [ORDER_TAGS[property]]: formatStamp(stamp),
})
