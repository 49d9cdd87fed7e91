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

/**
 * HubSpot redelivers an app webhook answered with a 5xx later, up to 10 times over a day. The sandbox keeps that
 * behaviour on a compressed clock: the first redelivery after 10 s, then each one twice as late.
 */
const FIRST_REDELIVERY_MS = 10_000
const MAX_REDELIVERIES = 10

type Redelivery = { timer: NodeJS.Timeout }

export class WebhookSender {
  private readonly redeliveries = new Set<Redelivery>()

  public constructor(
    private readonly hubspot: HubSpotEmulator,
    private readonly integration: IntegrationClient,
    private readonly activity: ActivityLog,
  ) {}

  /**
   * Sends one delivery if HubSpot would (`subscribed`). A 4xx is a refusal and throws; a 5xx is scheduled for
   * redelivery, as HubSpot does, and the outcome says so.
   */
  public async deliver(delivery: WebhookDelivery, attempt = 1): Promise<DeliveryOutcome> {
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
    const headers = this.hubspot.signWebhook({ method: 'POST', url: delivery.targetUrl, body: delivery.body })
    const response = await this.integration.call(
      'webhook_received',
      { req: { method: 'POST', path, query, headers, body: delivery.body } },
      attempt === 1 ? detail : `${detail} (redelivery ${attempt - 1})`,
    )
    const { status } = response
    if (status >= 400 && status < 500)
      throw new IntegrationCallError(
        'webhook_received',
        status,
        `the integration refused ${detail}: HTTP ${status}, ${errorMessageOf(response.body)}`,
      )
    if (status >= 500) this.scheduleRedelivery(delivery, attempt)
    return { sent: true, status, detail }
  }

  /** Stops the redelivery timers, for shutdown. */
  public close(): void {
    for (const redelivery of this.redeliveries) clearTimeout(redelivery.timer)
    this.redeliveries.clear()
  }

  private scheduleRedelivery(delivery: WebhookDelivery, attempt: number): void {
    const detail = describeDelivery(delivery)
    if (attempt > MAX_REDELIVERIES) {
      this.activity.add({ source: 'hubspot', summary: `${detail}: given up after ${MAX_REDELIVERIES} redeliveries` })
      return
    }
    const delayMs = FIRST_REDELIVERY_MS * 2 ** (attempt - 1)
    this.activity.add({ source: 'hubspot', summary: `${detail}: HubSpot redelivers it in ${delayMs / 1000} s` })
    const redelivery: Redelivery = {
      timer: setTimeout(() => {
        this.redeliveries.delete(redelivery)
        this.deliver(delivery, attempt + 1).catch((error: unknown) =>
          this.activity.add({
            source: 'hubspot',
            summary: `${detail}: ${error instanceof Error ? error.message : String(error)}`,
          }),
        )
      }, delayMs),
    }
    this.redeliveries.add(redelivery)
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
