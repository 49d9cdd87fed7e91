import * as bp from '.botpress'
import { createHubSpotClient, HubSpotClient } from '../hubspot'
import { WebhookEnvelope } from './envelope'
import {
  appEvent,
  AppEvent,
  isAssignmentChange,
  isThreadEnded,
  outgoingMessageEvent,
  OutgoingMessageEvent,
} from './events'
import { describeFailure } from '../describe'
import { isTransientFailure } from './failure'
import { handleAgentReply } from './handlers/agent-replied'
import { handleAssignment } from './handlers/assigned'
import { handleThreadEnded } from './handlers/thread-ended'

type Props = bp.HandlerProps
type Handler<E> = (event: E, props: Props, hubspot: HubSpotClient) => Promise<void>

/** Channel webhooks by `type`; anything else (CHANNEL_ACCOUNT_* and future types) is acknowledged and ignored. */
const CHANNEL_EVENTS: ReadonlyArray<
  [type: string, parse: (raw: unknown) => OutgoingMessageEvent, handler: Handler<OutgoingMessageEvent>]
> = [['OUTGOING_CHANNEL_MESSAGE_CREATED', (raw) => outgoingMessageEvent.parse(raw), handleAgentReply]]

/** App webhook events by guard. Internal comments (conversation.newMessage COMMENT) match nothing: they never reach the customer. */
const APP_EVENTS: ReadonlyArray<[guard: (event: AppEvent) => boolean, handler: Handler<AppEvent>]> = [
  [isAssignmentChange, handleAssignment],
  [isThreadEnded, handleThreadEnded],
]

type Outcome = 'done' | 'ignored' | 'malformed' | 'failed' | 'transient'

async function run(describe: string, props: Props, work: () => Promise<void>): Promise<Outcome> {
  try {
    await work()
    return 'done'
  } catch (thrown) {
    const transient = isTransientFailure(thrown)
    const verb = transient ? 'will be retried by HubSpot' : 'was dropped'
    props.logger.forBot()[transient ? 'warn' : 'error'](`HubSpot ${describe} ${verb}: ${describeFailure(thrown)}`)
    return transient ? 'transient' : 'failed'
  }
}

async function dispatchChannelEvent(
  event: Record<string, unknown> & { type: string },
  props: Props,
  hubspot: HubSpotClient,
): Promise<Outcome> {
  const route = CHANNEL_EVENTS.find(([type]) => type === event.type)
  if (!route) return 'ignored'
  const [, parse, handler] = route
  let parsed: OutgoingMessageEvent
  try {
    parsed = parse(event)
  } catch {
    props.logger.forBot().warn(`Ignored a malformed ${event.type} webhook from HubSpot`)
    return 'malformed'
  }
  return run(`event ${event.type}`, props, () => handler(parsed, props, hubspot))
}

async function dispatchAppEvent(raw: unknown, props: Props, hubspot: HubSpotClient): Promise<Outcome> {
  const parsed = appEvent.safeParse(raw)
  if (!parsed.success) {
    props.logger.forBot().warn('Ignored a malformed event in a HubSpot webhook batch')
    return 'malformed'
  }
  const event = parsed.data
  const route = APP_EVENTS.find(([guard]) => guard(event))
  if (!route) return 'ignored'
  return run(`${event.subscriptionType} event for thread ${event.objectId}`, props, () =>
    route[1](event, props, hubspot),
  )
}

/**
 * Routes a verified webhook. Batch events are handled one by one, and a bad event never blocks the others.
 * A transient failure anywhere answers 503: HubSpot redelivers, and every handler is idempotent.
 */
export async function dispatch(envelope: WebhookEnvelope, props: Props) {
  const hubspot = createHubSpotClient(props)
  const outcomes: Outcome[] = []
  if (envelope.kind === 'channel') outcomes.push(await dispatchChannelEvent(envelope.event, props, hubspot))
  // In order, one at a time: an assignment and a close of the same thread must not interleave.
  else for (const event of envelope.events) outcomes.push(await dispatchAppEvent(event, props, hubspot))
  const retry = outcomes.includes('transient')
  return {
    status: retry ? 503 : 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcomes }),
  }
}
