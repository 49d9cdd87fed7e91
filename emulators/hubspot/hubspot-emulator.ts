/**
 * A stateful emulator of the HubSpot APIs our integration uses (hubspot-facts.md §1–8, §10). It answers with
 * HubSpot's shapes and rejects what HubSpot rejects, so integration bugs fail tests. Plain
 * `(Request) => Promise<Response>`: serve it through msw or `startHttpServer` (emulators/http-adapter.ts).
 */
import * as agent from './agent'
import { startChannelConnection, type ChannelConnection, type ChannelConnectionInput } from './channel-connection'
import * as crm from './crm/helpers'
import { crmRoutes } from './crm/routes'
import { checkSearchRateLimit } from './crm/scopes'
import type { CrmObjectType } from './crm/types'
import {
  authenticateBearer,
  authenticateDeveloper,
  checkRateLimit,
  issueAccessToken,
  issueAuthorizationCode,
  issueRefreshToken,
} from './auth'
import { errorResponse, HubSpotError, injectedError, json, notFound } from './errors'
import { FaultQueue, sleep } from '../fault-queue'
import { hubspotFault, type FaultSpec } from './faults'
import type { RandomFaultOptions } from '../random-faults'
import {
  matchRoute,
  parseBody,
  routeName,
  summarizeBody,
  type ParsedBody,
  type Route,
  type RouteContext,
} from './router'
import { appWebhookRoutes, type AppWebhookForms } from './routes/app-webhooks'
import { channelAccountRoutes } from './routes/channel-accounts'
import { channelMessageRoutes } from './routes/channel-messages'
import { conversationRoutes } from './routes/conversations'
import { customChannelRoutes, type ChannelListPaths } from './routes/custom-channels'
import { fileRoutes } from './routes/files'
import { oauthRoutes } from './routes/oauth'
import { threadRoutes, type AssigneePaths } from './routes/threads'
import { signWebhookHeaders, type SignWebhookInput, type SignedWebhookHeaders } from './signing'
import { HubSpotStore, type SeedPortalInput, type StoreOptions } from './store'
import * as snapshots from './snapshots'
import type { AccessTokenRecord, AuthKind, CallRecord, DeveloperApp, Portal, WebhookDelivery } from './types'

export { DEFAULT_AGENTS, DEFAULT_APP, DEFAULT_HUB_ID, DEFAULT_INBOXES, DEFAULT_SCOPES } from './defaults'
export type { FaultSpec } from './faults'
export type { SignWebhookInput, SignedWebhookHeaders } from './signing'
export type { CallRecord, DeveloperApp, Portal, WebhookDelivery } from './types'

/** Which of HubSpot's documented paths the emulator answers where HubSpot documents two; the others are 404s. */
export type ServedPaths = {
  /** Default 'both': `/app-webhooks/2026-09/{appId}/…` and `/webhooks/v3/{appId}/…`. */
  appWebhooks?: AppWebhookForms
  /** Custom channel list and create; default 'both': the guide's and the v3 spec's path. */
  channelList?: ChannelListPaths
  /** Thread assignee; default 'spec': `/conversations/conversations/v3/threads/{threadId}/assignee` only. */
  assignee?: AssigneePaths
}

export type HubSpotEmulatorOptions = StoreOptions & { served?: ServedPaths }

function routesServing(served: ServedPaths = {}): Route[] {
  return [
    ...oauthRoutes,
    ...customChannelRoutes(served.channelList ?? 'both'),
    ...channelAccountRoutes,
    ...channelMessageRoutes,
    ...conversationRoutes,
    ...threadRoutes(served.assignee ?? 'spec'),
    ...fileRoutes,
    ...appWebhookRoutes(served.appWebhooks ?? 'both'),
    ...crmRoutes,
  ]
}

function authKind(request: Request, url: URL): AuthKind {
  if (url.searchParams.has('hapikey')) return 'hapikey'
  if (/^Bearer\s/i.test(request.headers.get('authorization') ?? '')) return 'bearer'
  return 'none'
}

export class HubSpotEmulator {
  readonly store: HubSpotStore
  readonly calls: CallRecord[] = []
  private readonly faults = new FaultQueue<FaultSpec>(hubspotFault)
  private readonly routes: Route[]

  constructor(options: HubSpotEmulatorOptions = {}) {
    this.store = new HubSpotStore(options)
    this.routes = routesServing(options.served)
  }

  get app(): DeveloperApp {
    return { ...this.store.app }
  }

  get defaultHubId(): number {
    return this.store.defaultHubId
  }

  /** Every route served, as method and path pattern (`:name` for a path parameter); match with `matchRoute`. */
  get routeTable(): { name: string; method: Route['method']; path: string }[] {
    return this.routes.map((route) => ({
      name: typeof route.name === 'string' ? route.name : 'token',
      method: route.method,
      path: route.path,
    }))
  }

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url)
    this.store.lastRequestOrigin = url.origin
    const method = request.method.toUpperCase()
    let body: ParsedBody
    try {
      body = await parseBody(request)
    } catch (error) {
      body = { kind: 'invalid-json', error: error instanceof Error ? error.message : 'unreadable body' }
    }
    const match = matchRoute(this.routes, method, url.pathname)
    const operation = match ? routeName(match.route, body) : 'unknown'
    const call: CallRecord = {
      operation,
      method,
      path: url.pathname,
      query: new URLSearchParams(url.searchParams),
      body: summarizeBody(body),
      auth: authKind(request, url),
    }
    this.calls.push(call)

    const fault = this.faults.take({ operation, method, path: url.pathname })
    if (fault) {
      call.faulted = true
      if (fault.delayMs) await sleep(fault.delayMs)
      if (fault.networkError) {
        call.status = 0
        return Response.error()
      }
      if (fault.status !== undefined) {
        const response = errorResponse(injectedError(fault.status, fault.retryAfterSeconds))
        call.status = response.status
        return response
      }
    }

    const response = await this.dispatch(request, url, body, match)
    call.status = response.status
    // Applied, but the client never hears back: what a timeout looks like from its side.
    if (fault?.dropResponse) return Response.error()
    return response
  }

  private async dispatch(
    request: Request,
    url: URL,
    body: ParsedBody,
    match: ReturnType<typeof matchRoute<Route>>,
  ): Promise<Response> {
    try {
      // Unknown calls fail fast with a 404, so a wrong path in our client shows up immediately.
      if (!match) throw notFound(`HubSpot emulator: no route for ${request.method} ${url.pathname}`)
      const { route, params } = match
      let token: AccessTokenRecord | undefined
      let headers: Record<string, string> = {}
      if (route.auth.kind === 'bearer') {
        token = authenticateBearer(this.store, request, route.auth.anyOfScopes)
        headers =
          route.rateLimit === 'search'
            ? checkSearchRateLimit(this.store, token)
            : checkRateLimit(this.store, token.hubId)
      } else if (route.auth.kind === 'hapikey')
        token = authenticateDeveloper(this.store, request, url, params, route.auth)
      const ctx: RouteContext = {
        request,
        url,
        params,
        body,
        store: this.store,
        get token(): AccessTokenRecord {
          if (!token) throw new Error(`route ${route.path} has no bearer auth`)
          return token
        },
      }
      const response = await route.handle(ctx)
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value)
      return response
    } catch (error) {
      if (error instanceof HubSpotError) return errorResponse(error)
      // An emulator bug, not a HubSpot behaviour: say so loudly.
      const message = error instanceof Error ? error.message : String(error)
      return json(500, {
        status: 'error',
        category: 'INTERNAL_ERROR',
        message: `HubSpot emulator bug: ${message}`,
        correlationId: '00000000-0000-0000-0000-000000000000',
      })
    }
  }

  // ---- setup ------------------------------------------------------------------------------------------------
  seedPortal(input: SeedPortalInput = {}): Portal {
    return this.store.seedPortal(input)
  }

  portal(hubId?: number): Portal {
    return this.store.portal(hubId)
  }

  /** Base URL for links handed out outside a request (agent attachment URLs). Defaults to the last request's origin. */
  setBaseUrl(url: string): void {
    this.store.publicBaseUrl = url
  }

  // ---- OAuth ------------------------------------------------------------------------------------------------
  issueAuthorizationCode(input: { hubId?: number; scopes?: string[]; redirectUri: string }): string {
    return issueAuthorizationCode(this.store, input)
  }

  issueRefreshToken(input: { hubId?: number; scopes?: string[] } = {}): string {
    return issueRefreshToken(this.store, input)
  }

  /** A ready bearer token (tests that do not exercise OAuth). */
  issueAccessToken(input: { hubId?: number; scopes?: string[] } = {}): string {
    return issueAccessToken(this.store, input).token
  }

  revokeRefreshToken(token: string): void {
    const record = this.store.refreshTokens.get(token)
    if (!record) throw new Error('revokeRefreshToken: unknown refresh token')
    record.revoked = true
  }

  // ---- faults and call log ----------------------------------------------------------------------------------
  injectFault(spec: FaultSpec): void {
    this.faults.add(spec)
  }

  clearFaults(): void {
    this.faults.clear()
  }

  /** Fails each matching call with probability `rate` (after scripted faults); `undefined` turns it off. */
  setRandomFaults(options: RandomFaultOptions | undefined): void {
    this.faults.setRandom(options)
  }

  /** Faulted answers per kind since `setRandomFaults`, and how many calls were considered. */
  get randomFaultStats() {
    return this.faults.randomStats
  }

  callsTo(operation: string): CallRecord[] {
    return this.calls.filter((call) => call.operation === operation)
  }

  callCount(operation: string): number {
    return this.callsTo(operation).length
  }

  clearCalls(): void {
    this.calls.length = 0
  }

  // ---- what agents do in HubSpot's UI (returns the webhook, never sends it) ---------------------------------
  agentReply(input: agent.AgentReplyInput): WebhookDelivery {
    return agent.agentReply(this.store, input)
  }

  uploadAgentFile(input: { hubId?: number; name: string; mimeType: string; bytes: Uint8Array }): string {
    return agent.uploadAgentFile(this.store, input)
  }

  agentComment(input: { threadId: string; actorId: string; text: string }): WebhookDelivery {
    return agent.agentComment(this.store, input)
  }

  assignThread(threadId: string, actorId: string | null): WebhookDelivery {
    return agent.agentAssign(this.store, threadId, actorId)
  }

  closeThread(threadId: string): WebhookDelivery {
    return agent.agentClose(this.store, threadId)
  }

  archiveThread(threadId: string): WebhookDelivery {
    return agent.agentArchive(this.store, threadId)
  }

  restoreThread(threadId: string): WebhookDelivery {
    return agent.agentRestore(this.store, threadId)
  }

  /** GDPR purge by an admin: the thread and its messages are gone (404 on every read). */
  purgeThread(threadId: string): WebhookDelivery {
    return agent.agentPurge(this.store, threadId)
  }

  /** A user changes a property of a ticket in HubSpot's CRM: the ticket.propertyChange app webhook, if subscribed. */
  changeTicketProperty(input: agent.TicketChangeInput): WebhookDelivery {
    return agent.userChangesTicket(this.store, input)
  }

  /** An admin connects the channel to an inbox from HubSpot's inbox settings: a staging token and the page to open. */
  startChannelConnection(input: ChannelConnectionInput): ChannelConnection {
    return startChannelConnection(this.store, input)
  }

  /** Headers HubSpot would send with `body` to `url`, signed with the app's client secret (v3 and v1). */
  signWebhook(input: SignWebhookInput): SignedWebhookHeaders {
    return signWebhookHeaders(this.store.app.clientSecret, input, this.store.now())
  }

  /** Webhooks caused by the integration's own API calls (subscribed ones only), oldest first; clears the queue. */
  takeWebhookDeliveries(): WebhookDelivery[] {
    return this.store.pendingDeliveries.splice(0)
  }

  // ---- CRM (crm/helpers.ts): seeded records pass the API's checks; ids are returned as strings ------------
  seedContact(input: crm.SeedObjectInput): string {
    return crm.seedObject(this.store, 'contacts', input)
  }

  seedCompany(input: crm.SeedObjectInput): string {
    return crm.seedObject(this.store, 'companies', input)
  }

  seedDeal(input: crm.SeedObjectInput = {}): string {
    return crm.seedObject(this.store, 'deals', input)
  }

  seedTicket(input: crm.SeedObjectInput = {}): string {
    return crm.seedObject(this.store, 'tickets', input)
  }

  associate(fromType: CrmObjectType, fromId: string, toType: CrmObjectType, toId: string, typeId?: number): void {
    crm.associate(this.store, { fromType, fromId, toType, toId, ...(typeId !== undefined ? { typeId } : {}) })
  }

  addTicketProperty(input: crm.PropertyInput): void {
    crm.addProperty(this.store, 'tickets', input)
  }

  addPipeline(input: crm.AddPipelineInput): string {
    return crm.addPipeline(this.store, input)
  }

  crmObjects(type: CrmObjectType, hubId?: number): crm.CrmObjectSnapshot[] {
    return crm.crmObjects(this.store, type, hubId)
  }

  notes(hubId?: number): crm.CrmObjectSnapshot[] {
    return crm.crmObjects(this.store, 'notes', hubId)
  }

  // ---- read helpers (snapshots: mutating them does not change the emulator) --------------------------------
  threads(hubId?: number) {
    return snapshots.threads(this.store, hubId)
  }

  /** The thread's history (messages, comments, status changes, assignments), oldest first, in HubSpot's shapes. */
  threadMessages(threadId: string) {
    return snapshots.threadMessages(this.store, threadId)
  }

  channels() {
    return snapshots.channels(this.store)
  }

  channelAccounts() {
    return snapshots.channelAccounts(this.store)
  }

  webhookSettings() {
    return snapshots.webhookSettings(this.store)
  }

  subscriptions() {
    return snapshots.subscriptions(this.store)
  }

  files() {
    return snapshots.files(this.store)
  }
}
