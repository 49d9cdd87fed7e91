/**
 * Custom channel definitions (hubspot-facts.md §3; spec Conversations/Custom Channels/Rollouts/160898/v3/customChannels.json):
 * developer API key + appId auth.
 */
import { capabilitiesError } from '../capabilities'
import { json, noContent } from '../errors'
import { renderChannel } from '../render'
import type { Route, RouteContext } from '../router'
import type { ChannelRecord } from '../types'
import { BodyCheck, jsonObjectBody, paginate } from '../validation'

const BASE = '/conversations/v3/custom-channels'
/** The v3 spec names list and create `/conversations/custom-channels/v3`; HubSpot's guide and Botpress use BASE. */
const SPEC_LIST_PATH = '/conversations/custom-channels/v3'
const OPTIONAL_URL_FIELDS = ['webhookUrl', 'channelAccountConnectionRedirectUrl', 'channelLogoUrl'] as const

function checkUrl(check: BodyCheck, field: string, value: string | undefined): void {
  if (value === undefined) return
  try {
    const url = new URL(value)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') check.invalid(field, 'must be an http(s) URL')
  } catch {
    check.invalid(field, 'must be an absolute URL', 'INVALID_FORMAT')
  }
}

type ChannelFields = Pick<
  ChannelRecord,
  | 'name'
  | 'capabilities'
  | 'webhookUrl'
  | 'channelAccountConnectionRedirectUrl'
  | 'channelDescription'
  | 'channelLogoUrl'
>

/**
 * Reads a channel body. On create only `name` and `capabilities` are required; the PATCH schema marks all six
 * fields required (hubspot-facts.md §3) and HubSpot's partial-PATCH behaviour is UNCONFIRMED, so `full` requires them all.
 */
function readChannelBody(ctx: RouteContext, full: boolean): ChannelFields {
  const body = jsonObjectBody(ctx.body)
  const check = new BodyCheck()
  const name = check.string(body, 'name', '', true, true)
  const capabilities = check.object(body, 'capabilities')
  const urls: Record<string, string | undefined> = {}
  for (const field of OPTIONAL_URL_FIELDS) {
    urls[field] = check.string(body, field, '', full)
    checkUrl(check, field, urls[field])
  }
  const channelDescription = check.string(body, 'channelDescription', '', full)
  check.throwIfAny()
  const capabilityProblem = capabilitiesError(capabilities)
  if (capabilityProblem) throw capabilityProblem
  return {
    name: name as string,
    capabilities: structuredClone(capabilities as Record<string, unknown>),
    ...(urls.webhookUrl !== undefined ? { webhookUrl: urls.webhookUrl } : {}),
    ...(urls.channelAccountConnectionRedirectUrl !== undefined
      ? { channelAccountConnectionRedirectUrl: urls.channelAccountConnectionRedirectUrl }
      : {}),
    ...(channelDescription !== undefined ? { channelDescription } : {}),
    ...(urls.channelLogoUrl !== undefined ? { channelLogoUrl: urls.channelLogoUrl } : {}),
  }
}

function createChannel(ctx: RouteContext): Response {
  const fields = readChannelBody(ctx, false)
  const channel: ChannelRecord = {
    id: String(ctx.store.nextId('channel')),
    ...fields,
    createdAt: ctx.store.isoNow(),
    archived: false,
    hiddenForListCalls: ctx.store.listingDelay,
  }
  ctx.store.channels.set(channel.id, channel)
  return json(201, renderChannel(channel), { location: `${ctx.url.origin}${BASE}/${channel.id}` })
}

/** A new channel stays out of the list for `listingDelay` list calls (HubSpot's eventual consistency, hubspot-facts.md §3). */
function listChannels({ store, url }: RouteContext): Response {
  const visible: ChannelRecord[] = []
  for (const channel of store.channels.values()) {
    if (channel.archived) continue
    if (channel.hiddenForListCalls > 0) {
      channel.hiddenForListCalls -= 1
      continue
    }
    visible.push(channel)
  }
  const page = paginate(visible, url)
  return json(200, { ...page, results: page.results.map(renderChannel) })
}

function getChannel({ store, params }: RouteContext): Response {
  return json(200, renderChannel(store.liveChannel(params.channelId as string)))
}

function updateChannel(ctx: RouteContext): Response {
  const channel = ctx.store.liveChannel(ctx.params.channelId as string)
  Object.assign(channel, readChannelBody(ctx, true))
  return json(200, renderChannel(channel))
}

function archiveChannel({ store, params }: RouteContext): Response {
  const channel = store.liveChannel(params.channelId as string)
  channel.archived = true
  channel.archivedAt = store.isoNow()
  return noContent()
}

const auth = { kind: 'hapikey', appIdFrom: 'query' } as const

/** Which paths answer channel list and create: the guide's (BASE), the v3 spec's (SPEC_LIST_PATH), or both. */
export type ChannelListPaths = 'both' | 'guide' | 'spec'

export function customChannelRoutes(listPaths: ChannelListPaths): Route[] {
  const served = { both: [BASE, SPEC_LIST_PATH], guide: [BASE], spec: [SPEC_LIST_PATH] }[listPaths]
  return [
    ...served.flatMap((path): Route[] => [
      { name: 'listChannels', method: 'GET', path, auth, handle: listChannels },
      { name: 'createChannel', method: 'POST', path, auth, handle: createChannel },
    ]),
    { name: 'getChannel', method: 'GET', path: `${BASE}/:channelId`, auth, handle: getChannel },
    { name: 'updateChannel', method: 'PATCH', path: `${BASE}/:channelId`, auth, handle: updateChannel },
    { name: 'archiveChannel', method: 'DELETE', path: `${BASE}/:channelId`, auth, handle: archiveChannel },
  ]
}
