import { MAX_INPUT_DEPTH, tooDeeplyNested } from './input-validation'

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i++) value = i % 2 ? { inner: value } : [value]
  return value
}

describe('tooDeeplyNested', () => {
  it('accepts input up to the bound and scalars', () => {
    expect(tooDeeplyNested({ history: nested(MAX_INPUT_DEPTH - 1) })).toBeUndefined()
    expect(tooDeeplyNested('text')).toBeUndefined()
    expect(tooDeeplyNested(null)).toBeUndefined()
  })

  it('names the field and item of a value nested past the bound, at any depth without recursion', () => {
    expect(tooDeeplyNested({ title: 'x', messageHistory: [{}, nested(MAX_INPUT_DEPTH)] })).toBe('messageHistory[1]')
    expect(tooDeeplyNested({ messageHistory: [nested(100_000)] })).toBe('messageHistory[0]')
  })
})
