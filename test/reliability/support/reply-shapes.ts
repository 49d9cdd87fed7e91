/**
 * Shapes a real agent reply (OUTGOING_CHANNEL_MESSAGE_CREATED) may come in, as changes to a real event body. HubSpot
 * documents this payload only loosely, so each is plausible: the deliverable ones carry what delivery needs (message
 * id, thread id, sending agent, content) in another form; the undeliverable ones lack one of those, or name a file
 * HubSpot no longer has, and `reason` is what the agent and the logs must be told.
 */
type Json = Record<string, unknown>
export type ReplyChange = (event: Json, message: Json) => void

export const DELIVERABLE_SHAPES: [name: string, change: ReplyChange][] = [
  [
    'a delivery identifier as a plain string',
    (_e, m) => {
      m.recipients = [{ actorId: 'V-1', deliveryIdentifier: 'ada@example.com' }]
      m.senders = [{ actorId: 'A-5001', name: 'Alice Agent', deliveryIdentifier: 'alice' }]
    },
  ],
  ['a sender without a name', (_e, m) => (m.senders = [{ actorId: 'A-5001' }])],
  [
    'ids as numbers',
    (e, m) => {
      e.channelId = Number(e.channelId)
      e.channelAccountId = Number(e.channelAccountId)
      m.channelAccountId = Number(m.channelAccountId)
      m.conversationsThreadId = Number(m.conversationsThreadId)
    },
  ],
  ['ids as strings', (e) => (e.portalId = String(e.portalId))],
  ['the agent as a bare user id', (_e, m) => (m.senders = [{ actorId: 5001, name: 'Alice Agent' }])],
  ['no senders, only createdBy', (_e, m) => delete m.senders],
  [
    'unknown fields everywhere',
    (e, m) => {
      e.somethingNew = { nested: [1, 2] }
      m.reactions = []
      m.inReplyToId = 42
      if (Array.isArray(m.senders)) m.senders = m.senders.map((s: Json) => ({ ...s, senderField: 'x' }))
    },
  ],
  [
    'strings where objects were expected in optional parts',
    (e, m) => {
      m.client = 'HUBSPOT'
      m.status = 'SENT'
      m.recipients = 'ada@example.com'
      m.attachments = 'none'
      e.channelIntegrationThreadIds = 'one'
    },
  ],
  ['an attachment list with unreadable elements', (_e, m) => (m.attachments = ['x', { type: 'LOCATION' }, null])],
  ['no direction, no type, no client', (_e, m) => (delete m.direction, delete m.type, delete m.client)],
]

export const UNDELIVERABLE_SHAPES: [name: string, change: ReplyChange, reason: RegExp][] = [
  ['no sending agent', (_e, m) => (delete m.senders, delete m.createdBy), /no sending agent/],
  [
    'no content',
    (_e, m) => ((m.text = ''), delete m.richText, (m.attachments = [])),
    /no text, rich text or file attachment/,
  ],
  ['no thread id, on our channel', (_e, m) => delete m.conversationsThreadId, /names no HubSpot thread/],
  [
    'a file HubSpot no longer has',
    (_e, m) => (m.attachments = [{ type: 'FILE', fileId: '999999', name: 'gone.pdf' }]),
    /HTTP 404/,
  ],
]
