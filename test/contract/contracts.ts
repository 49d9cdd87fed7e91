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
const SPEC_LIST = '/conversations/custom-channels/v3'
const THREADS = '/conversations/v3/conversations/threads'

/** A route at the spec's own path (`{param}` there, `:param` in the emulator). */
const at = (
  file: string,
  method: string,
  path: string,
  status: number | number[],
  body: z.ZodTypeAny,
): Record<string, Contract> => ({
  [`${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`]: { spec: file, operation: `${method} ${path}`, status, body },
})

/** The emulator also answers the 2026-03 OAuth operations at `/oauth/v3`, which the spec's operation ids name. */
const oauthContracts = (base: string): Record<string, Contract> => ({
  ...at(OAUTH, 'POST', `${base}/token`, 200, spec.accessTokenResponse),
  ...at(OAUTH, 'POST', `${base}/token/introspect`, 200, spec.tokenInfo),
  // The spec documents no success body for revoke.
  ...at(OAUTH, 'POST', `${base}/token/revoke`, 200, spec.noBody),
})

/** List and create at the guide's path follow the spec's operations at `/conversations/custom-channels/v3`. */
const channelListContracts = (path: string): Record<string, Contract> => ({
  [`GET ${path}`]: { spec: CC, operation: `GET ${SPEC_LIST}`, status: 200, body: spec.channelList },
  [`POST ${path}`]: { spec: CC, operation: `POST ${SPEC_LIST}`, status: 201, body: spec.channel },
})

/** The two forms document the same schemas; `active` on create is required only in the date-versioned one. */
const appWebhookContracts = (file: string, base: string): Record<string, Contract> => ({
  ...at(file, 'GET', `${base}/settings`, 200, spec.webhookSettings),
  ...at(file, 'PUT', `${base}/settings`, 200, spec.webhookSettings),
  ...at(file, 'DELETE', `${base}/settings`, 204, spec.noBody),
  ...at(file, 'GET', `${base}/subscriptions`, 200, spec.subscriptionList),
  ...at(file, 'POST', `${base}/subscriptions`, 201, spec.subscription),
  ...at(file, 'POST', `${base}/subscriptions/batch/update`, 200, spec.subscriptionBatch),
  ...at(file, 'PATCH', `${base}/subscriptions/{subscriptionId}`, 200, spec.subscription),
  ...at(file, 'DELETE', `${base}/subscriptions/{subscriptionId}`, 204, spec.noBody),
})

/**
 * Objects of every type share `SimplePublicObject`, each in its own spec file (`{ticketId}` there, `:id` here). The
 * deals file documents its paths with the type's id, `0-3`; the emulator, like the integration, uses its name.
 */
const crmObjectContracts = (
  type: string,
  folder: string,
  idName: string,
  specType = type,
): Record<string, Contract> => {
  const base = `/crm/v3/objects/${type}`
  const documented = `/crm/v3/objects/${specType}`
  const file = `CRM/${folder}/Rollouts/424/v3/${type}.json`
  const contract = (operation: string, status: number, body: z.ZodTypeAny): Contract => ({
    spec: file,
    operation,
    status,
    body,
  })
  return {
    [`POST ${base}/search`]: contract(`POST ${documented}/search`, 200, spec.crmSearch),
    [`POST ${base}`]: contract(`POST ${documented}`, 201, spec.crmObject),
    [`GET ${base}/:id`]: contract(`GET ${documented}/{${idName}}`, 200, spec.crmObject),
    [`PATCH ${base}/:id`]: contract(`PATCH ${documented}/{${idName}}`, 200, spec.crmObject),
  }
}

/** Properties and pipelines: one operation per object type in the emulator's route table. */
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

const pipelineContracts = (type: string): Record<string, Contract> => {
  const base = `/crm/v3/pipelines/${type}`
  const one = (path: string, body: z.ZodTypeAny): Record<string, Contract> => ({
    [`GET ${base}${path.replace('{pipelineId}', ':pipelineId')}`]: {
      spec: PIPE,
      operation: `GET /crm/v3/pipelines/{objectType}${path}`,
      status: 200,
      body,
    },
  })
  return {
    ...one('', spec.pipelineList),
    ...one('/{pipelineId}', spec.pipeline),
    ...one('/{pipelineId}/stages', spec.pipelineStageList),
  }
}

export const CONTRACTS: Record<string, Contract> = {
  ...oauthContracts('/oauth/2026-03'),
  ...oauthContracts('/oauth/v3'),
  ...channelListContracts(CHANNELS),
  ...channelListContracts(SPEC_LIST),
  ...at(CC, 'GET', `${CHANNELS}/{channelId}`, 200, spec.channel),
  ...at(CC, 'PATCH', `${CHANNELS}/{channelId}`, 200, spec.channel),
  ...at(CC, 'DELETE', `${CHANNELS}/{channelId}`, 204, spec.noBody),
  ...at(CC, 'POST', `${CHANNELS}/{channelId}/channel-accounts`, 201, spec.channelAccount),
  ...at(CC, 'GET', `${CHANNELS}/{channelId}/channel-accounts`, 200, spec.channelAccountList),
  ...at(CC, 'GET', `${CHANNELS}/{channelId}/channel-accounts/{channelAccountId}`, 200, spec.channelAccount),
  ...at(CC, 'PATCH', `${CHANNELS}/{channelId}/channel-accounts/{channelAccountId}`, 200, spec.channelAccount),
  ...at(CC, 'PATCH', `${CHANNELS}/{channelId}/channel-account-staging-tokens/{accountToken}`, 200, spec.stagingToken),
  ...at(CC, 'POST', `${CHANNELS}/{channelId}/messages`, 201, spec.conversationsMessage),
  ...at(CC, 'GET', `${CHANNELS}/{channelId}/messages/{messageId}`, 200, spec.conversationsMessage),
  ...at(CC, 'PATCH', `${CHANNELS}/{channelId}/messages/{messageId}`, 200, spec.conversationsMessage),
  ...at(CONV, 'GET', '/conversations/v3/conversations/inboxes', 200, spec.inboxList),
  ...at(CONV, 'GET', '/conversations/v3/conversations/inboxes/{inboxId}', 200, spec.inbox),
  ...at(CONV, 'GET', THREADS, 200, spec.threadList),
  ...at(CONV, 'GET', `${THREADS}/{threadId}`, 200, spec.thread),
  ...at(CONV, 'PATCH', `${THREADS}/{threadId}`, 200, spec.thread),
  ...at(CONV, 'DELETE', `${THREADS}/{threadId}`, 204, spec.noBody),
  ...at(CONV, 'GET', `${THREADS}/{threadId}/messages`, 200, spec.threadMessageList),
  ...at(CONV, 'GET', `${THREADS}/{threadId}/messages/{messageId}`, 200, spec.threadMessage),
  ...at(CONV, 'POST', `${THREADS}/{threadId}/messages`, 201, spec.threadMessage),
  ...at(CONV, 'PUT', '/conversations/conversations/v3/threads/{threadId}/assignee', 200, spec.thread),
  ...at(CONV, 'DELETE', '/conversations/conversations/v3/threads/{threadId}/assignee', 204, spec.noBody),
  ...at(CONV, 'GET', '/conversations/v3/conversations/actors/{actorId}', 200, spec.actor),
  ...at(CONV, 'POST', '/conversations/v3/conversations/actors/batch/read', [200, 207], spec.actorBatch),
  ...at(FILES, 'POST', '/files/v3/files', 201, spec.file),
  ...at(FILES, 'GET', '/files/v3/files/{fileId}', 200, spec.file),
  ...at(FILES, 'GET', '/files/v3/files/{fileId}/signed-url', 200, spec.signedUrl),
  ...appWebhookContracts(WH_DATED, '/app-webhooks/2026-09/{appId}'),
  ...appWebhookContracts(WH_V3, '/webhooks/v3/{appId}'),
  ...crmObjectContracts('contacts', 'Contacts', 'contactId'),
  ...crmObjectContracts('companies', 'Companies', 'companyId'),
  ...crmObjectContracts('deals', 'Deals', 'dealId', '0-3'),
  ...crmObjectContracts('tickets', 'Tickets', 'ticketId'),
  ...crmObjectContracts('notes', 'Notes', 'noteId'),
  ...pipelineContracts('tickets'),
  ...pipelineContracts('deals'),
  ...['contacts', 'companies', 'deals', 'tickets', 'notes'].reduce(
    (all, type) => ({ ...all, ...crmSchemaContracts(type) }),
    {} as Record<string, Contract>,
  ),
  ...at(OWN, 'GET', '/crm/v3/owners', 200, spec.ownerList),
  ...at(OWN, 'GET', '/crm/v3/owners/{ownerId}', 200, spec.owner),
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
