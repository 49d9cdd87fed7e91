import * as bp from '.botpress'
import { configuration } from '../definitions/configuration'

type Configuration = bp.configuration.Configuration
type WithContext = { ctx: bp.Context }
type Handler = (props: WithContext) => unknown

/**
 * Botpress hands the integration the configuration as the admin typed it: the definition's trims and defaults
 * are not applied, and " 147001" is not inbox 147001. Read once through the definition's schema, at the entry
 * of every call; a configuration the schema refuses is passed on as it is, for register to report by field.
 */
export function readConfiguration(raw: Configuration): Configuration {
  const parsed = configuration.schema.safeParse(raw)
  return parsed.success ? (parsed.data as Configuration) : raw
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
