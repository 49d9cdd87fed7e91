/**
 * The whole handoff on one machine: the back end (emulators + the integration), the bot with the HITL plugin
 * model, two customers chatting with it, the inbox, and the page server. `npm start`, `npm run demo` and the
 * browser test all start it through here.
 */
import { HitlPluginModel } from '../emulators/hitl-plugin'
import { INTEGRATION_NAME } from '../integration.definition'
import { ActivityLog } from './activity'
import { AssistBot } from './assist-bot'
import type { SandboxPorts } from './config'
import { CrmSide } from './crm-side'
import { CustomerSide, type CustomerProfile } from './customer-side'
import { InboxSide } from './inbox-side'
import { pluginPort } from './integration-client'
import { MediaStore } from './media-store'
import { startBackend, type Backend } from './servers'
import { avatarPath, startPageServer } from './web-server'
import { WebhookSender } from './webhooks'

/**
 * Two customers, so two sessions can run side by side; the second gives no email (an anonymous visitor). Ada's
 * card comes filled in, so a first try is one click.
 */
export const CUSTOMERS: CustomerProfile[] = [
  {
    id: 'ada',
    name: 'Ada Lovelace',
    defaultContact: 'ada@example.com',
    card: {
      title: 'Parcel never arrived',
      priority: 'HIGH',
      description: 'The customer says the parcel for order 1234 never arrived.',
    },
  },
  { id: 'grace', name: 'Grace Hopper', defaultContact: '' },
]

export type Sandbox = {
  /** The page, on localhost. */
  pageUrl: string
  backend: Backend
  plugin: HitlPluginModel
  customers: CustomerSide[]
  inbox: InboxSide
  activity: ActivityLog
  close(): Promise<void>
}

export async function startSandbox(ports: SandboxPorts): Promise<Sandbox> {
  const activity = new ActivityLog()
  const backend = await startBackend(ports, activity)
  try {
    const { botpress, integration } = backend
    const media = new MediaStore()
    const webhooks = new WebhookSender(backend.hubspot, integration, activity)
    const customers: CustomerSide[] = []
    const plugin = new HitlPluginModel({
      botpress,
      port: pluginPort(integration, botpress),
      bot: { botId: integration.ids.botId, botUserId: integration.ids.botUserId },
      integration: { alias: integration.ids.alias, name: INTEGRATION_NAME },
      onFlowContinues: (conversationId) =>
        customers.find((customer) => customer.chat.conversationId === conversationId)?.backToBot(),
    })
    integration.afterEachCall(() => plugin.integrationCallReturned())
    const inbox = new InboxSide(backend.hubspot, backend.urls.hubspot, webhooks, () => plugin.idle())
    // HubSpot's routing acts as soon as the thread exists, inside the plugin's activation window, and without
    // waiting for the plugin: its webhook runs while the plugin goes on activating the session.
    const startHooks = {
      beforeActivation: async (downstreamConversationId: string) => {
        const threadId = botpress.getConversation(downstreamConversationId)?.tags.threadId
        if (!threadId) return
        inbox.route(threadId).catch((error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error)
          activity.add({ source: 'sandbox', summary: `routing of thread ${threadId} failed: ${reason}` })
        })
      },
    }
    const assistant = new AssistBot(botpress, integration, activity)
    const botIdle = async () => {
      await assistant.idle()
      await webhooks.flush()
    }
    for (const profile of CUSTOMERS)
      customers.push(new CustomerSide(profile, { plugin, botpress, webhooks, media, startHooks, botIdle }))
    const crm = new CrmSide(backend.hubspot, botpress, integration.config)
    const page = await startPageServer(ports.page, { customers, inbox, crm, media, activity })
    // The integration downloads customer media from here, so the loopback address, not the name.
    media.baseUrl = page.loopbackUrl
    // The emulator's agents have pictures on a made-up host; the page serves them, so a browser loads them offline.
    for (const agent of backend.hubspot.portal().agents) agent.avatar = new URL(avatarPath(agent.userId), page.url).href
    return {
      pageUrl: page.url,
      backend,
      plugin,
      customers,
      inbox,
      activity,
      close: async () => {
        webhooks.close()
        assistant.detach()
        plugin.detach()
        await page.close()
        await backend.close()
      },
    }
  } catch (error) {
    await backend.close()
    throw error
  }
}
