/**
 * Which published spec operation each emulator route stands for, the success status it documents and the schema
 * of its body (spec-schemas.ts). Keys are the emulator's route patterns (`METHOD /path/:param`).
 */
import type { z } from '@botpress/sdk'
import * as spec from './spec-schemas'

export type Contract = { spec: string; operation: string; status: number | number[]; body: z.ZodTypeAny }

const OAUTH = 'Auth/Oauth/Rollouts/279897/2026-03/oauth.json'
const CC = 'Conversations/Custom Channels/Rollouts/160898/v3/customChannels.json'
const CONV = 'Conversations/Conversations/Rollouts/54902/v3/conversations.json'
const FILES = 'Files/Files/Rollouts/140950/v3/files.json'
const WH_DATED = 'Webhooks/Webhooks/Rollouts/147891/2026-09/webhooks.json'
const WH_V3 = 'Webhooks/Webhooks/Rollouts/147891/v3/webhooks.json'
const PIPE = 'CRM/Pipelines/Rollouts/145896/v3/pipelines.json'
const PROP = 'CRM/Properties/Rollouts/145899/v3/properties.json'
const OWN = 'CRM/Crm Owners/Rollouts/146888/v3/crmOwners.json'

const CHANNELS = '/conversations/v3/custom-channels'
const THREADS = '/conversations/v3/conversations/threads'

const oauthContracts = (base: string): Record<string, Contract> => ({
  [`POST ${base}/token`]: {
    spec: OAUTH,
    operation: 'POST /oauth/2026-03/token',
    status: 200,
    body: spec.accessTokenResponse,
  },
  [`POST ${base}/token/introspect`]: {
    spec: OAUTH,
    operation: 'POST /oauth/2026-03/token/introspect',
    status: 200,
    body: spec.tokenInfo,
  },
  // The spec documents no success body for revoke.
  [`POST ${base}/token/revoke`]: {
    spec: OAUTH,
    operation: 'POST /oauth/2026-03/token/revoke',
    status: 200,
    body: spec.noBody,
  },
})

const channelListContracts = (path: string): Record<string, Contract> => ({
  [`GET ${path}`]: {
    spec: CC,
    operation: 'GET /conversations/custom-channels/v3',
    status: 200,
    body: spec.channelList,
  },
  [`POST ${path}`]: { spec: CC, operation: 'POST /conversations/custom-channels/v3', status: 201, body: spec.channel },
})

/** The two forms document the same schemas; `active` on create is required only in the date-versioned one. */
const appWebhookContracts = (pattern: string, file: string, documented: string): Record<string, Contract> => {
  const at = (method: string, rest: string, status: number, body: z.ZodTypeAny): Record<string, Contract> => ({
    [`${method} ${pattern}${rest}`]: { spec: file, operation: `${method} ${documented}${rest}`, status, body },
  })
  return {
    ...at('GET', '/settings', 200, spec.webhookSettings),
    ...at('PUT', '/settings', 200, spec.webhookSettings),
    ...at('DELETE', '/settings', 204, spec.noBody),
    ...at('GET', '/subscriptions', 200, spec.subscriptionList),
    ...at('POST', '/subscriptions', 201, spec.subscription),
    ...at('POST', '/subscriptions/batch/update', 200, spec.subscriptionBatch),
    ...at('PATCH', '/subscriptions/:subscriptionId', 200, spec.subscription),
    ...at('DELETE', '/subscriptions/:subscriptionId', 204, spec.noBody),
  }
}

/** Objects of every type share `SimplePublicObject` in their own spec file. */
const crmObjectContracts = (type: string, file: string): Record<string, Contract> => {
  const base = `/crm/v3/objects/${type}`
  const contract = (operation: string, status: number, body: z.ZodTypeAny): Contract => ({
    spec: `CRM/${file}/Rollouts/424/v3/${type}.json`,
    operation,
    status,
    body,
  })
  return {
    [`POST ${base}/search`]: contract(`POST ${base}/search`, 200, spec.crmSearch),
    [`POST ${base}`]: contract(`POST ${base}`, 201, spec.crmObject),
    [`GET ${base}/:id`]: contract(`GET ${base}/{objectId}`, 200, spec.crmObject),
    [`PATCH ${base}/:id`]: contract(`PATCH ${base}/{objectId}`, 200, spec.crmObject),
  }
}

const crmSchemaContracts = (type: string): Record<string, Contract> => ({
  [`GET /crm/v3/properties/${type}`]: {
    spec: PROP,
    operation: 'GET /crm/v3/properties/{objectType}',
    status: 200,
    body: spec.propertyList,
  },
  [`GET /crm/v3/properties/${type}/:name`]: {
    spec: PROP,
    operation: 'GET /crm/v3/properties/{objectType}/{propertyName}',
    status: 200,
    body: spec.property,
  },
})

const pipelineContracts = (type: string): Record<string, Contract> => ({
  [`GET /crm/v3/pipelines/${type}`]: {
    spec: PIPE,
    operation: 'GET /crm/v3/pipelines/{objectType}',
    status: 200,
    body: spec.pipelineList,
  },
  [`GET /crm/v3/pipelines/${type}/:pipelineId`]: {
    spec: PIPE,
    operation: 'GET /crm/v3/pipelines/{objectType}/{pipelineId}',
    status: 200,
    body: spec.pipeline,
  },
  [`GET /crm/v3/pipelines/${type}/:pipelineId/stages`]: {
    spec: PIPE,
    operation: 'GET /crm/v3/pipelines/{objectType}/{pipelineId}/stages',
    status: 200,
    body: spec.pipelineStageList,
  },
})

export const CONTRACTS: Record<string, Contract> = {
  ...oauthContracts('/oauth/2026-03'),
  ...oauthContracts('/oauth/v3'),
  ...channelListContracts(CHANNELS),
  ...channelListContracts('/conversations/custom-channels/v3'),
  [`GET ${CHANNELS}/:channelId`]: {
    spec: CC,
    operation: `GET ${CHANNELS}/{channelId}`,
    status: 200,
    body: spec.channel,
  },
  [`PATCH ${CHANNELS}/:channelId`]: {
    spec: CC,
    operation: `PATCH ${CHANNELS}/{channelId}`,
    status: 200,
    body: spec.channel,
  },
  [`DELETE ${CHANNELS}/:channelId`]: {
    spec: CC,
    operation: `DELETE ${CHANNELS}/{channelId}`,
    status: 204,
    body: spec.noBody,
  },
  [`POST ${CHANNELS}/:channelId/channel-accounts`]: {
    spec: CC,
    operation: `POST ${CHANNELS}/{channelId}/channel-accounts`,
    status: 201,
    body: spec.channelAccount,
  },
  [`GET ${CHANNELS}/:channelId/channel-accounts`]: {
    spec: CC,
    operation: `GET ${CHANNELS}/{channelId}/channel-accounts`,
    status: 200,
    body: spec.channelAccountList,
  },
  [`GET ${CHANNELS}/:channelId/channel-accounts/:channelAccountId`]: {
    spec: CC,
    operation: `GET ${CHANNELS}/{channelId}/channel-accounts/{channelAccountId}`,
    status: 200,
    body: spec.channelAccount,
  },
  [`PATCH ${CHANNELS}/:channelId/channel-accounts/:channelAccountId`]: {
    spec: CC,
    operation: `PATCH ${CHANNELS}/{channelId}/channel-accounts/{channelAccountId}`,
    status: 200,
    body: spec.channelAccount,
  },
  [`PATCH ${CHANNELS}/:channelId/channel-account-staging-tokens/:accountToken`]: {
    spec: CC,
    operation: `PATCH ${CHANNELS}/{channelId}/channel-account-staging-tokens/{accountToken}`,
    status: 200,
    body: spec.stagingToken,
  },
  [`POST ${CHANNELS}/:channelId/messages`]: {
    spec: CC,
    operation: `POST ${CHANNELS}/{channelId}/messages`,
    status: 201,
    body: spec.conversationsMessage,
  },
  [`GET ${CHANNELS}/:channelId/messages/:messageId`]: {
    spec: CC,
    operation: `GET ${CHANNELS}/{channelId}/messages/{messageId}`,
    status: 200,
    body: spec.conversationsMessage,
  },
  [`PATCH ${CHANNELS}/:channelId/messages/:messageId`]: {
    spec: CC,
    operation: `PATCH ${CHANNELS}/{channelId}/messages/{messageId}`,
    status: 200,
    body: spec.conversationsMessage,
  },
  'GET /conversations/v3/conversations/inboxes': {
    spec: CONV,
    operation: 'GET /conversations/v3/conversations/inboxes',
    status: 200,
    body: spec.inboxList,
  },
  'GET /conversations/v3/conversations/inboxes/:inboxId': {
    spec: CONV,
    operation: 'GET /conversations/v3/conversations/inboxes/{inboxId}',
    status: 200,
    body: spec.inbox,
  },
  [`GET ${THREADS}`]: { spec: CONV, operation: `GET ${THREADS}`, status: 200, body: spec.threadList },
  [`GET ${THREADS}/:threadId`]: { spec: CONV, operation: `GET ${THREADS}/{threadId}`, status: 200, body: spec.thread },
  [`PATCH ${THREADS}/:threadId`]: {
    spec: CONV,
    operation: `PATCH ${THREADS}/{threadId}`,
    status: 200,
    body: spec.thread,
  },
  [`DELETE ${THREADS}/:threadId`]: {
    spec: CONV,
    operation: `DELETE ${THREADS}/{threadId}`,
    status: 204,
    body: spec.noBody,
  },
  [`GET ${THREADS}/:threadId/messages`]: {
    spec: CONV,
    operation: `GET ${THREADS}/{threadId}/messages`,
    status: 200,
    body: spec.threadMessageList,
  },
  [`GET ${THREADS}/:threadId/messages/:messageId`]: {
    spec: CONV,
    operation: `GET ${THREADS}/{threadId}/messages/{messageId}`,
    status: 200,
    body: spec.threadMessage,
  },
  [`POST ${THREADS}/:threadId/messages`]: {
    spec: CONV,
    operation: `POST ${THREADS}/{threadId}/messages`,
    status: 201,
    body: spec.threadMessage,
  },
  'PUT /conversations/conversations/v3/threads/:threadId/assignee': {
    spec: CONV,
    operation: 'PUT /conversations/conversations/v3/threads/{threadId}/assignee',
    status: 200,
    body: spec.thread,
  },
  'DELETE /conversations/conversations/v3/threads/:threadId/assignee': {
    spec: CONV,
    operation: 'DELETE /conversations/conversations/v3/threads/{threadId}/assignee',
    status: 204,
    body: spec.noBody,
  },
  'GET /conversations/v3/conversations/actors/:actorId': {
    spec: CONV,
    operation: 'GET /conversations/v3/conversations/actors/{actorId}',
    status: 200,
    body: spec.actor,
  },
  'POST /conversations/v3/conversations/actors/batch/read': {
    spec: CONV,
    operation: 'POST /conversations/v3/conversations/actors/batch/read',
    status: [200, 207],
    body: spec.actorBatch,
  },
  'POST /files/v3/files': { spec: FILES, operation: 'POST /files/v3/files', status: 201, body: spec.file },
  'GET /files/v3/files/:fileId': {
    spec: FILES,
    operation: 'GET /files/v3/files/{fileId}',
    status: 200,
    body: spec.file,
  },
  'GET /files/v3/files/:fileId/signed-url': {
    spec: FILES,
    operation: 'GET /files/v3/files/{fileId}/signed-url',
    status: 200,
    body: spec.signedUrl,
  },
  ...appWebhookContracts('/app-webhooks/2026-09/:appId', WH_DATED, '/app-webhooks/2026-09/{appId}'),
  ...appWebhookContracts('/webhooks/v3/:appId', WH_V3, '/webhooks/v3/{appId}'),
  ...crmObjectContracts('contacts', 'Contacts'),
  ...crmObjectContracts('companies', 'Companies'),
  ...crmObjectContracts('deals', 'Deals'),
  ...crmObjectContracts('tickets', 'Tickets'),
  ...crmObjectContracts('notes', 'Notes'),
  ...pipelineContracts('tickets'),
  ...pipelineContracts('deals'),
  ...['contacts', 'companies', 'deals', 'tickets', 'notes'].reduce(
    (all, type) => ({ ...all, ...crmSchemaContracts(type) }),
    {} as Record<string, Contract>,
  ),
  'GET /crm/v3/owners': { spec: OWN, operation: 'GET /crm/v3/owners', status: 200, body: spec.ownerList },
  'GET /crm/v3/owners/:ownerId': {
    spec: OWN,
    operation: 'GET /crm/v3/owners/{ownerId}',
    status: 200,
    body: spec.owner,
  },
}

/** Routes without a contract, and why. */
export const WITHOUT_CONTRACT: Record<string, string> = {
  'POST /oauth/v1/token': 'sunset: answers only an error',
  'GET /oauth/v1/access-tokens/:token': 'sunset: answers only an error',
  'GET /oauth/v1/refresh-tokens/:token': 'sunset: answers only an error',
  'DELETE /oauth/v1/refresh-tokens/:token': 'sunset: answers only an error',
  'GET /_emulator/files/:fileId': "the emulator's own signed download URL, not a HubSpot API",
  'PUT /crm/v4/objects/:fromType/:fromId/associations/default/:toType/:toId':
    'v4 associations: the integration does not call them (it associates on create)',
  'PUT /crm/v4/objects/:fromType/:fromId/associations/:toType/:toId':
    'v4 associations: the integration does not call them (it associates on create)',
  'GET /crm/v4/objects/:fromType/:fromId/associations/:toType':
    'v4 associations: the integration does not call them; the emulator answers toObjectId as a number where the spec types it a string',
  'DELETE /crm/v4/objects/:fromType/:fromId/associations/:toType/:toId':
    'v4 associations: the integration does not call them',
}
