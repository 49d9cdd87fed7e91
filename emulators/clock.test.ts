import { monotonicClock } from './clock'

describe('monotonicClock', () => {
  const realNow = Date.now
  afterEach(() => {
    Date.now = realNow
  })

  it('never returns the same millisecond twice, and follows the wall clock once it catches up', () => {
    Date.now = () => 5_000
    const clock = monotonicClock()
    expect([clock(), clock(), clock()]).toEqual([5_000, 5_001, 5_002])
    Date.now = () => 9_000
    expect(clock()).toBe(9_000)
  })

  it('goes back with a wall clock a test moved forward and back, instead of staying ahead of it', () => {
    const clock = monotonicClock()
    Date.now = () => 1_000
    expect(clock()).toBe(1_000)
    Date.now = () => 600_000
    expect(clock()).toBe(600_000)
    Date.now = () => 1_010
    expect(clock()).toBe(1_010)
  })

  it('stays monotonic over a burst that leads the wall clock by less than a second', () => {
    Date.now = () => 2_000
    const clock = monotonicClock()
    const burst = Array.from({ length: 900 }, () => clock())
    expect(burst.at(-1)).toBe(2_899)
    expect(new Set(burst).size).toBe(900)
  })
})
