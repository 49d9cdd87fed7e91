import * as bp from '.botpress'

type Configuration = bp.configuration.Configuration
type WithContext = { ctx: bp.Context }
type Handler = (props: WithContext) => unknown

const trimmed = (value: unknown): unknown =>
  typeof value === 'string' ? value.trim() : Array.isArray(value) ? value.map(trimmed) : value

/**
 * Botpress hands the integration the configuration as the admin typed it: the definition's trims are not
 * applied, and " 147001" is not inbox 147001. Every value is trimmed once, at the entry of every call. (Parsing
 * with the definition's schema would do it too, but every cold start would then build that schema.)
 */
function readConfiguration(raw: Configuration): Configuration {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw
  return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, trimmed(value)])) as Configuration
}

const reading = <H>(handler: H): H =>
  ((props: WithContext) =>
    (handler as Handler)({
      ...props,
      ctx: { ...props.ctx, configuration: readConfiguration(props.ctx.configuration) },
    })) as H

const mapValues = <T extends object>(record: T, map: <V>(value: V) => V): T =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)])) as T

/** Every entry point of the integration, each seeing the configuration read once. */
export function withReadConfiguration(props: bp.IntegrationProps): bp.IntegrationProps {
  return {
    ...props,
    register: reading(props.register),
    unregister: reading(props.unregister),
    handler: reading(props.handler),
    actions: mapValues(props.actions, reading),
    channels: mapValues(props.channels, (channel) => {
      const { messages } = channel as { messages: object }
      return { ...channel, messages: mapValues(messages, reading) }
    }),
  }
}
