import type { ThreadItem } from '../hubspot/schemas'
import { recentContextOf } from './assist'

const item = (fields: Partial<ThreadItem> & { id: string; type: string }): ThreadItem =>
  ({ senders: [], attachments: [], createdAt: '2026-12-06T10:00:00.000Z', ...fields }) as ThreadItem

describe('recentContextOf', () => {
  const opening = item({ id: 'm1', type: 'MESSAGE', direction: 'INCOMING', text: 'Transcript' })
  const agentReply = item({
    id: 'm2',
    type: 'MESSAGE',
    direction: 'OUTGOING',
    text: 'On it',
    senders: [{ actorId: 'A-1' }],
  })
  const assignment = item({ id: 'm3', type: 'ASSIGNMENT' })
  const agentComment = item({ id: 'm4', type: 'COMMENT', text: 'Refund?', senders: [{ actorId: 'A-1' }] })
  const ourNote = item({ id: 'm5', type: 'COMMENT', text: 'Handoff note', senders: [{ actorId: 'I-42' }] })
  const photo = item({
    id: 'm6',
    type: 'MESSAGE',
    direction: 'INCOMING',
    text: '',
    attachments: [{ type: 'FILE', fileId: 'f1', name: 'box.png' }],
  })
  const relayed = item({ id: 'm7', type: 'MESSAGE', direction: 'INCOMING', text: 'Hello?' })
  const newestFirst = [relayed, photo, ourNote, agentComment, assignment, agentReply, opening]

  it('names each author, marks comments internal, skips what nobody wrote and the relayed message, oldest first', () => {
    expect(recentContextOf({ items: newestFirst, complete: true }, 'm7')).toEqual([
      { author: 'bot', internal: false, text: 'Transcript', createdAt: '2026-12-06T10:00:00.000Z' },
      { author: 'agent', internal: false, text: 'On it', createdAt: '2026-12-06T10:00:00.000Z' },
      { author: 'agent', internal: true, text: 'Refund?', createdAt: '2026-12-06T10:00:00.000Z' },
      { author: 'bot', internal: true, text: 'Handoff note', createdAt: '2026-12-06T10:00:00.000Z' },
      { author: 'customer', internal: false, text: '[file: box.png]', createdAt: '2026-12-06T10:00:00.000Z' },
    ])
  })

  it('takes the oldest item for the handoff transcript only when the page is the whole thread', () => {
    const partial = recentContextOf({ items: newestFirst, complete: false }, 'm7')
    expect(partial[0]).toMatchObject({ author: 'customer', text: 'Transcript' })
  })

  it('shortens a long text to 1,000 characters', () => {
    const long = item({ id: 'm8', type: 'MESSAGE', direction: 'INCOMING', text: 'x'.repeat(5000) })
    const [entry] = recentContextOf({ items: [relayed, long], complete: false }, 'm7')
    expect(entry!.text).toHaveLength(1000)
    expect(entry!.text.endsWith('…')).toBe(true)
  })
})
