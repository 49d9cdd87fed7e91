import './env'
import { http, HttpResponse, type RequestHandler } from 'msw'
import { setupServer } from 'msw/node'
import integration from '../../src'
import definition from '../../integration.definition'
import * as bp from '../../.botpress'
import { BotpressEmulator } from '../../emulators/botpress'
import { monotonicClock } from '../../emulators/clock'
import {
  errorMessageOf,
  type InstallIds,
  messageCreatedBody,
  runtimeHeaders,
} from '../../emulators/botpress/runtime-call'
import {
  DEFAULT_APP,
  HubSpotEmulator,
  type ServedPaths,
  WebhookDelivery,
} from '../../emulators/hubspot/hubspot-emulator'
import { mswHandler } from '../../emulators/http-adapter'
import { BOTPRESS_API_URL, HUBSPOT_API_URL, MEDIA_BASE_URL, WEBHOOK_BASE_URL } from './env'
import { LogCapture } from './log-capture'
import { readBotpressRc } from '../../scripts/botpressrc'

export type Configuration = bp.configuration.Configuration
export type HandlerResponse = { status: number; headers: Record<string, string>; body: string; json<T = unknown>(): T }

type IntegrationEntry = { handler: typeof integration.handler }

export type HarnessOptions = {
  /** Another loaded copy of the integration (the benchmark's cold processes); default the source. */
  integration?: IntegrationEntry
  listingDelay?: number
  rateLimit?: false | { max: number; intervalMs: number }
  config?: Partial<Configuration>
  /** Which of HubSpot's documented path forms the emulated account serves (default: all of them). */
  served?: ServedPaths
  /** Another install of an integration version other installs share (see useTenants). */
  tenant?: Tenant
}

/** An install among several on one deployed integration: the shared id and HubSpot, its bot, alias and portal. */
type Tenant = {
  integrationId: string
  botId: string
  alias: string
  hubspot: HubSpotEmulator
  hubId: number
  logs: LogCapture
}

let installs = 0

/**
 * One install of the integration in one bot, with its own Botpress runtime and, unless it is a tenant of a shared
 * integration version, its own emulated HubSpot account.
 */
export class Harness {
  public readonly hubspot: HubSpotEmulator
  public readonly botpress: BotpressEmulator
  public readonly logs: LogCapture
  /** Every response the integration gave, for assertions across a whole scenario (secret hygiene). */
  public readonly responses: HandlerResponse[] = []
  /** Files the fake media host serves (customer images, documents) by path. */
  public readonly media = new Map<string, { body: Uint8Array; type: string }>()
  public readonly ids: InstallIds
  public config: Configuration
  public integration: IntegrationEntry
  /** Run after every call into the integration returned (e.g. the HITL plugin model takes what it wrote). */
  private readonly callObservers: (() => void)[] = []

  public constructor(options: HarnessOptions = {}) {
    this.integration = options.integration ?? integration
    installs++
    const { tenant } = options
    this.logs = tenant?.logs ?? new LogCapture()
    this.hubspot =
      tenant?.hubspot ??
      new HubSpotEmulator({
        listingDelay: options.listingDelay ?? 0,
        rateLimit: options.rateLimit,
        baseUrl: HUBSPOT_API_URL,
        served: options.served,
        now: monotonicClock(),
      })
    // One clock for the bot and its HubSpot: a customer message and the agent's reply after it are dated in order.
    const clock = this.hubspot.store.now
    this.botpress = new BotpressEmulator({ integrationName: 'hubspot-inbox-hitl', now: () => new Date(clock()) })
    const hubId = tenant?.hubId ?? this.hubspot.defaultHubId
    this.ids = {
      botId: tenant?.botId ?? `bot_${installs}`,
      botUserId: `bot_user_${installs}`,
      integrationId: tenant?.integrationId ?? `intver_${installs}`,
      alias: tenant?.alias ?? readBotpressRc().integrationAlias,
      webhookId: `wh_${installs}_${Math.random().toString(36).slice(2, 8)}`,
    }
    // Through the definition's schema, as the platform does: defaults are filled in.
    this.config = definition.configuration!.schema.parse({
      clientId: DEFAULT_APP.clientId,
      clientSecret: DEFAULT_APP.clientSecret,
      appId: DEFAULT_APP.appId,
      developerApiKey: DEFAULT_APP.developerApiKey,
      refreshToken: this.hubspot.issueRefreshToken({ hubId }),
      inboxIds: [this.hubspot.portal(hubId).inboxes[0]!.id],
      ...options.config,
    }) as Configuration
  }

  public get webhookUrl(): string {
    return `${WEBHOOK_BASE_URL}/${this.ids.webhookId}`
  }

  /** Calls the integration's real entry point exactly as the Botpress runtime does. */
  public async call(operation: string, body: unknown, config: Configuration = this.config): Promise<HandlerResponse> {
    const response = await this.integration.handler({
      method: 'POST',
      path: '/',
      query: '',
      headers: runtimeHeaders(this.ids, operation, config),
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const status = response?.status ?? 200
    const text =
      typeof response?.body === 'string' ? response.body : response?.body ? JSON.stringify(response.body) : ''
    const result = {
      status,
      headers: (response?.headers ?? {}) as Record<string, string>,
      body: text,
      json: <T>() => JSON.parse(text) as T,
    }
    this.responses.push(result)
    for (const observer of this.callObservers) observer()
    return result
  }

  public afterEachCall(observer: () => void): void {
    this.callObservers.push(observer)
  }

  public register(config?: Configuration) {
    return this.call('register', { webhookUrl: this.webhookUrl }, config)
  }

  public unregister(config?: Configuration) {
    return this.call('unregister', { webhookUrl: this.webhookUrl }, config)
  }

  /** Runs an action; resolves to its output, or rejects with the RuntimeError message the bot would see. */
  public async action<T = Record<string, unknown>>(type: string, input: unknown, config?: Configuration): Promise<T> {
    const response = await this.call('action_triggered', { type, input }, config)
    if (response.status !== 200) throw new Error(`${response.status}: ${errorMessageOf(response.body)}`)
    return response.json<{ output: T }>().output
  }

  /**
   * What the HITL plugin does to relay a message: it creates it in the HITL conversation as the bot, and
   * Botpress calls the integration's channel handler with it.
   */
  public async sendToAgent(
    conversationId: string,
    type: string,
    payload: Record<string, unknown>,
    options: { createdAt?: string } = {},
  ) {
    const message = this.botpress.seed.message({
      conversationId,
      userId: this.ids.botUserId,
      type,
      payload,
      direction: 'outgoing',
      createdAt: options.createdAt,
    })
    return { response: await this.redeliverToAgent(message.id), message }
  }

  /** Botpress calling the channel handler again with a message it delivered before, as it stands now (acks included). */
  public redeliverToAgent(messageId: string) {
    const message = this.botpress.store.messages.get(messageId)
    if (!message) throw new Error(`no message ${messageId}`)
    return this.call('message_created', messageCreatedBody(this.botpress, this.ids.botUserId, message))
  }

  /** Delivers a webhook the way HubSpot does: signed (unless told otherwise), wrapped by Botpress' webhook server. */
  public async deliver(
    delivery: Pick<WebhookDelivery, 'body'>,
    options: { headers?: Record<string, string>; sign?: boolean; path?: string; query?: string; method?: string } = {},
  ) {
    const method = options.method ?? 'POST'
    const path = options.path ?? '/'
    const query = options.query ?? ''
    const url = `${this.webhookUrl}${path === '/' ? '' : path}${query ? `?${query}` : ''}`
    const signature = options.sign === false ? {} : this.hubspot.signWebhook({ method, url, body: delivery.body })
    const headers = { 'content-type': 'application/json', ...signature, ...options.headers }
    return this.call('webhook_received', { req: { method, path, query, headers, body: delivery.body } })
  }

  /** A browser hitting one of the unsigned OAuth routes. */
  public browse(path: string, query = '') {
    return this.call('webhook_received', { req: { method: 'GET', path, query, headers: {}, body: '' } })
  }

  public serveMedia(path: string, body: Uint8Array | string, type: string): string {
    this.media.set(path, { body: typeof body === 'string' ? new TextEncoder().encode(body) : body, type })
    return `${MEDIA_BASE_URL}${path}`
  }

  public mswHandlers() {
    return [mswHandler(BOTPRESS_API_URL, this.botpress), mswHandler(HUBSPOT_API_URL, this.hubspot), mediaHost([this])]
  }
}

/** The fake media host, serving what any of the installs put there. */
function mediaHost(harnesses: Harness[]) {
  return http.get(`${MEDIA_BASE_URL}/*`, ({ request }) => {
    const path = new URL(request.url).pathname
    const file = harnesses.map((h) => h.media.get(path)).find(Boolean)
    return file
      ? new HttpResponse(file.body, { headers: { 'content-type': file.type } })
      : new HttpResponse('not found', { status: 404 })
  })
}

export type TenantSpec = { botId: string; alias?: string; hubId?: number; config?: Partial<Configuration> }

/**
 * Several installs of ONE deployed integration version in one process, as Botpress runs them: every install gets
 * the same `x-integration-id`; installs differ by bot and alias (a bot may install it twice, under two aliases),
 * each on its own HubSpot portal of one emulated HubSpot (one app installed in several accounts). Botpress API
 * calls reach the caller's bot by its `x-bot-id` and `x-integration-alias` headers (the client sends both): a
 * bot's data, and an install's `integration` states, are its own.
 */
export function useTenants(): (specs: TenantSpec[]) => Harness[] {
  const server = setupServer()
  let current: Harness[] = []
  const logs = new LogCapture()
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())
  afterEach(() => {
    logs.stop()
    current = []
  })
  return (specs) => {
    const hubspot = new HubSpotEmulator({ listingDelay: 0, baseUrl: HUBSPOT_API_URL, now: monotonicClock() })
    for (const hubId of new Set(specs.map((spec) => spec.hubId))) {
      if (hubId !== undefined && !hubspot.store.portals.has(hubId)) hubspot.seedPortal({ hubId })
    }
    const integrationId = `intver_shared_${installs + 1}`
    const alias = readBotpressRc().integrationAlias
    current = specs.map(
      (spec) =>
        new Harness({
          config: spec.config,
          tenant: {
            integrationId,
            botId: spec.botId,
            alias: spec.alias ?? alias,
            hubspot,
            hubId: spec.hubId ?? hubspot.defaultHubId,
            logs,
          },
        }),
    )
    const tenants = current
    const botpress = {
      handle(request: Request) {
        const [bot, caller] = [request.headers.get('x-bot-id'), request.headers.get('x-integration-alias')]
        const install = tenants.find((h) => h.ids.botId === bot && h.ids.alias === caller)
        if (!install) throw new Error(`no install for bot ${bot} alias ${caller}`)
        return install.botpress.handle(request)
      },
    }
    server.resetHandlers(
      mswHandler(BOTPRESS_API_URL, botpress),
      mswHandler(HUBSPOT_API_URL, hubspot),
      mediaHost(tenants),
    )
    logs.stop()
    logs.start()
    return current
  }
}

/**
 * Gives each test a fresh install with its own emulators, served through msw. Any request no emulator
 * recognises fails the test at once instead of hanging on the SDK's retries.
 */
export function useHarness(
  defaults?: HarnessOptions,
  /** Served after the emulators, for requests none of them recognises. */
  fallbackHandlers: RequestHandler[] = [],
): (options?: HarnessOptions) => Harness {
  let current: Harness | undefined
  const server = setupServer()
  const install = (options?: HarnessOptions) => {
    current?.logs.stop()
    current = new Harness({ ...defaults, ...options })
    server.resetHandlers(...current.mswHandlers(), ...fallbackHandlers)
    current.logs.start()
    return current
  }
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())
  beforeEach(() => install())
  afterEach(() => {
    current?.logs.stop()
    current = undefined
  })
  /** The current install; options replace it with a fresh install configured differently. */
  return (options) => {
    if (options) return install(options)
    if (!current) throw new Error('the harness is only available inside a test')
    return current
  }
}
