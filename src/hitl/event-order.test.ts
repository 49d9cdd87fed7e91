import { compareStamps, formatStamp, parseStamp, stampOf } from './event-order'

describe('compareStamps', () => {
  const applied = { at: 1_000, id: 'e1' }

  it('calls the first event of a property newer', () => {
    expect(compareStamps(undefined, { at: 1, id: 'x' })).toBe('newer')
  })

  it('tells an older, the same and a newer event apart', () => {
    expect(compareStamps(applied, { at: 999, id: 'e0' })).toBe('older')
    expect(compareStamps(applied, { at: 1_000, id: 'e1' })).toBe('same')
    expect(compareStamps(applied, { at: 1_000, id: 'e2' })).toBe('newer')
    expect(compareStamps(applied, { at: 1_001, id: 'e1' })).toBe('newer')
  })

  it('reads back the stamp it wrote, and nothing from an unreadable value', () => {
    expect(parseStamp(formatStamp({ at: 5, id: 'a:b' }))).toEqual({ at: 5, id: 'a:b' })
    expect(parseStamp('')).toBeUndefined()
    expect(parseStamp('garbage')).toBeUndefined()
  })

  it('stamps an event without occurredAt with the time it arrived', () => {
    expect(stampOf({ eventId: 'e9' }, 42)).toEqual({ at: 42, id: 'e9' })
    expect(stampOf({ occurredAt: 7 })).toEqual({ at: 7, id: '' })
  })
})
