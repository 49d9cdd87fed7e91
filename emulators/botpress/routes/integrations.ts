import { EmulatedApiError, invalidPayload } from '../errors'
import { route, type Route } from '../router'
import { optionalEnum, optionalNullableString } from '../validation'

const schedules = ['hourly', 'daily', 'weekly', 'bi-weekly', 'monthly', 'bi-monthly', 'quarterly', 'yearly'] as const

export const integrationRoutes: Route[] = [
  // OAuth flows call this to bind the integration to an external identifier (e.g. a HubSpot portal id).
  route('configureIntegration', 'POST', '/v1/chat/integrations/configure', (ctx) => {
    const integrationId = ctx.caller.integrationId
    if (integrationId === undefined) {
      throw new EmulatedApiError(403, 'Forbidden', 'Only an integration can configure itself (x-integration-id)')
    }
    const identifier = optionalNullableString(ctx.body, 'identifier')
    const scheduleRegisterCall = optionalEnum(ctx.body, 'scheduleRegisterCall', schedules)
    const sandboxIdentifiers = ctx.body['sandboxIdentifiers']
    if (sandboxIdentifiers !== undefined && sandboxIdentifiers !== null && typeof sandboxIdentifiers !== 'object') {
      throw invalidPayload('"sandboxIdentifiers" must be an object or null')
    }
    const previous = ctx.store.integrationConfigurations.get(integrationId) ?? {}
    ctx.store.integrationConfigurations.set(integrationId, {
      ...previous,
      ...(identifier !== undefined && { identifier }),
      ...(scheduleRegisterCall !== undefined && { scheduleRegisterCall }),
      ...(sandboxIdentifiers !== undefined && { sandboxIdentifiers }),
    })
    return {}
  }),
]
