/**
 * Test set-up that writes straight into the store, skipping validation and the call log: the records the platform
 * or the bot would already have before the integration runs (e.g. the bot-side conversation a HITL session copies).
 */
import type { Message } from '@botpress/client'
import {
  clone,
  stateKey,
  type ConversationRecord,
  type MessageRecord,
  type StateRecord,
  type StateType,
  type Store,
  type UserRecord,
} from './store'
import type { Tags } from './validation'

export type SeedUser = { tags?: Tags; name?: string; pictureUrl?: string; integration?: string }
export type SeedConversation = { channel: string; tags?: Tags; integration?: string }
export type SeedMessage = {
  conversationId: string
  userId: string
  type: string
  payload: Message['payload']
  tags?: Tags
  direction?: Message['direction']
  createdAt?: string
}

export class Seeder {
  public constructor(
    private readonly store: Store,
    private readonly defaultIntegration: string,
  ) {}

  public user(seed: SeedUser = {}): UserRecord {
    const { store } = this
    const now = store.timestamp()
    const user: UserRecord = {
      id: store.nextId('user'),
      createdAt: now,
      updatedAt: now,
      tags: { ...seed.tags },
      integration: seed.integration ?? this.defaultIntegration,
      ...(seed.name !== undefined && { name: seed.name }),
      ...(seed.pictureUrl !== undefined && { pictureUrl: seed.pictureUrl }),
    }
    store.users.set(user.id, user)
    return user
  }

  public conversation(seed: SeedConversation): ConversationRecord {
    const { store } = this
    const now = store.timestamp()
    const conversation: ConversationRecord = {
      id: store.nextId('conversation'),
      createdAt: now,
      updatedAt: now,
      channel: seed.channel,
      integration: seed.integration ?? this.defaultIntegration,
      tags: { ...seed.tags },
    }
    store.conversations.set(conversation.id, conversation)
    return conversation
  }

  public message(seed: SeedMessage): MessageRecord {
    const { store } = this
    // A test may date a message in the past, as the runtime does for messages written before a retry.
    const now = seed.createdAt ?? store.timestamp()
    const message: MessageRecord = {
      id: store.nextId('message'),
      createdAt: now,
      updatedAt: now,
      type: seed.type,
      payload: clone(seed.payload),
      direction: seed.direction ?? 'incoming',
      userId: seed.userId,
      conversationId: seed.conversationId,
      tags: { ...seed.tags },
    }
    store.messages.set(message.id, message)
    store.addParticipant(seed.conversationId, seed.userId)
    return message
  }

  public state(
    type: StateType,
    id: string,
    name: string,
    payload: Record<string, unknown>,
    botId = 'bot',
  ): StateRecord {
    const { store } = this
    const nowMs = store.nowMs()
    const now = new Date(nowMs).toISOString()
    const state: StateRecord = {
      id: store.nextId('state'),
      createdAt: now,
      updatedAt: now,
      botId,
      ...(type === 'conversation' && { conversationId: id }),
      ...(type === 'user' && { userId: id }),
      name,
      type,
      payload: clone(payload),
      ownerId: id,
      touchedAt: nowMs,
    }
    store.states.set(stateKey(type, id, name), state)
    return state
  }
}
