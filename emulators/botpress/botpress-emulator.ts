/**
 * A stateful stand-in for the Botpress runtime API (`/v1/chat/...`) as `@botpress/client` 1.35 calls it.
 * Base-URL agnostic: only the pathname is matched. Serve it with `emulators/http-adapter.ts`.
 */
import { EmulatedApiError, errorResponse, errorTypeForStatus, jsonResponse, unauthorized } from './errors'
import { FaultQueue, sleep } from '../fault-queue'
import { botpressFault, type FaultSpec } from './faults'
import type { RandomFaultOptions } from '../random-faults'
import { allRoutes } from './routes'
import { Router, type Caller, type DeclaredDefinition, type EmulatorSettings, type RouteOperation } from './router'
import { Seeder } from './seeder'
import {
  Store,
  stateKey,
  type ConversationRecord,
  type CreatedListener,
  type EventRecord,
  type MessageRecord,
  type StateRecord,
  type StateType,
  type UserRecord,
} from './store'
import { parseJsonBody } from './validation'

export type BotpressEmulatorOptions = {
  /** `integration` stamped on conversations/users the integration creates; else the `x-integration-alias` header. */
  integrationName?: string
  /** Items per list page before `nextToken` kicks in; default 20. */
  pageSize?: number
  /** Fixed or fake clock; by default a real clock that never returns the same millisecond twice. */
  now?: () => Date
  /** When set, calls must carry `Authorization: Bearer <token>` (the client sends `BP_TOKEN`). */
  token?: string
  /** When set, `x-bot-id` must equal it. */
  botId?: string
  /** Declared channels, tags, states and events; when given, undeclared ones are rejected with 400. */
  definition?: DeclaredDefinition
}

export type CallRecord = {
  method: string
  path: string
  query: URLSearchParams
  /** Parsed JSON body; the raw text if it was not JSON; undefined when empty. */
  body: unknown
  /** The client operation the route implements; undefined for unknown routes. */
  operation?: RouteOperation
  headers: Record<string, string>
  /** HTTP status answered (0 for an injected network error). */
  status?: number
}

export type CallPredicate = (call: CallRecord) => boolean

export class BotpressEmulator {
  public readonly calls: CallRecord[] = []
  /** Direct writes for test set-up, bypassing validation (e.g. the conversation the bot already has). */
  public readonly seed: Seeder
  private readonly router = new Router(allRoutes)
  private readonly faults = new FaultQueue<FaultSpec>(botpressFault)
  private readonly settings: EmulatorSettings
  public readonly store: Store

  public constructor(private readonly options: BotpressEmulatorOptions = {}) {
    this.settings = {
      integrationName: options.integrationName,
      pageSize: options.pageSize ?? 20,
      definition: options.definition,
    }
    this.store = new Store(options.now)
    this.seed = new Seeder(this.store, options.integrationName ?? 'integration')
  }

  public async handle(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const method = request.method.toUpperCase()
    const text = method === 'GET' || method === 'HEAD' ? '' : await request.text()
    const headers: Record<string, string> = {}
    request.headers.forEach((value, name) => (headers[name] = value))
    const matched = this.router.match(method, url.pathname)
    const call: CallRecord = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body: parseLoggedBody(text),
      operation: matched?.route.operation,
      headers,
    }
    this.calls.push(call)
    const response = await this.answer(call, text, matched)
    call.status = response.type === 'error' ? 0 : response.status
    return response
  }

  private async answer(call: CallRecord, text: string, matched: ReturnType<Router['match']>): Promise<Response> {
    const fault = this.faults.take({ method: call.method, path: call.path, operation: call.operation })
    if (fault?.delayMs) await sleep(fault.delayMs)
    if (fault?.networkError) return Response.error()
    if (fault?.status !== undefined) {
      const message = fault.message ?? `Injected fault on ${call.method} ${call.path}`
      return errorResponse(fault.status, fault.type ?? errorTypeForStatus(fault.status), message, fault.headers)
    }
    const response = this.route(call, text, matched)
    // Applied, but the client never hears back: what a timeout looks like from its side.
    return fault?.dropResponse ? Response.error() : response
  }

  private route(call: CallRecord, text: string, matched: ReturnType<Router['match']>): Response {
    try {
      if (!matched) {
        // Fail fast with a 404 the client will not retry, naming the gap in the emulator.
        return errorResponse(404, 'ResourceNotFound', `No emulated Botpress route for ${call.method} ${call.path}`)
      }
      const caller = this.authenticate(call.headers)
      const result = matched.route.handle({
        params: matched.params,
        query: call.query,
        body: parseJsonBody(text),
        caller,
        store: this.store,
        settings: this.settings,
      })
      return jsonResponse(200, result)
    } catch (error) {
      if (error instanceof EmulatedApiError) return errorResponse(error.status, error.type, error.message)
      console.error('BotpressEmulator: unexpected error', error)
      // `retry-after: 0` keeps the SDK's retries of a 5xx GET/PUT/DELETE instant, so the test fails fast.
      const message = error instanceof Error ? error.message : String(error)
      return errorResponse(500, 'Internal', `Emulator error: ${message}`, { 'retry-after': '0' })
    }
  }

  private authenticate(headers: Record<string, string>): Caller {
    const botId = headers['x-bot-id']
    if (!botId) throw unauthorized('Missing x-bot-id header')
    if (this.options.botId !== undefined && botId !== this.options.botId) {
      throw unauthorized(`Unknown bot "${botId}"`)
    }
    if (this.options.token !== undefined && headers['authorization'] !== `Bearer ${this.options.token}`) {
      throw unauthorized('Invalid or missing bearer token')
    }
    return {
      botId,
      integrationId: headers['x-integration-id'] || undefined,
      integrationAlias: headers['x-integration-alias'] || undefined,
    }
  }

  /** Calls that hit one operation (e.g. `'getOrCreateMessage'`), or that satisfy a predicate. */
  public callsTo(operationOrPredicate: RouteOperation | CallPredicate): CallRecord[] {
    const predicate: CallPredicate =
      typeof operationOrPredicate === 'function'
        ? operationOrPredicate
        : (call) => call.operation === operationOrPredicate
    return this.calls.filter(predicate)
  }

  /** Calls no route answered; a well-behaved test asserts this is empty. */
  public get unmatchedCalls(): CallRecord[] {
    return this.calls.filter((call) => call.operation === undefined)
  }

  public injectFault(spec: FaultSpec): void {
    this.faults.add(spec)
  }

  public clearFaults(): void {
    this.faults.clear()
  }

  /** Fails each matching call with probability `rate` (after scripted faults); `undefined` turns it off. */
  public setRandomFaults(options: RandomFaultOptions | undefined): void {
    this.faults.setRandom(options)
  }

  /** Faulted answers per kind since `setRandomFaults`, and how many calls were considered. */
  public get randomFaultStats() {
    return this.faults.randomStats
  }

  /**
   * Called with each message or event an API call creates (not seeded ones), while that call is still being
   * answered; returns the unsubscribe function. Lets a model of the bot react to what the integration writes.
   */
  public onCreated(listener: CreatedListener): () => void {
    return this.store.onCreated(listener)
  }

  /** Items per list page, as configured: what a bot reading "the first page" gets. */
  public get pageSize(): number {
    return this.settings.pageSize
  }

  /** Faulted calls still to come. */
  public get pendingFaults(): number {
    return this.faults.remaining
  }

  // Inspection. Arrays are in creation order; records are live objects, so do not mutate them in tests.

  public get users(): UserRecord[] {
    return [...this.store.users.values()]
  }

  public get conversations(): ConversationRecord[] {
    return [...this.store.conversations.values()]
  }

  public get messages(): MessageRecord[] {
    return [...this.store.messages.values()]
  }

  public get events(): EventRecord[] {
    return [...this.store.events.values()]
  }

  public get states(): StateRecord[] {
    return [...this.store.states.values()]
  }

  public getUser(id: string): UserRecord | undefined {
    return this.store.users.get(id)
  }

  public getConversation(id: string): ConversationRecord | undefined {
    return this.store.conversations.get(id)
  }

  public messagesIn(conversationId: string): MessageRecord[] {
    return this.messages.filter((message) => message.conversationId === conversationId)
  }

  /** A state's payload, ignoring expiry; undefined when never set or deleted. */
  public statePayload(type: StateType, id: string, name: string): Record<string, unknown> | undefined {
    return this.store.states.get(stateKey(type, id, name))?.payload
  }
}

function parseLoggedBody(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}
