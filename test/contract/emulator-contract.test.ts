import { describeIssues } from '../../src/platform/describe'
import { DEFAULT_SCOPES, HubSpotEmulator, type ServedPaths } from '../../emulators/hubspot/hubspot-emulator'
import { matchRoute } from '../../emulators/hubspot/router'
import { HUBSPOT_API_URL } from '../support/env'
import { Harness, useHarness } from '../support/harness'
import { escalate } from '../support/scenario'
import { CONTRACTS, WITHOUT_CONTRACT } from './contracts'

/**
 * The HubSpot emulator against HubSpot's published specs: every success it answers, to the integration in whole
 * runs and to direct calls for what the integration never asks, must match the schema written from the spec.
 */
const harness = useHarness({ rateLimit: false })

type Answer = { route: string; status: number; body: unknown }
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- direct calls read ids out of HubSpot's answers
type Json = any

const keyOf = (route: { method: string; path: string }) => `${route.method} ${route.path}`

/** Records every answer of the emulator, with the route pattern it came from. */
function record(emulator: HubSpotEmulator): Answer[] {
  const answers: Answer[] = []
  const table = emulator.routeTable
  const handle = emulator.handle.bind(emulator)
  emulator.handle = async (request: Request) => {
    const response = await handle(request)
    const match = matchRoute(table, request.method.toUpperCase(), new URL(request.url).pathname)
    const raw = response.type === 'error' ? '' : await response.clone().text()
    answers.push({
      route: match ? keyOf(match.route) : `unknown ${request.method}`,
      status: response.status,
      body: raw === '' ? undefined : tryJson(raw),
    })
    return response
  }
  return answers
}

function tryJson(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    return raw
  }
}

/** Contract routes whose success answers matched, across the tests of this file. */
const checked = new Set<string>()

/** Every 2xx answer against its contract: the documented status and the spec's schema. */
function expectConforming(answers: Answer[]): void {
  const problems: string[] = []
  for (const answer of answers) {
    if (answer.status < 200 || answer.status >= 300) continue
    const contract = CONTRACTS[answer.route]
    if (!contract) {
      problems.push(`${answer.route}: no contract`)
      continue
    }
    const statuses = Array.isArray(contract.status) ? contract.status : [contract.status]
    if (!statuses.includes(answer.status))
      problems.push(`${answer.route}: HTTP ${answer.status}, the spec documents ${statuses.join(' or ')}`)
    const parsed = contract.body.safeParse(answer.body)
    if (!parsed.success)
      problems.push(`${answer.route} (${contract.spec}): ${describeIssues(parsed.error, { root: 'body', max: 3 })}`)
    else checked.add(answer.route)
  }
  expect(problems).toEqual([])
}

const EVERY_MODE: ServedPaths[] = [
  {},
  { appWebhooks: 'v3-only', channelList: 'spec' },
  { appWebhooks: 'date-versioned-only', channelList: 'guide' },
]

describe('the emulator against the published specs', () => {
  it.each(EVERY_MODE)('has a contract, or a stated reason for none, for every route it serves (%o)', (served) => {
    const routes = new HubSpotEmulator({ served }).routeTable.map(keyOf)
    expect(routes.filter((route) => !CONTRACTS[route] && !WITHOUT_CONTRACT[route])).toEqual([])
  })

  it('has no contract for a route it does not serve', () => {
    const routes = new Set(new HubSpotEmulator().routeTable.map(keyOf))
    expect(Object.keys(CONTRACTS).filter((route) => !routes.has(route))).toEqual([])
  })

  it('answers the integration as the specs document, through register, a whole session and unregister', async () => {
    const h = harness()
    const answers = record(h.hubspot)
    await wholeRun(h)
    expectConforming(answers)
    for (const served of EVERY_MODE.slice(1)) {
      const other = harness({ served })
      const more = record(other.hubspot)
      expect((await other.register()).status).toBe(200)
      expect((await other.unregister()).status).toBe(200)
      expectConforming(more)
    }
  })

  it('answers what the integration never asks as the specs document too', async () => {
    const h = harness()
    const answers = record(h.hubspot)
    await directCalls(h)
    expectConforming(answers)
  })

  it('has checked a success of every route that has a contract', () => {
    expect(Object.keys(CONTRACTS).filter((route) => !checked.has(route))).toEqual([])
  })
})

/** Everything the integration does with HubSpot in one install's life. */
async function wholeRun(h: Harness): Promise<void> {
  expect((await h.register()).status).toBe(200)
  const contactId = h.hubspot.seedContact({ properties: { email: 'ada@example.com', firstname: 'Ada' } })
  const { conversationId, threadId, userId } = await escalate(h)
  const png = h.serveMedia('/photo.png', new Uint8Array([137, 80, 78, 71, 1, 2, 3]), 'image/png')
  for (const [type, payload] of [
    ['text', { text: 'Here is my order: 1234' }],
    ['image', { imageUrl: png }],
  ] as const)
    expect((await h.sendToAgent(conversationId, type, { ...payload, userId })).response.status).toBe(200)
  expect((await h.deliver(h.hubspot.assignThread(threadId, 'A-5001'))).status).toBe(200)
  const fileId = h.hubspot.uploadAgentFile({ name: 'guide.pdf', mimeType: 'application/pdf', bytes: new Uint8Array(8) })
  const reply = h.hubspot.agentReply({
    threadId,
    actorId: 'A-5001',
    text: 'Here you go',
    attachments: [{ fileId, fileUsageType: 'OTHER' }],
  })
  expect((await h.deliver(reply)).status).toBe(200)
  await h.action('postInternalNote', { conversationId, text: 'Suggested reply: a voucher' })
  await h.action('searchContacts', { query: 'ada@example.com' })
  await h.action('getContactContext', { contactId })
  expect((await h.deliver(h.hubspot.closeThread(threadId))).status).toBe(200)
  const second = await escalate(h, { email: 'grace@example.com', name: 'Grace Hopper' })
  await h.action('stopHitl', { conversationId: second.conversationId })
  // Routed at handoff: the agent named by email, else Ada's last agent (her closed thread), else her owner.
  const routing = { ...h.config, routeToLastAgent: true, routeToContactOwner: true }
  for (const assignTo of ['bob@agents.example.com', 'nobody@example.com'])
    await h.action(
      'startHitl',
      { userId, title: `Routed ${assignTo}`, hitlSession: { assignTo }, messageHistory: [] },
      routing,
    )
  expect((await h.unregister()).status).toBe(200)
}

/** Calls the emulator answers as HubSpot would, for the routes no integration flow reaches. */
async function directCalls(h: Harness): Promise<void> {
  const emulator = h.hubspot
  const { appId, developerApiKey, clientId, clientSecret } = emulator.app
  const crmWrites = ['companies', 'deals'].flatMap((type) => [`crm.objects.${type}.read`, `crm.objects.${type}.write`])
  const token = emulator.issueAccessToken({ scopes: [...DEFAULT_SCOPES, ...crmWrites] })
  const call = async (
    method: string,
    path: string,
    options: { dev?: 'query' | 'path'; bearer?: string; json?: unknown; form?: Record<string, string> } = {},
  ) => {
    const url = new URL(path, HUBSPOT_API_URL)
    if (options.dev) url.searchParams.set('hapikey', developerApiKey)
    if (options.dev === 'query') url.searchParams.set('appId', appId)
    const headers: Record<string, string> = {}
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`
    let body: string | undefined
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(options.json)
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(options.form).toString()
    }
    const response = await emulator.handle(new Request(url, { method, headers, body }))
    const text = await response.text()
    if (response.status >= 300) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`)
    return (text === '' ? undefined : JSON.parse(text)) as Json
  }
  const client = { client_id: clientId, client_secret: clientSecret }
  for (const base of ['/oauth/2026-03', '/oauth/v3']) {
    const redirectUri = 'https://webhook.botpress.test/oauth/callback'
    const code = emulator.issueAuthorizationCode({ redirectUri })
    const tokens = await call('POST', `${base}/token`, {
      form: { ...client, grant_type: 'authorization_code', code, redirect_uri: redirectUri },
    })
    await call('POST', `${base}/token`, {
      form: { ...client, grant_type: 'refresh_token', refresh_token: tokens!.refresh_token },
    })
    for (const value of [tokens!.access_token, tokens!.refresh_token, 'unknown-token'])
      await call('POST', `${base}/token/introspect`, { form: { ...client, token: value } })
    await call('POST', `${base}/token/revoke`, { form: { ...client, token: tokens!.refresh_token } })
  }

  const capabilities = {
    threadingModel: 'INTEGRATION_THREAD_ID',
    deliveryIdentifierTypes: ['CHANNEL_SPECIFIC_OPAQUE_ID'],
  }
  const definition = {
    name: 'Direct',
    capabilities,
    webhookUrl: 'https://webhook.botpress.test/direct',
    channelAccountConnectionRedirectUrl: 'https://webhook.botpress.test/direct/connect',
    channelLogoUrl: 'https://webhook.botpress.test/direct/logo.svg',
    channelDescription: 'A channel made by direct calls',
  }
  const channels = '/conversations/v3/custom-channels'
  for (const path of [channels, '/conversations/custom-channels/v3']) {
    await call('POST', path, { dev: 'query', json: definition })
    await call('GET', path, { dev: 'query' })
    await call('GET', path, { dev: 'query' })
  }
  const channel = await call('POST', channels, { dev: 'query', json: definition })
  await call('PATCH', `${channels}/${channel!.id}`, { dev: 'query', json: { ...definition, name: 'Direct 2' } })
  const inboxId = emulator.portal().inboxes[0]!.id
  const account = await call('POST', `${channels}/${channel!.id}/channel-accounts`, {
    bearer: token,
    json: {
      inboxId,
      name: 'Direct',
      authorized: true,
      deliveryIdentifier: { type: 'CHANNEL_SPECIFIC_OPAQUE_ID', value: 'direct-1' },
    },
  })
  await call('GET', `${channels}/${channel!.id}/channel-accounts/${account!.id}`, { bearer: token })
  const publish = () =>
    call('POST', `${channels}/${channel!.id}/messages`, {
      bearer: token,
      json: {
        channelAccountId: account!.id,
        messageDirection: 'INCOMING',
        integrationThreadId: 'direct-thread',
        integrationIdempotencyId: 'direct-1',
        senders: [{ name: 'Vera', deliveryIdentifier: { type: 'HS_EMAIL_ADDRESS', value: 'vera@example.com' } }],
        recipients: [],
        text: 'Hello',
        timestamp: new Date().toISOString(),
        attachments: [],
      },
    })
  const published = await publish()
  // The same idempotency id again: the spec documents 201 only.
  await publish()
  await call('GET', `${channels}/${channel!.id}/messages/${published!.id}`, { bearer: token })
  const connection = emulator.startChannelConnection({
    channelId: channel!.id,
    inboxId: emulator.portal().inboxes[1]!.id,
  })
  await call('PATCH', `${channels}/${channel!.id}/channel-account-staging-tokens/${connection.accountToken}`, {
    bearer: token,
    json: { accountName: 'Direct', deliveryIdentifier: { type: 'CHANNEL_SPECIFIC_OPAQUE_ID', value: 'direct-2' } },
  })

  const threadId = published!.conversationsThreadId as string
  const threads = '/conversations/v3/conversations/threads'
  await call('GET', `/conversations/v3/conversations/inboxes/${inboxId}`, { bearer: token })
  await call('GET', threads, { bearer: token })
  await call('GET', `${threads}/${threadId}`, { bearer: token })
  await call('GET', `${threads}/${threadId}/messages/${published!.id}`, { bearer: token })
  await call('PUT', `/conversations/conversations/v3/threads/${threadId}/assignee`, {
    bearer: token,
    json: { actorId: 'A-5001' },
  })
  await call('DELETE', `/conversations/conversations/v3/threads/${threadId}/assignee`, { bearer: token })
  await call('POST', '/conversations/v3/conversations/actors/batch/read', {
    bearer: token,
    json: { inputs: ['A-5001', 'A-9999'] },
  })
  await call('DELETE', `${threads}/${threadId}`, { bearer: token })
  const fileId = emulator.uploadAgentFile({ name: 'photo.png', mimeType: 'image/png', bytes: new Uint8Array(4) })
  await call('GET', `/files/v3/files/${fileId}`, { bearer: token })

  const settings = { targetUrl: 'https://webhook.botpress.test/direct', throttling: { maxConcurrentRequests: 5 } }
  for (const base of [`/app-webhooks/2026-09/${appId}`, `/webhooks/v3/${appId}`]) {
    await call('PUT', `${base}/settings`, { dev: 'path', json: settings })
    await call('GET', `${base}/settings`, { dev: 'path' })
    const created = await call('POST', `${base}/subscriptions`, {
      dev: 'path',
      json: { eventType: 'conversation.creation', active: false },
    })
    await call('PATCH', `${base}/subscriptions/${created!.id}`, { dev: 'path', json: { active: true } })
    await call('POST', `${base}/subscriptions/batch/update`, {
      dev: 'path',
      json: { inputs: [{ id: Number(created!.id), active: false }] },
    })
    await call('DELETE', `${base}/subscriptions/${created!.id}`, { dev: 'path' })
    await call('DELETE', `${base}/settings`, { dev: 'path' })
  }

  const company = emulator.seedCompany({ properties: { name: 'Acme' } })
  const deal = emulator.seedDeal({ properties: { dealname: 'Renewal' } })
  const ticket = emulator.seedTicket({ properties: { subject: 'Direct' } })
  const contact = emulator.seedContact({ properties: { email: 'direct@example.com' } })
  const now = new Date().toISOString()
  for (const [type, id, create] of [
    ['contacts', contact, { email: 'other@example.com' }],
    ['companies', company, { name: 'Globex' }],
    ['deals', deal, { dealname: 'Upsell', dealstage: 'appointmentscheduled' }],
    ['tickets', ticket, { subject: 'Another', hs_pipeline_stage: '1' }],
    ['notes', undefined, { hs_note_body: 'Direct', hs_timestamp: now }],
  ] as const) {
    const created = await call('POST', `/crm/v3/objects/${type}`, { bearer: token, json: { properties: create } })
    const objectId = id ?? created!.id
    await call('GET', `/crm/v3/objects/${type}/${objectId}`, { bearer: token })
    const patch = type === 'contacts' ? { firstname: 'Direct' } : create
    await call('PATCH', `/crm/v3/objects/${type}/${objectId}`, { bearer: token, json: { properties: patch } })
    await call('POST', `/crm/v3/objects/${type}/search`, { bearer: token, json: { limit: 1 } })
    const properties = await call('GET', `/crm/v3/properties/${type}`, { bearer: token })
    const firstProperty = (properties!.results as { name: string }[])[0]!.name
    await call('GET', `/crm/v3/properties/${type}/${firstProperty}`, { bearer: token })
  }
  for (const type of ['tickets', 'deals']) {
    const pipelines = await call('GET', `/crm/v3/pipelines/${type}`, { bearer: token })
    const pipelineId = (pipelines!.results as { id: string }[])[0]!.id
    await call('GET', `/crm/v3/pipelines/${type}/${pipelineId}`, { bearer: token })
    await call('GET', `/crm/v3/pipelines/${type}/${pipelineId}/stages`, { bearer: token })
  }
  const owners = await call('GET', '/crm/v3/owners', { bearer: token })
  await call('GET', `/crm/v3/owners/${(owners!.results as { id: string }[])[0]!.id}`, { bearer: token })
}
