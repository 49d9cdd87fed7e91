import { HubSpotError } from './errors'
import { PathForms, type FormCall } from './path-forms'

const PREFERRED = '/spec'
const FALLBACK = '/guide'

/** What each path answers, in order of calls to it: a value, an HTTP status, or no answer (`'drop'`). */
type Answer = 'ok' | number | 'drop'

function scripted(answers: Record<string, Answer[]>) {
  const calls: Array<[string, number | undefined]> = []
  const call: FormCall<string> = async (base, maxAttempts) => {
    calls.push([base, maxAttempts])
    const answer = answers[base]!.shift() ?? 'ok'
    if (answer === 'ok') return `answered on ${base}`
    throw new HubSpotError({
      operation: 'assign the inbox thread',
      status: answer === 'drop' ? undefined : answer,
      transient: answer === 'drop' || answer === 429 || answer >= 500,
    })
  }
  return { call, calls }
}

function forms(probeUnanswered: boolean) {
  const lines: string[] = []
  const paths = new PathForms({
    api: 'thread assignee API',
    preferred: PREFERRED,
    fallback: FALLBACK,
    fallbackOn: [404],
    logger: { info: (line) => lines.push(line) },
    probeUnanswered,
  })
  return { paths, lines }
}

describe('PathForms', () => {
  it('keeps the preferred path when it answers, probing it with one attempt', async () => {
    const { paths } = forms(true)
    const { call, calls } = scripted({ [PREFERRED]: ['ok'] })
    await expect(paths.send(call)).resolves.toBe('answered on /spec')
    expect(calls).toEqual([[PREFERRED, 1]])
    expect(paths.chosen).toBe(PREFERRED)
  })

  it('moves to the other path on a 404, with its usual retries', async () => {
    const { paths, lines } = forms(true)
    const { call, calls } = scripted({ [PREFERRED]: [404], [FALLBACK]: ['ok'] })
    await expect(paths.send(call)).resolves.toBe('answered on /guide')
    expect(calls).toEqual([
      [PREFERRED, 1],
      [FALLBACK, undefined],
    ])
    expect(lines).toEqual(['HubSpot answered HTTP 404 on the thread assignee API at /spec; using /guide instead.'])
  })

  it('tries the other path once when the preferred one gets no answer, and keeps it when it answers', async () => {
    const { paths, lines } = forms(true)
    const { call, calls } = scripted({ [PREFERRED]: ['drop'], [FALLBACK]: ['ok', 'ok'] })
    await expect(paths.send(call)).resolves.toBe('answered on /guide')
    await paths.send(call)
    expect(calls).toEqual([
      [PREFERRED, 1],
      [FALLBACK, 1],
      [FALLBACK, undefined],
    ])
    expect(lines).toEqual(['HubSpot did not answer on the thread assignee API at /spec; using /guide instead.'])
  })

  it('keeps the other path when it answers an error that is not a 404, and retries a transient one there', async () => {
    const { paths } = forms(true)
    const { call, calls } = scripted({ [PREFERRED]: ['drop'], [FALLBACK]: [503, 'ok'] })
    await expect(paths.send(call)).resolves.toBe('answered on /guide')
    expect(calls).toEqual([
      [PREFERRED, 1],
      [FALLBACK, 1],
      [FALLBACK, undefined],
    ])
    expect(paths.chosen).toBe(FALLBACK)
  })

  it('refuses at once on the other path when it answers a 4xx that is not a 404', async () => {
    const { paths } = forms(true)
    const { call, calls } = scripted({ [PREFERRED]: ['drop'], [FALLBACK]: [400] })
    await expect(paths.send(call)).rejects.toMatchObject({ status: 400 })
    expect(calls).toEqual([
      [PREFERRED, 1],
      [FALLBACK, 1],
    ])
  })

  it.each([[404], [429]])('retries the preferred path as usual when the other one answers %s', async (status) => {
    const { paths, lines } = forms(true)
    const { call, calls } = scripted({ [PREFERRED]: ['drop', 'ok'], [FALLBACK]: [status] })
    await expect(paths.send(call)).resolves.toBe('answered on /spec')
    expect(calls).toEqual([
      [PREFERRED, 1],
      [FALLBACK, 1],
      [PREFERRED, undefined],
    ])
    expect(lines).toEqual([])
  })

  it("fails after one attempt on each path when neither answers (an outage), with the preferred path's error", async () => {
    const { paths, lines } = forms(true)
    const { call, calls } = scripted({ [PREFERRED]: ['drop'], [FALLBACK]: ['drop'] })
    await expect(paths.send(call)).rejects.toMatchObject({ status: undefined, transient: true })
    expect(calls).toEqual([
      [PREFERRED, 1],
      [FALLBACK, 1],
    ])
    expect(paths.chosen).toBeUndefined()
    expect(lines).toEqual([])
  })

  it('retries the preferred path as usual when its probe is answered with a transient error', async () => {
    const { paths } = forms(true)
    const { call, calls } = scripted({ [PREFERRED]: [503, 'ok'] })
    await expect(paths.send(call)).resolves.toBe('answered on /spec')
    expect(calls).toEqual([
      [PREFERRED, 1],
      [PREFERRED, undefined],
    ])
  })

  it('without probeUnanswered, a call that gets no answer fails on the preferred path alone (it may have been applied)', async () => {
    const { paths } = forms(false)
    const { call, calls } = scripted({ [PREFERRED]: ['drop'], [FALLBACK]: ['ok'] })
    await expect(paths.send(call)).rejects.toMatchObject({ status: undefined })
    expect(calls).toEqual([[PREFERRED, undefined]])
  })
})
