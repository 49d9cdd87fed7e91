import { createHash } from 'node:crypto'
import type { Harness } from '../../support/harness'

const digest = (value: unknown) => createHash('sha1').update(JSON.stringify(value)).digest('hex').slice(0, 12)

/**
 * Everything bad input could change, on both sides: record counts (readable in a failure) and a digest of the
 * records themselves (any change at all). Botpress: users, conversations, messages, events, states; HubSpot:
 * channels, channel accounts, threads with their history, files, webhook settings and subscriptions.
 */
export function stateOf(h: Harness) {
  const { botpress, hubspot } = h
  const threads = hubspot.threads()
  const history = threads.map((thread) => hubspot.threadMessages(thread.id))
  return {
    users: botpress.users.length,
    conversations: botpress.conversations.length,
    messages: botpress.messages.length,
    events: botpress.events.length,
    states: botpress.states.length,
    threads: threads.length,
    threadItems: history.reduce((sum, items) => sum + items.length, 0),
    channels: hubspot.channels().length,
    files: hubspot.files().length,
    botpressDigest: digest([botpress.users, botpress.conversations, botpress.messages, botpress.events]),
    statesDigest: digest(botpress.states.map((state) => [state.type, state.id, state.name, state.payload])),
    hubspotDigest: digest([
      threads,
      history,
      hubspot.channels(),
      hubspot.channelAccounts(),
      hubspot.files(),
      hubspot.webhookSettings(),
      hubspot.subscriptions(),
    ]),
  }
}

export type StateOf = ReturnType<typeof stateOf>
