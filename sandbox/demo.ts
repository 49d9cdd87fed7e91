/**
 * `npm run demo`: the sandbox's whole loop, scripted, without a browser. It starts the same servers as
 * `npm start` on free ports, drives them through the page's JSON API, prints what the customer and the agent
 * see after each step, checks it, and exits 0, or 1 at the first step that does not do what it should.
 */
import { DEFAULT_TEXTS } from '../emulators/hitl-plugin'
import { SandboxApi, toUpload, type SandboxState } from './api-client'
import { RANDOM_PORTS } from './config'
import { captureConsole } from './console-capture'
import { labelPdf, parcelPng } from './sample-files'
import { CUSTOMERS, startSandbox } from './sandbox'
import { crmLines, TranscriptPrinter } from './transcript'

const CUSTOMER = CUSTOMERS[0]!.name
const ALICE = 'A-5001'

type Context = { api: SandboxApi; threadId?: string; state: SandboxState }

type Step = {
  title: string
  run(ctx: Context): Promise<void>
  /** Throws, with a sentence saying what is wrong, when the step did not have its effect. */
  check(ctx: Context, seen: { customer: number; agent: number }): void | Promise<void>
}

class StepFailed extends Error {}

function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new StepFailed(message)
}

/** The demo plays the sandbox's first customer, Ada. */
const ada = (ctx: Context) => ctx.state.customers[0]!

const customerSaw = (ctx: Context, text: string) =>
  ada(ctx).entries.some((entry) => JSON.stringify(entry.payload).includes(text))

/** The CRM panel of the selected thread: its contact, ticket and notes. */
const crmOf = (ctx: Context) => {
  expect(ctx.state.crm, 'the state has no CRM view for the thread')
  return ctx.state.crm
}

/** The ticket is in its pipeline's closed stage, and the transcript is a note on both the contact and the ticket. */
function expectClosedWithTranscript(ctx: Context): void {
  const { ticket, notes } = crmOf(ctx)
  expect(ticket?.stage?.closed === true, `the ticket is not in a closed stage (${ticket?.stage?.label})`)
  expect(
    notes.some((note) => note.on.length === 2 && note.body.includes('Bot handoff transcript')),
    'no transcript note on the contact and the ticket',
  )
}

/**
 * Polls until the condition holds: for what may arrive with a webhook HubSpot redelivers (the integration answers 503
 * when the plugin is slow to activate a session, and the sandbox's HubSpot redelivers 10 s later, then 20 s).
 */
async function waitFor(ctx: Context, condition: () => boolean, what: string, timeoutMs = 75_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (ctx.state = await ctx.api.state(ctx.threadId); !condition(); ctx.state = await ctx.api.state(ctx.threadId)) {
    if (Date.now() > deadline) throw new StepFailed(`${what} within ${timeoutMs / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

const agentSaw = (
  ctx: Context,
  predicate: (item: NonNullable<SandboxState['inbox']['selected']>['items'][number]) => boolean,
) => (ctx.state.inbox.selected?.items ?? []).some(predicate)

const STEPS: Step[] = [
  {
    title: 'The customer talks to the bot',
    run: async ({ api }) => {
      await api.post('/api/customer/say', { text: 'Hi' })
      await api.post('/api/customer/say', { text: 'Track my order' })
      await api.post('/api/customer/say', { text: 'It never arrived. Talk to a person' })
    },
    check: (ctx) => expect(customerSaw(ctx, 'Escalate'), 'the bot did not offer the escalation'),
  },
  {
    title: "The bot runs the HITL plugin's Start HITL: createUser, then startHitl with the chat so far",
    run: async (ctx) => {
      const session = await ctx.api.post<{ threadId?: string }>('/api/customer/escalate', {
        contact: 'ada@example.com',
        title: 'Parcel never arrived',
        description: 'Order 1234, shipped on Monday',
        priority: 'HIGH',
      })
      ctx.threadId = session.threadId
    },
    check: (ctx) => {
      expect(ctx.threadId, 'startHitl returned no HubSpot thread')
      expect(
        agentSaw(ctx, (item) => item.direction === 'INCOMING' && item.text.includes('Conversation before the handoff')),
        'the thread does not open with the transcript',
      )
      const { contact, ticket, notes } = crmOf(ctx)
      expect(contact?.email === 'ada@example.com', 'the thread is not linked to the contact ada@example.com')
      expect(ticket?.subject === 'Parcel never arrived', 'no ticket with the handoff title was opened')
      expect(ticket.stage?.closed === false, `the ticket did not open in an open stage (${ticket.stage?.label})`)
      expect(ticket.marker.value === 'CHAT', 'the ticket does not carry the marker source_type=CHAT')
      expect(notes.length === 0, 'notes were written before the session ended')
    },
  },
  {
    title: 'The customer sends a text and a photo (message_created on the hitl channel)',
    run: async ({ api }) => {
      await api.post('/api/customer/say', { text: 'It is order **1234**. Here is the photo the courier sent me.' })
      await api.post('/api/customer/upload', { kind: 'image', file: toUpload('parcel.png', 'image/png', parcelPng()) })
    },
    check: (ctx) => {
      expect(
        agentSaw(ctx, (item) => item.attachments.some((file) => file.mimeType === 'image/png')),
        'the photo did not reach HubSpot as an image attachment',
      )
      expect(
        ada(ctx).entries.filter((entry) => entry.delivery?.ok).length === 2,
        'a customer message was not delivered',
      )
    },
  },
  {
    title:
      'Alice assigns the thread to herself (hitlAssigned); right after a handoff the integration holds the webhook ' +
      'a moment, until the plugin has linked and activated the session',
    run: async ({ api, threadId }) => {
      await api.post('/api/inbox/assign', { threadId, actorId: ALICE })
      await api.post('/api/customer/say', { text: 'Is anyone there?' })
    },
    check: (ctx) => {
      expect(customerSaw(ctx, DEFAULT_TEXTS.onHumanAgentAssignedMessage), 'the customer was not told an agent joined')
      expect(ada(ctx).session?.agentName === 'Alice Agent', 'the plugin did not record Alice as the agent')
    },
  },
  {
    title: 'Alice replies with rich text and attaches the shipping label (OUTGOING_CHANNEL_MESSAGE_CREATED)',
    run: ({ api, threadId }) =>
      api.post('/api/inbox/reply', {
        threadId,
        actorId: ALICE,
        text: 'Thanks Ada. The parcel was sent back to us by mistake; I am re-shipping it today. Tracking',
        richText:
          '<p>Thanks Ada. The parcel was sent back to us <b>by mistake</b>; I am <i>re-shipping it today</i>.</p>' +
          '<p><a href="https://track.example/1234">Tracking</a></p>',
        attachment: toUpload('label.pdf', 'application/pdf', labelPdf()),
      }),
    check: async (ctx) => {
      expect(customerSaw(ctx, '**by mistake**'), 'the rich text did not reach the customer as markdown')
      const file = ada(ctx).entries.find((entry) => entry.role === 'agent' && entry.type === 'file')
      expect(file, 'the attachment did not reach the customer')
      const download = await fetch(String(file.payload.fileUrl))
      expect(download.ok, `the customer's link to the attachment answers HTTP ${download.status}`)
      expect(
        agentSaw(ctx, (item) => item.direction === 'OUTGOING' && item.status === 'SENT'),
        'the integration did not report SENT',
      )
    },
  },
  {
    title: 'Alice writes an internal comment (never sent to the customer)',
    run: ({ api, threadId }) =>
      api.post('/api/inbox/comment', { threadId, actorId: ALICE, text: 'Courier error; refund the shipping.' }),
    check: (ctx, seen) => {
      expect(seen.customer === 0, 'the customer saw something of an internal comment')
      expect(
        agentSaw(ctx, (item) => item.kind === 'comment'),
        'the comment is not in the thread',
      )
    },
  },
  {
    title:
      'Alice closes the conversation (status webhook → hitlStopped); the session is known active, so it goes ' +
      'through at once',
    run: async (ctx) => {
      await ctx.api.post('/api/inbox/close', { threadId: ctx.threadId })
      await waitFor(ctx, () => customerSaw(ctx, DEFAULT_TEXTS.onHitlStoppedMessage), 'no hitlStopped reached the bot')
    },
    check: (ctx) => {
      expect(customerSaw(ctx, DEFAULT_TEXTS.onHitlStoppedMessage), 'the customer was not told the agent closed')
      expect(!ada(ctx).session, 'the session is still open on the bot side')
      expectClosedWithTranscript(ctx)
    },
  },
  {
    title: 'A second handoff, which the customer ends with /end (plugin notice, then stopHitl)',
    run: async (ctx) => {
      await ctx.api.post('/api/customer/say', { text: 'One more thing: can I change the address?' })
      const session = await ctx.api.post<{ threadId?: string }>('/api/customer/escalate', {
        contact: 'ada@example.com',
        title: 'Change of address',
      })
      ctx.threadId = session.threadId
      await ctx.api.post('/api/customer/end')
    },
    check: (ctx) => {
      expect(ctx.state.inbox.selected?.status === 'CLOSED', 'the thread the customer left is not closed')
      expect(
        agentSaw(ctx, (item) => item.kind === 'comment' && item.text.includes('The user has ended the session')),
        "the plugin's notice is not an internal comment",
      )
      expect(customerSaw(ctx, DEFAULT_TEXTS.onUserHitlCloseMessage), 'the customer was not told the session ended')
      const closedNotices = ada(ctx).entries.filter(
        (entry) => entry.payload.text === DEFAULT_TEXTS.onHitlStoppedMessage,
      )
      expect(closedNotices.length === 1, 'the bot was told the agent closed a session the customer ended')
      expectClosedWithTranscript(ctx)
    },
  },
]

async function main(): Promise<number> {
  const write = (text: string) => process.stdout.write(text)
  const logs = captureConsole('keep')
  const started = Date.now()
  const sandbox = await startSandbox(RANDOM_PORTS)
  const api = new SandboxApi(sandbox.pageUrl)
  const printer = new TranscriptPrinter(CUSTOMER, write)
  const ctx: Context = { api, state: await api.state() }
  write(
    `hubspot-inbox-hitl demo: one handoff, both sides, through the real integration\n` +
      `(integration ${sandbox.backend.urls.integration}, HubSpot emulator ${sandbox.backend.urls.hubspot}, ` +
      `Botpress emulator ${sandbox.backend.urls.botpress})\n`,
  )
  try {
    for (const [index, step] of STEPS.entries()) {
      write(`\n${index + 1}. ${step.title}\n`)
      await step.run(ctx)
      ctx.state = await api.state(ctx.threadId)
      const seen = printer.printNew(ctx.state, ctx.threadId)
      try {
        await step.check(ctx, seen)
      } catch (error) {
        throw new StepFailed(`step ${index + 1} (${step.title}): ${error instanceof Error ? error.message : error}`)
      }
    }
    write('\nWhat the CRM layer wrote in HubSpot, per thread:\n')
    const printed = new Set<string>()
    for (const thread of ctx.state.inbox.threads.slice().reverse()) {
      const { crm } = await api.state(thread.id)
      expect(crm, `no CRM view for thread ${thread.id}`)
      const lines = crmLines(crm, printed).map((line) => `    ${line}\n`)
      write(`\n  Thread ${thread.id} (${thread.status}):\n${lines.join('')}`)
    }
    const calls = ctx.state.activity.filter((entry) => entry.status !== undefined)
    // 503 is the integration asking HubSpot for a redelivery (an assignment held back), not a failure.
    const redeliveries = calls.filter((entry) => entry.status === 503)
    const failed = calls.filter((entry) => entry.status! >= 400 && entry.status !== 503)
    expect(failed.length === 0, `calls into the integration failed: ${failed.map((c) => c.summary).join(', ')}`)
    write(
      `\nDemo passed: ${STEPS.length} steps, ${ctx.state.inbox.threads.length} HubSpot threads, ` +
        `${calls.length} calls into the integration, all answered 2xx but ${redeliveries.length} asking for a ` +
        `redelivery (503), in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
    )
    return 0
  } catch (error) {
    write(`\nDemo FAILED: ${error instanceof Error ? error.message : String(error)}\n`)
    write(`\nIntegration log:\n${logs.lines.map((line) => `  ${line}`).join('\n')}\n`)
    return 1
  } finally {
    await sandbox.close()
    logs.restore()
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The demo could not run: ${error instanceof Error ? error.stack : String(error)}\n`)
    process.exit(1)
  },
)
