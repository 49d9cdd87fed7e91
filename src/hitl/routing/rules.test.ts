import { parseAssignTo } from './rules'

describe('parseAssignTo', () => {
  it.each([
    ['5001', { kind: 'userId', userId: '5001' }],
    [' A-5001 ', { kind: 'userId', userId: '5001' }],
    ['a-5001', { kind: 'userId', userId: '5001' }],
    ['alice@agents.example.com', { kind: 'email', email: 'alice@agents.example.com' }],
    [' Alice@Example.com ', { kind: 'email', email: 'Alice@Example.com' }],
  ])('reads %p as %p', (value, expected) => {
    expect(parseAssignTo(value)).toEqual(expected)
  })

  it.each([undefined, '', '   ', 'Alice', 'A-', '50 01', 'https://app.hubspot.com/users/5001'])(
    'reads %p as no agent',
    (value) => {
      expect(parseAssignTo(value)).toBeUndefined()
    },
  )
})
