/**
 * The whole handoff on one machine: the back end (emulators + the integration), both sides of the handoff,
 * and the page server. `npm start`, `npm run demo` and the browser test all start it through here.
 */
import { ActivityLog } from './activity'
import type { SandboxPorts } from './config'
import { CrmSide } from './crm-side'
import { CustomerSide } from './customer-side'
import { InboxSide } from './inbox-side'
import { MediaStore } from './media-store'
import { startBackend, type Backend } from './servers'
import { startPageServer } from './web-server'
import { WebhookSender } from './webhooks'

export type Sandbox = {
  /** The page, on localhost. */
  pageUrl: string
  backend: Backend
  customer: CustomerSide
  inbox: InboxSide
  activity: ActivityLog
  close(): Promise<void>
}

export async function startSandbox(ports: SandboxPorts): Promise<Sandbox> {
  const activity = new ActivityLog()
  const backend = await startBackend(ports, activity)
  try {
    const media = new MediaStore()
    const webhooks = new WebhookSender(backend.hubspot, backend.integration, activity)
    const customer = new CustomerSide(backend.botpress, backend.integration, webhooks, media)
    const inbox = new InboxSide(backend.hubspot, backend.urls.hubspot, webhooks, customer)
    const crm = new CrmSide(backend.hubspot, backend.botpress, backend.integration.config)
    const page = await startPageServer(ports.page, { customer, inbox, crm, media, activity })
    // The integration downloads customer media from here, so the loopback address, not the name.
    media.baseUrl = page.loopbackUrl
    return {
      pageUrl: page.url,
      backend,
      customer,
      inbox,
      activity,
      close: async () => {
        await page.close()
        await backend.close()
      },
    }
  } catch (error) {
    await backend.close()
    throw error
  }
}
