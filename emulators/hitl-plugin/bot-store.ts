/**
 * What the plugin reads and writes through the runtime API, applied straight to the Botpress emulator's store.
 * The SDK namespaces a plugin's tags and states with its alias (`<alias>#name`, packages/sdk/src/plugin/
 * tag-prefixer.ts and state-proxy): the plugin reads only its own tags, so `tagsOf` shows that view.
 */
import type { BotpressEmulator, ConversationRecord, MessageRecord, UserRecord } from '../botpress'
import { mergeTags } from '../botpress/tags'

type Tags = Record<string, string | undefined>

/** Why a session ended, as the plugin records it in the `hitlEndReason` tag. */
export type EndReason =
  | 'patient-used-termination-command'
  | 'agent-assignment-timeout'
  | 'agent-closed-ticket'
  | 'close-action-called'
  | 'internal-error'

/** A missing record, as the client's getById would throw it. */
export class NotFound extends Error {}

export class BotStore {
  public constructor(
    private readonly botpress: BotpressEmulator,
    private readonly pluginAlias: string,
    private readonly bot: { botId: string; botUserId: string },
  ) {}

  public key(name: string): string {
    return `${this.pluginAlias}#${name}`
  }

  public conversation(id: string): ConversationRecord {
    const conversation = this.botpress.getConversation(id)
    if (!conversation) throw new NotFound(`Conversation "${id}" not found`)
    return conversation
  }

  public user(id: string): UserRecord {
    const user = this.botpress.getUser(id)
    if (!user) throw new NotFound(`User "${id}" not found`)
    return user
  }

  /** The plugin's own tags of a record, without their prefix; other tags are invisible to it. */
  public tagsOf(record: { tags: Record<string, string> }): Record<string, string> {
    const prefix = this.key('')
    return Object.fromEntries(
      Object.entries(record.tags).flatMap(([name, value]) =>
        name.startsWith(prefix) ? [[name.slice(prefix.length), value]] : [],
      ),
    )
  }

  public updateConversationTags(id: string, tags: Tags): void {
    const conversation = this.conversation(id)
    conversation.tags = mergeTags(conversation.tags, this.prefixed(tags))
    conversation.updatedAt = this.botpress.store.timestamp()
  }

  public updateUserTags(id: string, tags: Tags): void {
    const user = this.user(id)
    user.tags = mergeTags(user.tags, this.prefixed(tags))
    user.updatedAt = this.botpress.store.timestamp()
  }

  /** A conversation state of the plugin's, or undefined. */
  public state<T extends Record<string, unknown>>(conversationId: string, name: string): T | undefined {
    return this.botpress.store.liveState('conversation', conversationId, this.key(name))?.payload as T | undefined
  }

  public setState(conversationId: string, name: string, payload: Record<string, unknown>): void {
    this.botpress.seed.state('conversation', conversationId, this.key(name), payload, this.bot.botId)
  }

  public isActive(conversationId: string): boolean {
    return this.state<{ hitlActive: boolean }>(conversationId, 'hitl')?.hitlActive === true
  }

  /** Also turns the Studio's typing indicator off: that state is not the plugin's, so it is not prefixed. */
  public setActive(conversationId: string): void {
    this.setState(conversationId, 'hitl', { hitlActive: true })
    this.setTypingIndicator(conversationId, false)
  }

  public setInactive(conversationId: string, reason: EndReason): void {
    this.setState(conversationId, 'hitl', { hitlActive: false })
    this.updateConversationTags(conversationId, { hitlEndReason: reason })
    this.setTypingIndicator(conversationId, true)
  }

  /** A message from the bot (outgoing); the payload carries its `type`, as the plugin's own messages do. */
  public botMessage(conversationId: string, payload: Record<string, unknown>, tags: Tags = {}): MessageRecord {
    return this.botpress.seed.message({
      conversationId,
      userId: this.bot.botUserId,
      type: String(payload.type),
      payload,
      tags: this.prefixed(tags),
      direction: 'outgoing',
    })
  }

  private setTypingIndicator(conversationId: string, enabled: boolean): void {
    this.botpress.seed.state('conversation', conversationId, 'typingIndicatorEnabled', { enabled }, this.bot.botId)
  }

  /** Prefixes each name; undefined values are left out, as JSON would drop them on the wire. */
  private prefixed(tags: Tags): Record<string, string> {
    return Object.fromEntries(
      Object.entries(tags).flatMap(([name, value]) => (value === undefined ? [] : [[this.key(name), value]])),
    )
  }
}
