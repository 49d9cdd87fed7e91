import type { HubSpotClient } from '../hubspot'
import { HubSpotConflictError } from '../hubspot/errors'
import type { WebhookSubscription } from '../hubspot/schemas'

type Logger = { info(message: string): void; warn(message: string): void }
export type WantedSubscription = { eventType: string; propertyName?: string }

/**
 * The conversation events the integration reacts to: assignment, closing, archiving/deletion, and a purge
 * (`conversation.privacyDeletion`: the thread was deleted for good, GDPR). A subscription missing from an
 * existing install is added on its next register.
 */
export const APP_WEBHOOK_SUBSCRIPTIONS = [
  { eventType: 'conversation.propertyChange', propertyName: 'assignedTo' },
  { eventType: 'conversation.propertyChange', propertyName: 'status' },
  { eventType: 'conversation.deletion' },
  { eventType: 'conversation.privacyDeletion' },
] as const

/** What register found and did: the subscriptions listed before, and those it created itself (with their ids). */
export type AppWebhooksOutcome = {
  existing: WebhookSubscription[]
  created: Array<WantedSubscription & { id: string }>
}

/**
 * Points the app's webhook target at this install and subscribes the events above (and `also`, the install's
 * followed ticket properties). The target URL is per app: when it already points at another URL (another
 * install), it is left alone and the warning says so.
 */
export async function ensureAppWebhooks(
  hubspot: HubSpotClient,
  webhookUrl: string,
  logger: Logger,
  also: ReadonlyArray<WantedSubscription> = [],
): Promise<AppWebhooksOutcome> {
  // Listing first: it also settles which of HubSpot's two app-webhook paths serves this app, at no extra call.
  const existing = await hubspot.appWebhooks.listSubscriptions()
  const target = await hubspot.appWebhooks.getTargetUrl()
  if (!target) {
    await hubspot.appWebhooks.setTargetUrl(webhookUrl)
  } else if (target !== webhookUrl) {
    logger.warn(
      `The HubSpot app's webhook target URL is ${target}, not this bot's ${webhookUrl}, so assignment and closing events will not reach this bot. ` +
        "Change it in the app's Webhooks settings in HubSpot (or remove the other install), then save this configuration again.",
    )
  }
  const created: AppWebhooksOutcome['created'] = []
  for (const wanted of [...APP_WEBHOOK_SUBSCRIPTIONS, ...also]) {
    const propertyName = 'propertyName' in wanted ? wanted.propertyName : undefined
    const found = findSubscription(existing, wanted.eventType, propertyName)
    if (found) {
      if (!found.active) await hubspot.appWebhooks.activateSubscription(found.id)
      continue
    }
    const id = await subscribeUnlessPresent(hubspot, { eventType: wanted.eventType, propertyName })
    if (id) created.push({ eventType: wanted.eventType, propertyName, id })
  }
  return { existing, created }
}

/**
 * Creates a subscription and answers its id, or undefined when HubSpot answers that it exists already (409): a
 * register running at the same time (a double save, another install of the app) made it a moment ago.
 */
async function subscribeUnlessPresent(
  hubspot: HubSpotClient,
  subscription: WantedSubscription,
): Promise<string | undefined> {
  try {
    return await hubspot.appWebhooks.createSubscription(subscription)
  } catch (thrown) {
    if (thrown instanceof HubSpotConflictError) return undefined
    throw thrown
  }
}

function findSubscription(
  existing: ReadonlyArray<WebhookSubscription>,
  eventType: string,
  propertyName: string | undefined,
): WebhookSubscription | undefined {
  return existing.find((s) => s.eventType === eventType && (s.propertyName ?? undefined) === propertyName)
}

/** Unregister clears the target URL only if it is ours; subscriptions are app-wide and stay for other installs. */
export async function releaseAppWebhooks(hubspot: HubSpotClient, webhookUrl: string): Promise<void> {
  if ((await hubspot.appWebhooks.getTargetUrl()) === webhookUrl) await hubspot.appWebhooks.clearTargetUrl()
}
