/**
 * Calls the integration's HTTP server the way the Botpress runtime does: a POST with the SDK's `x-bp-*` and
 * `x-bot-*` headers, the configuration base64-encoded, and the operation's JSON body. Nothing is in-process:
 * every call crosses the loopback socket the SDK's `start(port)` listens on.
 */
import * as bp from '.botpress'
import type { BotpressEmulator } from '../emulators/botpress'
import { errorMessageOf, type InstallIds, messageCreatedBody, runtimeHeaders } from '../emulators/botpress/runtime-call'
import type { IntegrationPort } from '../emulators/hitl-plugin'

export type Configuration = bp.configuration.Configuration

export type IntegrationResponse = { status: number; body: string; ms: number }

/** Called after every operation, for the page's wire log. */
export type CallObserver = (entry: { operation: string; detail: string; status: number; ms: number }) => void

export class IntegrationCallError extends Error {
  public constructor(
    public readonly operation: string,
    public readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'IntegrationCallError'
  }
}

/**
 * JSON with every non-ASCII character escaped (`\u00e9`): the same value once parsed, but immune to the SDK's
 * local server (`start(port)`), which decodes the request body chunk by chunk and so corrupts a multi-byte
 * character that straddles two chunks (seen with bodies of some 100 kB).
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

export class IntegrationClient {
  /** Run after every call returned (the HITL plugin model then takes what the integration wrote). */
  private readonly callObservers: (() => void)[] = []

  public constructor(
    public readonly url: string,
    public readonly ids: InstallIds,
    public readonly config: Configuration,
    private readonly observe: CallObserver = () => {},
  ) {}

  /** The URL HubSpot calls: Botpress' public webhook base (here, the integration server) plus the webhook id. */
  public get webhookUrl(): string {
    return `${this.url}/${this.ids.webhookId}`
  }

  public async call(operation: string, body: unknown, detail = ''): Promise<IntegrationResponse> {
    const started = Date.now()
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...runtimeHeaders(this.ids, operation, this.config) },
      body: asciiJson(body),
      // Botpress gives an integration call at most a minute; a hung call must not block the sandbox forever.
      signal: AbortSignal.timeout(60_000),
    })
    const result = { status: response.status, body: await response.text(), ms: Date.now() - started }
    this.observe({ operation, detail, status: result.status, ms: result.ms })
    for (const observer of this.callObservers) observer()
    return result
  }

  public afterEachCall(observer: () => void): void {
    this.callObservers.push(observer)
  }

  public async register(): Promise<void> {
    const response = await this.call('register', { webhookUrl: this.webhookUrl })
    if (response.status !== 200)
      throw new IntegrationCallError('register', response.status, errorMessageOf(response.body))
  }

  /** Runs an action; resolves to its output, or rejects with the message the bot would see. */
  public async action<T>(type: string, input: unknown): Promise<T> {
    const response = await this.call('action_triggered', { type, input }, type)
    if (response.status !== 200)
      throw new IntegrationCallError(type, response.status, `${type} failed: ${errorMessageOf(response.body)}`)
    return (JSON.parse(response.body) as { output: T }).output
  }
}

/** The HITL plugin model's way to the integration over HTTP: its actions, and `message_created` for what the bot wrote. */
export function pluginPort(client: IntegrationClient, botpress: BotpressEmulator): IntegrationPort {
  return {
    action: (type, input) => client.action(type, input),
    messageCreated: async (message) => {
      const body = messageCreatedBody(botpress, client.ids.botUserId, message)
      return (await client.call('message_created', body, `hitl ${message.type}`)).status
    },
  }
}
