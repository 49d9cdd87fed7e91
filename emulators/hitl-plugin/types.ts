import type { MessageRecord } from '../botpress'
import type { PluginConfiguration } from './config'

/**
 * How the runtime reaches the integration on the bot's behalf, whatever the transport: the handler in-process
 * (tests) or the integration's HTTP server (sandbox).
 */
export type IntegrationPort = {
  /** Runs one of the integration's actions; rejects with the RuntimeError message the bot would see. */
  action(type: string, input: unknown): Promise<unknown>
  /** Delivers a message the bot created in one of the integration's conversations; resolves to the HTTP status. */
  messageCreated(message: MessageRecord): Promise<number>
}

/** A customer's conversation with the bot on another channel (the "upstream" side of a session). */
export type Chat = { conversationId: string; userId: string }

/** The Start HITL card's fields, minus the two ids the chat provides. */
export type StartHitlCard = {
  title: string
  description?: string
  hitlSession?: Record<string, unknown>
  userEmail?: string
  configurationOverrides?: PluginConfiguration
}

export type StartHitlHooks = {
  /**
   * Runs after the integration's startHitl returned and its conversation was read back, before the plugin links
   * the conversations and marks the session active: what a test does here happens in that window.
   */
  beforeActivation?: (downstreamConversationId: string) => Promise<void>
  /**
   * Runs after the plugin wrote its link tags (`upstream` on the HITL conversation) and before it saves the start
   * message id and marks the session active: the real plugin's last calls of the activation, made slow.
   */
  afterLink?: (downstreamConversationId: string) => Promise<void>
}

/** What Start HITL did; the real card returns `{}` to the flow either way. */
export type StartHitlOutcome =
  | { started: true; downstreamConversationId: string }
  | { started: false; skipped: 'already-active' | 'downstream-conversation' | 'same-start-message' }

/** What became of a customer message (`messageId`, in the chat). */
export type CustomerMessageOutcome = { messageId: string } &
  /** HITL inactive: the bot's flow handles it. */
  (
    | { handledBy: 'bot' }
    /** Relayed to the agent: the copy in the HITL conversation, and the status the integration answered. */
    | { handledBy: 'agent'; relayedMessageId: string; status: number }
    /** A type the plugin does not relay: the customer got the refusal. */
    | { handledBy: 'refused' }
    /** The close command: the session ended. */
    | { handledBy: 'closed' }
    /** The session's links are missing: the plugin ended it with an internal error. */
    | { handledBy: 'aborted' }
  )

export type TimeoutOutcome =
  { ended: true } | { ended: false; ignored: 'agent-assigned' | 'inactive' | 'not-scheduled' | 'disabled' }

/** A message in the chat as the customer sees it. */
export type ChatMessageView = {
  id: string
  from: 'customer' | 'bot'
  type: string
  payload: Record<string, unknown>
  /** The runtime's tags on the message, as stored (the plugin's are prefixed with its alias). */
  tags: Record<string, string>
  /** For agent messages the plugin copied: the agent's Botpress user and name. */
  agent?: { userId: string; name?: string }
}

export type SessionView = {
  active: boolean
  downstreamConversationId?: string
  humanAgent?: { id: string; name: string }
  endReason?: string
}

/** Something the runtime handed the plugin that had no effect: the session was not active, or handling failed. */
export type DroppedRecord = {
  kind: 'event' | 'message'
  id: string
  /** The event type (`hitlAssigned`, `hitlStopped`) or message type. */
  type: string
  conversationId?: string
  reason: string
}
