import { nextRequestKey, requestKeyOf } from './request-key'

describe('requestKeyOf', () => {
  const input = {
    userId: 'user_1',
    title: 'Refund',
    hitlSession: { priority: 'HIGH', inboxId: '147001' },
    messageHistory: [{ source: { type: 'bot' }, type: 'text', payload: { text: 'Hi' } }],
  }

  it('is the same for a retry of the same input, whatever the key order', () => {
    const reordered = {
      messageHistory: [{ payload: { text: 'Hi' }, type: 'text', source: { type: 'bot' } }],
      hitlSession: { inboxId: '147001', priority: 'HIGH' },
      title: 'Refund',
      userId: 'user_1',
    }
    expect(requestKeyOf(reordered)).toBe(requestKeyOf(input))
    expect(requestKeyOf({ ...input, description: undefined })).toBe(requestKeyOf(input))
  })

  it.each([
    ['another history', { ...input, messageHistory: [] }],
    ['another title', { ...input, title: 'Refund!' }],
    ['another customer', { ...input, userId: 'user_2' }],
    ['another inbox', { ...input, hitlSession: { ...input.hitlSession, inboxId: '147002' } }],
    ['history in another order', { ...input, messageHistory: [...input.messageHistory, { type: 'text' }].reverse() }],
  ])('differs for %s', (_case, other) => {
    expect(requestKeyOf(other)).not.toBe(requestKeyOf(input))
  })

  it('tells strings from numbers and null from absent', () => {
    expect(requestKeyOf({ a: 1 })).not.toBe(requestKeyOf({ a: '1' }))
    expect(requestKeyOf({ a: null })).not.toBe(requestKeyOf({}))
  })

  it('chains to a distinct key per earlier session', () => {
    const key = requestKeyOf(input)
    expect(nextRequestKey(key, 'conv_1')).not.toBe(key)
    expect(nextRequestKey(key, 'conv_1')).not.toBe(nextRequestKey(key, 'conv_2'))
    expect(nextRequestKey(key, 'conv_1')).toBe(nextRequestKey(key, 'conv_1'))
  })
})
