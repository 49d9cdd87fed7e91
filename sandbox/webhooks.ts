/**
 * HubSpot's webhook sender, and Botpress' webhook server in front of the integration. HubSpot POSTs the body
 * to the target URL it was given, signed with the app's client secret (v3 and v1 headers from the emulator's
 * `signWebhook`); Botpress receives it on `<webhook base>/<webhookId>` and hands it to the integration as a
 * `webhook_received` operation. The integration verifies the signature over that same public URL.
 */
import type { HubSpotEmulator, WebhookDelivery } from '../emulators/hubspot/hubspot-emulator'
import type { ActivityLog } from './activity'
import { errorMessageOf } from '../emulators/botpress/runtime-call'
import { IntegrationCallError, type IntegrationClient } from './integration-client'

export type DeliveryOutcome = { sent: boolean; status?: number; detail: string }

/** A short name for the wire log: the channel event type, or the app events' subscription and property. */
export function describeDelivery(delivery: Pick<WebhookDelivery, 'body'>): string {
  try {
    const body = JSON.parse(delivery.body) as unknown
    const events = Array.isArray(body) ? body : [body]
    return events
      .map((event: { type?: string; subscriptionType?: string; propertyName?: string; propertyValue?: string }) =>
        event.type
          ? event.type
          : [event.subscriptionType, event.propertyName && `${event.propertyName}=${event.propertyValue || '""'}`]
              .filter(Boolean)
              .join(' '),
      )
      .join(', ')
  } catch {
    return 'unreadable body'
  }
}

export class WebhookSender {
  public constructor(
    private readonly hubspot: HubSpotEmulator,
    private readonly integration: IntegrationClient,
    private readonly activity: ActivityLog,
  ) {}

  /**
   * Sends one delivery if HubSpot would (`subscribed`); HubSpot redelivers 5xx answers, so the sandbox retries
   * those a few times too instead of losing the event.
   */
  public async deliver(delivery: WebhookDelivery): Promise<DeliveryOutcome> {
    const detail = describeDelivery(delivery)
    if (!delivery.subscribed || !delivery.targetUrl) {
      this.activity.add({ source: 'hubspot', summary: `${detail}: not sent (no subscription for it)` })
      return { sent: false, detail }
    }
    const target = new URL(delivery.targetUrl)
    const base = new URL(this.integration.webhookUrl)
    if (target.origin !== base.origin || !`${target.pathname}/`.startsWith(`${base.pathname}/`))
      throw new Error(`HubSpot would call ${delivery.targetUrl}, which is not this integration's webhook URL`)
    const path = target.pathname.slice(base.pathname.length) || '/'
    const query = target.search.replace(/^\?/, '')
    let status = 0
    for (let attempt = 1; attempt <= 3; attempt++) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 250 * attempt))
      const headers = this.hubspot.signWebhook({ method: 'POST', url: delivery.targetUrl, body: delivery.body })
      const response = await this.integration.call(
        'webhook_received',
        { req: { method: 'POST', path, query, headers, body: delivery.body } },
        attempt === 1 ? detail : `${detail} (redelivery ${attempt})`,
      )
      status = response.status
      if (status >= 400 && status < 500)
        throw new IntegrationCallError(
          'webhook_received',
          status,
          `the integration refused ${detail}: HTTP ${status}, ${errorMessageOf(response.body)}`,
        )
      if (status < 500) return { sent: true, status, detail }
    }
    throw new IntegrationCallError(
      'webhook_received',
      status,
      `the integration answered HTTP ${status} to ${detail} three times (HubSpot would retry later)`,
    )
  }

  /** Webhooks the integration's own HubSpot calls caused (e.g. its thread close → a CLOSED event), oldest first. */
  public async flush(): Promise<DeliveryOutcome[]> {
    const outcomes: DeliveryOutcome[] = []
    // A delivery's handling may cause further ones, so drain until the queue stays empty.
    for (let round = 0; round < 10; round++) {
      const pending = this.hubspot.takeWebhookDeliveries()
      if (pending.length === 0) break
      for (const delivery of pending) outcomes.push(await this.deliver(delivery))
    }
    return outcomes
  }
}
