/**
 * For the plugin model's own tests: a scripted stand-in for a HITL integration. It writes to the Botpress
 * emulator through its API, as an integration does (so the model hears of it), and records what it was asked.
 */
import type { BotpressEmulator, MessageRecord } from '../botpress'
import type { IntegrationPort } from './types'

export const FAKE_ALIAS = 'fake-hitl'

export class FakeIntegration implements IntegrationPort {
  public readonly actions: { type: string; input: Record<string, unknown> }[] = []
  public readonly delivered: MessageRecord[] = []
  /** Runs inside startHitl, after the conversation exists and before the action returns. */
  public duringStartHitl?: (conversationId: string) => Promise<void>

  public constructor(private readonly botpress: BotpressEmulator) {}

  public async action(type: string, input: unknown): Promise<unknown> {
    const fields = input as Record<string, unknown>
    this.actions.push({ type, input: fields })
    switch (type) {
      case 'createUser':
        return {
          userId: (await this.api<{ user: { id: string } }>('/v1/chat/users', { tags: {}, name: fields.name })).user.id,
        }
      case 'startHitl': {
        const { conversation } = await this.api<{ conversation: { id: string } }>('/v1/chat/conversations', {
          channel: 'hitl',
          tags: {},
        })
        await this.duringStartHitl?.(conversation.id)
        return { conversationId: conversation.id }
      }
      default:
        return {}
    }
  }

  public async messageCreated(message: MessageRecord): Promise<number> {
    this.delivered.push(message)
    return 200
  }

  public actionsOf(type: string): Record<string, unknown>[] {
    return this.actions.filter((action) => action.type === type).map((action) => action.input)
  }

  /** The event is filed under `conversationId`, by default the one its payload names. */
  public emit(
    type: 'hitlAssigned' | 'hitlStopped',
    payload: { conversationId: string; userId?: string },
    conversationId = payload.conversationId,
  ) {
    return this.api('/v1/chat/events', { type, conversationId, payload })
  }

  public async agent(name: string): Promise<string> {
    return (await this.api<{ user: { id: string } }>('/v1/chat/users', { tags: {}, name })).user.id
  }

  public agentSays(conversationId: string, userId: string, type: string, payload: Record<string, unknown>) {
    return this.api('/v1/chat/messages', { conversationId, userId, type, payload, tags: {} })
  }

  private async api<T = unknown>(path: string, body: unknown): Promise<T> {
    const response = await this.botpress.handle(
      new Request(`http://botpress.test${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-bot-id': 'bot_1',
          'x-integration-id': 'intver_fake',
          'x-integration-alias': FAKE_ALIAS,
        },
        body: JSON.stringify(body),
      }),
    )
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`)
    return (await response.json()) as T
  }
}
