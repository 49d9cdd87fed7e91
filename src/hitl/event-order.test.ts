import { appliedTag, compareWithApplied, stampOf } from './event-order'

describe('compareWithApplied', () => {
  const applied = appliedTag('assignedTo', { at: 1_000, id: 'e1' })

  it('calls the first event of a property newer', () => {
    expect(compareWithApplied({}, 'assignedTo', { at: 1, id: 'x' })).toBe('newer')
  })

  it('tells an older, the same and a newer event apart', () => {
    expect(compareWithApplied(applied, 'assignedTo', { at: 999, id: 'e0' })).toBe('older')
    expect(compareWithApplied(applied, 'assignedTo', { at: 1_000, id: 'e1' })).toBe('same')
    expect(compareWithApplied(applied, 'assignedTo', { at: 1_000, id: 'e2' })).toBe('newer')
    expect(compareWithApplied(applied, 'assignedTo', { at: 1_001, id: 'e1' })).toBe('newer')
  })

  it('keeps each property apart', () => {
    expect(compareWithApplied(applied, 'status', { at: 1, id: 'e0' })).toBe('newer')
  })

  it('stamps an event without occurredAt with the time it arrived', () => {
    expect(stampOf({ eventId: 'e9' }, 42)).toEqual({ at: 42, id: 'e9' })
    expect(stampOf({ occurredAt: 7 })).toEqual({ at: 7, id: '' })
  })
})
