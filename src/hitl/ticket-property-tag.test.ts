import {
  MAX_RECORDED_VALUE,
  MAX_TICKET_PROPERTIES_TAG,
  parseTicketProperties,
  withTicketProperty,
} from './ticket-property-tag'

describe('the ticketProperties tag', () => {
  it('reads an unreadable or foreign value as nothing recorded', () => {
    expect(parseTicketProperties(undefined)).toEqual({})
    expect(parseTicketProperties('{not json')).toEqual({})
    expect(parseTicketProperties('[1,2]')).toEqual({})
    expect(parseTicketProperties('{"a":{"value":"x","at":"1:2"},"b":{"value":3}}')).toEqual({
      a: { value: 'x', at: '1:2' },
    })
  })

  it('sets one property and keeps the others', () => {
    const { json, cut, dropped } = withTicketProperty({ a: { value: 'x', at: '1:1' } }, 'b', 'y', { at: 2, id: '7' })
    expect(JSON.parse(json)).toEqual({ a: { value: 'x', at: '1:1' }, b: { value: 'y', at: '2:7' } })
    expect({ cut, dropped }).toEqual({ cut: false, dropped: [] })
  })

  it('keeps a long value cut, and leaves out the properties changed longest ago to stay under the size', () => {
    const long = 'x'.repeat(MAX_RECORDED_VALUE + 100)
    let values = {}
    const dropped: string[] = []
    for (let i = 0; i < 10; i++) {
      const outcome = withTicketProperty(values, `p${i}`, long, { at: 1000 + i, id: String(i) })
      expect(outcome.cut).toBe(true)
      expect(outcome.json.length).toBeLessThanOrEqual(MAX_TICKET_PROPERTIES_TAG)
      dropped.push(...outcome.dropped)
      values = parseTicketProperties(outcome.json)
    }
    expect(dropped).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'])
    expect(Object.keys(values)).toEqual(['p7', 'p8', 'p9'])
    expect((values as Record<string, { value: string }>).p9!.value).toHaveLength(MAX_RECORDED_VALUE)
  })
})
