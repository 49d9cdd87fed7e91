/**
 * Channel accounts and their staging tokens (hubspot-facts.md §3): OAuth bearer; an account belongs to the portal of
 * the token that created it. Spec: Conversations/Custom Channels/Rollouts/160898/v3/customChannels.json.
 */
import { DELIVERY_IDENTIFIER_TYPES } from '../defaults'
import { conflict, json, notFound, validationError } from '../errors'
import { renderChannelAccount, renderStagingToken } from '../render'
import type { Route, RouteContext } from '../router'
import type { HubSpotStore } from '../store'
import type { ChannelAccountRecord, ChannelRecord, DeliveryIdentifier } from '../types'
import { BodyCheck, booleanQuery, jsonObjectBody, paginate, readDeliveryIdentifier } from '../validation'

const BASE = '/conversations/v3/custom-channels/:channelId/channel-accounts'
const STAGING = '/conversations/v3/custom-channels/:channelId/channel-account-staging-tokens/:accountToken'
// The spec accepts either custom-channels scope on every channel-account call, creating and updating included.
const READ_OR_WRITE = ['conversations.custom_channels.read', 'conversations.custom_channels.write']

export function accountFor(
  store: HubSpotStore,
  hubId: number,
  channelId: string,
  accountId: string,
  includeArchived = false,
): ChannelAccountRecord {
  const account = store.channelAccounts.get(accountId)
  if (!account || account.hubId !== hubId || account.channelId !== channelId || (account.archived && !includeArchived))
    throw notFound(`Channel account ${accountId} does not exist for channel ${channelId}`)
  return account
}

function createChannelAccount({ store, params, body, token, url }: RouteContext): Response {
  const channel = store.liveChannel(params.channelId as string)
  const input = jsonObjectBody(body)
  const check = new BodyCheck()
  const inboxId = check.id(input, 'inboxId')
  const name = check.string(input, 'name', '', true, true)
  const authorized = check.boolean(input, 'authorized')
  const deliveryIdentifier = readDeliveryIdentifier(check, input, 'deliveryIdentifier', '', false)
  check.throwIfAny()
  // A reference to an inbox of another (or no) account is a bad body value: 400, our choice over 404.
  if (!store.portal(token.hubId).inboxes.some((inbox) => inbox.id === inboxId))
    throw validationError(`Inbox ${inboxId} does not exist in this HubSpot account`, {
      errors: [{ message: `Inbox ${inboxId} does not exist`, code: 'INVALID_INBOX', in: 'inboxId' }],
    })
  const account = addChannelAccount(store, channel, {
    hubId: token.hubId,
    inboxId: inboxId as string,
    name: name as string,
    authorized: authorized as boolean,
    deliveryIdentifier,
  })
  return json(201, renderChannelAccount(account), { location: `${url.origin}${url.pathname}/${account.id}` })
}

/** Creates an account, through the API or from a completed staging token. */
function addChannelAccount(
  store: HubSpotStore,
  channel: ChannelRecord,
  input: Pick<ChannelAccountRecord, 'hubId' | 'inboxId' | 'name' | 'authorized'> & {
    deliveryIdentifier: DeliveryIdentifier | undefined
  },
): ChannelAccountRecord {
  const { deliveryIdentifier } = input
  // UNCONFIRMED uniqueness rule (public bridges report 409s; hubspot-facts.md §3): one live account per delivery identifier per channel.
  if (deliveryIdentifier) {
    const duplicate = [...store.channelAccounts.values()].find(
      (account) =>
        account.hubId === input.hubId &&
        account.channelId === channel.id &&
        !account.archived &&
        account.deliveryIdentifier?.type === deliveryIdentifier.type &&
        account.deliveryIdentifier.value === deliveryIdentifier.value,
    )
    if (duplicate) throw conflict(`A channel account with this delivery identifier already exists (id ${duplicate.id})`)
  }
  const account: ChannelAccountRecord = {
    id: String(store.nextId('channelAccount')),
    channelId: channel.id,
    hubId: input.hubId,
    inboxId: input.inboxId,
    name: input.name,
    authorized: input.authorized,
    archived: false,
    createdAt: store.isoNow(),
    ...(deliveryIdentifier ? { deliveryIdentifier } : {}),
  }
  store.channelAccounts.set(account.id, account)
  return account
}

/**
 * Completes the staging token HubSpot made when an admin connected the channel from the inbox settings: the
 * account name and delivery identifier are applied to the channel account made from it. UNCONFIRMED, our
 * assumptions: HubSpot makes that account (authorized) as soon as the token is completed; a token of another
 * portal or channel reads as unknown (404); a completed token answers 409, an expired one 400.
 */
function completeStagingToken({ store, params, body, token }: RouteContext): Response {
  const channel = store.liveChannel(params.channelId as string)
  const staging = store.stagingTokens.get(params.accountToken as string)
  if (!staging || staging.hubId !== token.hubId || staging.channelId !== channel.id)
    throw notFound(`Channel account staging token does not exist for channel ${channel.id}`)
  if (staging.channelAccountId !== undefined)
    throw conflict(`This staging token was already used (channel account ${staging.channelAccountId})`)
  if (store.now() >= staging.expiresAt)
    throw validationError('This staging token has expired; connect the channel again from the inbox settings')
  const input = jsonObjectBody(body)
  const check = new BodyCheck()
  const accountName = check.string(input, 'accountName', '', false, true)
  const deliveryIdentifier = readDeliveryIdentifier(check, input, 'deliveryIdentifier', '', false)
  check.throwIfAny()
  const account = addChannelAccount(store, channel, {
    hubId: staging.hubId,
    inboxId: staging.inboxId,
    name: accountName ?? channel.name,
    authorized: true,
    deliveryIdentifier,
  })
  Object.assign(staging, {
    channelAccountId: account.id,
    ...(accountName !== undefined ? { accountName } : {}),
    ...(deliveryIdentifier ? { deliveryIdentifier } : {}),
  })
  return json(200, renderStagingToken(staging))
}

function listChannelAccounts({ store, params, token, url }: RouteContext): Response {
  const channel = store.liveChannel(params.channelId as string)
  const archived = booleanQuery(url, 'archived')
  const types = url.searchParams.getAll('deliveryIdentifierType')
  for (const type of types)
    if (!(DELIVERY_IDENTIFIER_TYPES as readonly string[]).includes(type))
      throw validationError(`deliveryIdentifierType ${type} is not one of ${DELIVERY_IDENTIFIER_TYPES.join(', ')}`)
  const values = url.searchParams.getAll('deliveryIdentifierValue')
  const accounts = [...store.channelAccounts.values()].filter(
    (account) =>
      account.hubId === token.hubId &&
      account.channelId === channel.id &&
      account.archived === archived &&
      (types.length === 0 ||
        (account.deliveryIdentifier !== undefined && types.includes(account.deliveryIdentifier.type))) &&
      (values.length === 0 ||
        (account.deliveryIdentifier !== undefined && values.includes(account.deliveryIdentifier.value))),
  )
  const page = paginate(accounts, url)
  return json(200, { ...page, results: page.results.map(renderChannelAccount) })
}

function getChannelAccount({ store, params, token, url }: RouteContext): Response {
  store.liveChannel(params.channelId as string)
  const account = accountFor(
    store,
    token.hubId,
    params.channelId as string,
    params.channelAccountId as string,
    booleanQuery(url, 'archived'),
  )
  return json(200, renderChannelAccount(account))
}

function updateChannelAccount({ store, params, token, body }: RouteContext): Response {
  store.liveChannel(params.channelId as string)
  const account = accountFor(store, token.hubId, params.channelId as string, params.channelAccountId as string)
  const input = jsonObjectBody(body)
  const check = new BodyCheck()
  const name = check.string(input, 'name', '', false, true)
  const authorized = check.boolean(input, 'authorized', '', false)
  check.throwIfAny()
  if (name !== undefined) account.name = name
  if (authorized !== undefined) account.authorized = authorized
  return json(200, renderChannelAccount(account))
}

const auth = { kind: 'bearer', anyOfScopes: READ_OR_WRITE } as const

export const channelAccountRoutes: Route[] = [
  { name: 'createChannelAccount', method: 'POST', path: BASE, auth, handle: createChannelAccount },
  { name: 'listChannelAccounts', method: 'GET', path: BASE, auth, handle: listChannelAccounts },
  { name: 'getChannelAccount', method: 'GET', path: `${BASE}/:channelAccountId`, auth, handle: getChannelAccount },
  {
    name: 'updateChannelAccount',
    method: 'PATCH',
    path: `${BASE}/:channelAccountId`,
    auth,
    handle: updateChannelAccount,
  },
  { name: 'completeStagingToken', method: 'PATCH', path: STAGING, auth, handle: completeStagingToken },
]
