/**
 * The HITL plugin model (emulators/hitl-plugin) bound to a harness: it calls the integration's handler as the
 * runtime does, and takes what the integration wrote after every call into it, webhooks included.
 */
import { messageCreatedBody } from '../../emulators/botpress/runtime-call'
import { HitlPluginModel, type IntegrationPort, type PluginConfiguration } from '../../emulators/hitl-plugin'
import { INTEGRATION_NAME } from '../../integration.definition'
import type { Harness } from './harness'

export function harnessPort(h: Harness): IntegrationPort {
  return {
    action: (type, input) => h.action(type, input),
    messageCreated: async (message) =>
      (await h.call('message_created', messageCreatedBody(h.botpress, h.ids.botUserId, message))).status,
  }
}

export function pluginFor(
  h: Harness,
  options: { config?: PluginConfiguration; onFlowContinues?: (conversationId: string) => void } = {},
): HitlPluginModel {
  const plugin = new HitlPluginModel({
    botpress: h.botpress,
    port: harnessPort(h),
    bot: { botId: h.ids.botId, botUserId: h.ids.botUserId },
    integration: { alias: h.ids.alias, name: INTEGRATION_NAME },
    ...options,
  })
  h.afterEachCall(() => plugin.integrationCallReturned())
  return plugin
}
