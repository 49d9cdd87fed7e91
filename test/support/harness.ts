import './env'
import { http, HttpResponse, type RequestHandler } from 'msw'
import { setupServer } from 'msw/node'
import integration from '../../src'
import definition from '../../integration.definition'
import * as bp from '../../.botpress'
import { BotpressEmulator } from '../../emulators/botpress'
import {
  errorMessageOf,
  type InstallIds,
  messageCreatedBody,
  runtimeHeaders,
} from '../../emulators/botpress/runtime-call'
import { DEFAULT_APP, HubSpotEmulator, WebhookDelivery } from '../../emulators/hubspot/hubspot-emulator'
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
}

let installs = 0

/** One install of the integration in one bot, with its own emulated HubSpot account and Botpress runtime. */
export class Harness {
  public readonly hubspot: HubSpotEmulator
  public readonly botpress = new BotpressEmulator({ integrationName: 'hubspot-inbox-hitl' })
  public readonly logs = new LogCapture()
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
    this.hubspot = new HubSpotEmulator({
      listingDelay: options.listingDelay ?? 0,
      rateLimit: options.rateLimit,
      baseUrl: HUBSPOT_API_URL,
    })
    this.ids = {
      botId: `bot_${installs}`,
      botUserId: `bot_user_${installs}`,
      integrationId: `intver_${installs}`,
      alias: readBotpressRc().integrationAlias,
      webhookId: `wh_${installs}_${Math.random().toString(36).slice(2, 8)}`,
    }
    // Through the definition's schema, as the platform does: defaults are filled in.
    this.config = definition.configuration!.schema.parse({
      clientId: DEFAULT_APP.clientId,
      clientSecret: DEFAULT_APP.clientSecret,
      appId: DEFAULT_APP.appId,
      developerApiKey: DEFAULT_APP.developerApiKey,
      refreshToken: this.hubspot.issueRefreshToken(),
      inboxIds: [this.hubspot.portal().inboxes[0]!.id],
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
    return [
      mswHandler(BOTPRESS_API_URL, this.botpress),
      mswHandler(HUBSPOT_API_URL, this.hubspot),
      http.get(`${MEDIA_BASE_URL}/*`, ({ request }) => {
        const file = this.media.get(new URL(request.url).pathname)
        return file
          ? new HttpResponse(file.body, { headers: { 'content-type': file.type } })
          : new HttpResponse('not found', { status: 404 })
      }),
    ]
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
