import type { PropertyDefinition } from '../hubspot/crm'
import { MAX_TICKET_CONTENT, MAX_TICKET_SUBJECT, ticketProperties } from './ticket-properties'

const schema = [{ name: 'source_detail' }, { name: 'handed_off' }] as PropertyDefinition[]
const base = { transcript: 'Customer: hi', pipelineId: '0', stageId: '1' }

describe('ticketProperties', () => {
  it('keeps every value under the length HubSpot accepts', () => {
    const { properties } = ticketProperties(
      {
        ...base,
        title: 't'.repeat(70_000),
        description: 'd'.repeat(70_000),
        custom: { source_detail: 'v'.repeat(70_000) },
      },
      schema,
    )
    expect(properties.subject).toHaveLength(MAX_TICKET_SUBJECT)
    expect(properties.subject!.endsWith('…')).toBe(true)
    expect(properties.content!.length).toBeLessThanOrEqual(MAX_TICKET_CONTENT)
    expect(properties.source_detail).toHaveLength(MAX_TICKET_CONTENT)
  })

  it('leaves short values as they are and names a ticket without a title', () => {
    const { properties } = ticketProperties({ ...base, title: '  Refund  ', custom: { source_detail: 'web' } }, schema)
    expect(properties).toMatchObject({ subject: 'Refund', source_detail: 'web', content: 'Customer: hi' })
    expect(ticketProperties(base, schema).properties.subject).toBe('Conversation handed over by the bot')
  })

  it('skips custom names the schema lacks, and never lets custom data overwrite what the integration sets', () => {
    const { properties, skipped } = ticketProperties(
      { ...base, custom: { no_such_property: 'x', hs_pipeline: 'other' } },
      [...schema, { name: 'hs_pipeline' }] as PropertyDefinition[],
    )
    expect(skipped).toEqual(['no_such_property', 'hs_pipeline'])
    expect(properties.hs_pipeline).toBe('0')
  })
})
