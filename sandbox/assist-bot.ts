/**
 * The scripted bot's assist-mode hook: on each `customerMessageRelayed` event the integration emits, it drafts a
 * suggestion (bot-script.ts) and posts it with postInternalNote and `suggestion: true`, as a bot builder's hook
 * would. The agent sees it as an internal note in the inbox pane; the customer never does.
 */
import type { BotpressEmulator } from '../emulators/botpress'
import type { ActivityLog } from './activity'
import { suggestReply, type RelayedMessage } from './bot-script'
import type { IntegrationClient } from './integration-client'

export class AssistBot {
  private readonly running = new Set<Promise<void>>()
  private readonly stopListening: () => void

  public constructor(botpress: BotpressEmulator, integration: IntegrationClient, activity: ActivityLog) {
    this.stopListening = botpress.onCreated((created) => {
      if (created.kind !== 'event' || created.record.type !== 'customerMessageRelayed') return
      const relayed = created.record.payload as RelayedMessage
      // Botpress runs a bot's hooks after the integration's call returned: so does this one.
      const suggestion = new Promise((resolve) => setImmediate(resolve))
        .then(() =>
          integration.action('postInternalNote', {
            conversationId: relayed.conversationId,
            text: suggestReply(relayed),
            suggestion: true,
          }),
        )
        .then(
          () => undefined,
          (error: unknown) => {
            const reason = error instanceof Error ? error.message : String(error)
            activity.add({ source: 'sandbox', summary: `the bot's suggestion could not be posted: ${reason}` })
          },
        )
      this.running.add(suggestion)
      void suggestion.finally(() => this.running.delete(suggestion))
    })
  }

  /** Resolves once every suggestion drafted so far is posted (or failed). */
  public async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running])
  }

  public detach(): void {
    this.stopListening()
  }
}
