import * as bp from '.botpress'
import { createHubSpotClient, HubSpotClient } from '../hubspot'
import { WebhookEnvelope } from './envelope'
import {
  appEvent,
  AppEvent,
  isAssignmentChange,
  isThreadEnded,
  isThreadReopened,
  isTicketPropertyChange,
  outgoingMessageEvent,
  OutgoingMessageEvent,
} from './events'
import { describeFailure } from '../platform/describe'
import { isTransientFailure } from './failure'
import { handleAgentReply } from './handlers/agent-replied'
import { handleAssignment } from './handlers/assigned'
import { handleThreadEnded, handleThreadReopened } from './handlers/thread-ended'
import { handleTicketPropertyChanged } from './handlers/ticket-property-changed'
import { rememberAppliedV1Event, v1ReplayRefusal } from './replay-guard'
import { installKey } from '../platform/install'
import { oneAtATime, threadKey } from '../hitl/thread-lock'

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
  [isThreadReopened, handleThreadReopened],
  [isTicketPropertyChange, handleTicketPropertyChanged],
]

type Outcome = 'done' | 'ignored' | 'malformed' | 'failed' | 'transient' | 'refused'
/** Which signature authenticated the request: v1 covers no time, so its events are guarded against replays. */
type SignedBy = 'v1' | 'v3'

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
  const threadId = parsed.message.conversationsThreadId
  const work = () => handler(parsed, props, hubspot)
  return run(`event ${event.type}`, props, () => (threadId ? oneAtATime(threadKey(props.ctx, threadId), work) : work()))
}

/**
 * The app's webhook target is one URL for every HubSpot account that installed the app, so an event of another
 * account can arrive here: it is ignored when its `portalId` is not the connected account's (when both are known;
 * an install that cannot tell, not connected yet or HubSpot unreachable, leaves it to the thread lookup, which
 * finds no session of its own for another account's thread).
 */
async function isFromAnotherAccount(event: AppEvent, hubspot: HubSpotClient): Promise<boolean> {
  if (event.portalId === undefined) return false
  const hubId = await hubspot.tokens.hubId().catch(() => undefined)
  return hubId !== undefined && String(hubId) !== event.portalId
}

async function dispatchAppEvent(
  raw: unknown,
  props: Props,
  hubspot: HubSpotClient,
  signedBy: SignedBy,
): Promise<Outcome> {
  const parsed = appEvent.safeParse(raw)
  if (!parsed.success) {
    props.logger.forBot().warn('Ignored a malformed event in a HubSpot webhook batch')
    return 'malformed'
  }
  const event = parsed.data
  const route = APP_EVENTS.find(([guard]) => guard(event))
  if (!route) return 'ignored'
  const ticket = event.subscriptionType.startsWith('ticket.')
  const describe = `${event.subscriptionType} event for ${ticket ? 'ticket' : 'thread'} ${event.objectId}`
  const install = installKey(props.ctx)
  const replay = signedBy === 'v1' ? v1ReplayRefusal(install, event) : undefined
  if (replay) {
    props.logger.forBot().warn(`Refused a HubSpot ${describe} signed only with v1: ${replay}`)
    return 'refused'
  }
  const outcome = await run(describe, props, async () => {
    if (await isFromAnotherAccount(event, hubspot)) {
      props.logger.forBot().warn(`Ignored a HubSpot ${describe} of another HubSpot account (${event.portalId})`)
      return
    }
    // One event of a thread (or of a ticket) at a time in this instance: parallel redeliveries see each other's tags.
    const lockOn = ticket ? `ticket:${event.objectId}` : event.objectId
    await oneAtATime(threadKey(props.ctx, lockOn), () => route[1](event, props, hubspot))
  })
  if (signedBy === 'v1' && outcome === 'done') rememberAppliedV1Event(install, event)
  return outcome
}

/**
 * Routes a verified webhook. Batch events are handled one by one, and a bad event never blocks the others.
 * A transient failure anywhere answers 503: HubSpot redelivers, and every handler is idempotent.
 */
export async function dispatch(envelope: WebhookEnvelope, props: Props, signedBy: SignedBy) {
  const hubspot = createHubSpotClient(props)
  const outcomes: Outcome[] = []
  if (envelope.kind === 'channel') outcomes.push(await dispatchChannelEvent(envelope.event, props, hubspot))
  // In order, one at a time: an assignment and a close of the same thread must not interleave.
  else for (const event of envelope.events) outcomes.push(await dispatchAppEvent(event, props, hubspot, signedBy))
  const retry = outcomes.includes('transient')
  return {
    status: retry ? 503 : 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcomes }),
  }
}
