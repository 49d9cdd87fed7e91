/**
 * The plugin's configuration (botpress/botpress plugins/hitl/plugin.definition.ts, v1.4.2): the texts it
 * sends, its close command and its assignment timeout. Every field is optional there; an empty text falls back
 * to the default, and the text "NULL" means "send nothing".
 */
export type PluginConfiguration = {
  /** To the customer, when the session starts. */
  onHitlHandoffMessage?: string
  /** To the customer, each time an agent is assigned. */
  onHumanAgentAssignedMessage?: string
  /** To the customer, when the integration reports the session stopped (hitlStopped). */
  onHitlStoppedMessage?: string
  /** To the agent (downstream), when the customer or the bot ends the session or the timeout does. */
  onUserHitlCancelledMessage?: string
  /** To the agent, when they send a message type the plugin does not relay. */
  onIncompatibleMsgTypeMessage?: string
  /** To the customer, after they used the close command. */
  onUserHitlCloseMessage?: string
  /** To the customer, when the assignment timeout ends the session. */
  onAgentAssignedTimeoutMessage?: string
  /** Compared case-insensitively, trimmed, with the text the customer sends. */
  userHitlCloseCommand?: string
  /** 0 or unset: no timeout. */
  agentAssignedTimeoutSeconds?: number
  /** The schema's default is true: after the session ends the flow continues without waiting for the customer. */
  flowOnHitlStopped?: boolean
}

/** The texts the plugin sends when its configuration gives none: what customers and agents actually read. */
export const DEFAULT_TEXTS = {
  onHitlHandoffMessage: 'I have escalated this conversation to a human agent. They should be with you shortly.',
  onHumanAgentAssignedMessage: 'A human agent has joined the conversation.',
  onHitlStoppedMessage: 'The human agent closed the conversation. I will continue assisting you.',
  onUserHitlCancelledMessage: '( The user has ended the session. )',
  onIncompatibleMsgTypeMessage:
    'Sorry, the user can not receive this type of message. Please resend your message as a text message.',
  onUserHitlCloseMessage: 'You have ended the session with the human agent. I will continue assisting you.',
  onAgentAssignedTimeoutMessage:
    'No human agent is available at the moment. Please try again later. I will continue assisting you for the time being.',
} as const

export type NoticeName = keyof typeof DEFAULT_TEXTS

export const DEFAULT_CLOSE_COMMAND = '/end'
const SUPPRESSED = 'NULL'

/** The message types the plugin relays in either direction (src/consts.ts), in its order. */
export const RELAYED_TYPES = ['text', 'image', 'video', 'audio', 'file', 'bloc'] as const

/** The text of a notice, or undefined when the configuration suppresses it. */
export function noticeText(config: PluginConfiguration, name: NoticeName): string | undefined {
  const configured = config[name]
  if (configured === SUPPRESSED) return undefined
  return configured || DEFAULT_TEXTS[name]
}

/** A session's configuration: the plugin's, with the Start HITL card's overrides on top (src/configuration.ts). */
export function sessionConfiguration(
  base: PluginConfiguration,
  overrides: PluginConfiguration | undefined,
): PluginConfiguration {
  return { flowOnHitlStopped: true, ...base, ...overrides }
}

export function isCloseCommand(config: PluginConfiguration, text: unknown): boolean {
  if (typeof text !== 'string') return false
  const command = config.userHitlCloseCommand || DEFAULT_CLOSE_COMMAND
  return text.trim().toLowerCase() === command.trim().toLowerCase()
}
