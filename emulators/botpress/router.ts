/**
 * Route table plumbing. Each route carries the `@botpress/client` operation name, and its handler must return that
 * operation's response type (`ClientOutputs[op]`), so the compiler checks every required response field.
 */
import type { ClientOutputs } from '@botpress/client'
import { invalidPayload } from './errors'
import type { StateType, Store } from './store'
import type { JsonObject } from './validation'

export type RouteOperation = keyof ClientOutputs

/** Who is calling, from the headers `@botpress/client` sends (`x-bot-id`, `x-integration-id`, `x-integration-alias`). */
export type Caller = { botId: string; integrationId?: string; integrationAlias?: string }

/**
 * What the real API knows from the bot's installed definitions. Each part is optional; when given, the emulator
 * rejects undeclared channels, tags and states with 400 like the API does.
 */
export type DeclaredDefinition = {
  userTags?: string[]
  channels?: Record<string, { conversationTags?: string[]; messageTags?: string[] }>
  states?: Record<string, StateType>
  /** Event types the integration may create (e.g. `hitlAssigned`, `hitlStopped`). */
  events?: string[]
}

export type EmulatorSettings = {
  /** The `integration` reported on records the integration creates; defaults to the `x-integration-alias` header. */
  integrationName?: string
  pageSize: number
  definition?: DeclaredDefinition
}

export type RouteContext = {
  params: Record<string, string>
  query: URLSearchParams
  body: JsonObject
  caller: Caller
  store: Store
  settings: EmulatorSettings
}

export type Route = {
  operation: RouteOperation
  method: string
  path: string
  handle(ctx: RouteContext): unknown
}

export function route<Op extends RouteOperation>(
  operation: Op,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  handle: (ctx: RouteContext) => ClientOutputs[Op],
): Route {
  return { operation, method, path, handle }
}

type CompiledRoute = Route & { pattern: RegExp; paramNames: string[] }

export type RouteMatch = { route: Route; params: Record<string, string> }

export class Router {
  private readonly compiled: CompiledRoute[]

  public constructor(routes: Route[]) {
    this.compiled = routes.map(compile)
  }

  public get routes(): readonly Route[] {
    return this.compiled
  }

  public match(method: string, pathname: string): RouteMatch | undefined {
    for (const candidate of this.compiled) {
      if (candidate.method !== method) continue
      const found = candidate.pattern.exec(pathname)
      if (!found) continue
      const params: Record<string, string> = {}
      candidate.paramNames.forEach((name, index) => {
        params[name] = decodeParam(found[index + 1] ?? '', name)
      })
      return { route: candidate, params }
    }
    return undefined
  }
}

function compile(route: Route): CompiledRoute {
  const paramNames: string[] = []
  const source = route.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      paramNames.push(segment.slice(1))
      return '([^/]+)'
    })
    .join('/')
  // A trailing slash is tolerated, as most HTTP routers do.
  return { ...route, pattern: new RegExp(`^${source}/?$`), paramNames }
}

function decodeParam(raw: string, name: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    throw invalidPayload(`Path parameter "${name}" is not valid URL encoding`)
  }
}

/**
 * The integration name the API stamps on conversations and users: the deprecated body `integrationName` (bots
 * acting for an integration) wins, then the configured name, then the calling integration's alias.
 */
export function integrationNameOf(ctx: RouteContext, bodyName: string | undefined): string {
  const name = bodyName ?? ctx.settings.integrationName ?? ctx.caller.integrationAlias
  if (name === undefined || name === '') {
    throw invalidPayload('"integrationName" is required when the caller is not an integration')
  }
  return name
}
