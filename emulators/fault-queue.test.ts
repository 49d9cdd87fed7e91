import { FaultQueue, type ScriptedFault } from './fault-queue'

const queue = () => new FaultQueue<ScriptedFault>(() => ({ status: 500 }))
const call = { method: 'GET', path: '/v1/chat/conversations/c1', operation: 'getConversation' }

describe('FaultQueue', () => {
  it('matches a /g path pattern on every call, not every other one', () => {
    const faults = queue()
    faults.add({ path: /conversations/g, status: 503, times: 3 })
    expect([faults.take(call), faults.take(call), faults.take(call)].map((f) => f?.status)).toEqual([503, 503, 503])
    expect(faults.take(call)).toBeUndefined()
  })

  it('applies an Infinity fault to every matching call, and refuses counts that are not positive', () => {
    const faults = queue()
    faults.add({ operation: 'getConversation', status: 500, times: Infinity })
    for (let i = 0; i < 5; i++) expect(faults.take(call)?.status).toBe(500)
    expect(faults.take({ ...call, operation: 'listUsers' })).toBeUndefined()
    expect(() => faults.add({ times: 0 })).toThrow(/positive integer or Infinity/)
    expect(() => faults.add({ times: 1.5 })).toThrow(/positive integer or Infinity/)
    expect(() => faults.add({ status: 42 })).toThrow(/not an HTTP status/)
  })

  it('falls back to the random mode, turned into the emulator’s own spec', () => {
    const faults = queue()
    faults.setRandom({ rate: 1, seed: 1, kinds: ['500'] })
    expect(faults.take(call)).toEqual({ status: 500 })
    expect(faults.randomStats?.considered).toBe(1)
    faults.clear()
    expect(faults.take(call)).toBeUndefined()
  })
})
