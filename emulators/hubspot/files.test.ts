import { UPLOAD_MAX_BYTES } from './defaults'
import { api, incomingMessage, publish, setupChannel, useHubSpot } from './test-support'

const hub = useHubSpot()
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])

function uploadForm(
  options: Record<string, unknown> | string | undefined,
  extra: Record<string, string> = { folderPath: '/botpress' },
  bytes = PNG,
) {
  const form = new FormData()
  form.append('file', new Blob([bytes], { type: 'image/png' }), 'photo.png')
  if (options !== undefined) form.append('options', typeof options === 'string' ? options : JSON.stringify(options))
  for (const [key, value] of Object.entries(extra)) form.append(key, value)
  return form
}

const upload = (token: string, form: FormData) => api(hub.emulator, 'POST', '/files/v3/files', { token, body: form })

describe('Files API', () => {
  it('uploads multipart with options.access and returns a File (201)', async () => {
    const token = hub.emulator.issueAccessToken()
    const response = await upload(token, uploadForm({ access: 'PRIVATE' }, { folderPath: '/botpress' }))
    expect(response.status).toBe(201)
    expect(response.headers.get('location')).toBe(`https://api.hubapi.com/files/v3/files/${response.body.id}`)
    expect(response.body).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      name: 'photo',
      extension: 'png',
      type: 'IMG',
      size: PNG.byteLength,
      access: 'PRIVATE',
      archived: false,
      path: '/botpress/photo.png',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      url: expect.stringContaining(`/_emulator/files/${response.body.id}`),
    })
    const stored = hub.emulator.files()[0]
    expect(stored?.mimeType).toBe('image/png')
    expect(Array.from(stored?.bytes ?? [])).toEqual(Array.from(PNG))
    expect(hub.emulator.callsTo('uploadFile')[0]?.body).toMatchObject({
      file: { name: 'photo.png', size: PNG.byteLength },
    })
  })

  it.each([
    ['no options', undefined, undefined],
    ['options without access', { ttl: 'P1D' }, undefined],
    ['options that are not JSON', 'access=PRIVATE', undefined],
    ['an unknown access value', { access: 'SECRET' }, undefined],
    ['both folderPath and folderId', { access: 'PRIVATE' }, { folderPath: '/a', folderId: '12' }],
    ['neither folderPath nor folderId', { access: 'PRIVATE' }, {}],
  ])('rejects %s with 400', async (_label, options, extra) => {
    const response = await upload(hub.emulator.issueAccessToken(), uploadForm(options, extra))
    expect(response.status).toBe(400)
    expect(response.body.category).toBe('VALIDATION_ERROR')
    expect(hub.emulator.files()).toEqual([])
  })

  it('requires the file part', async () => {
    const form = new FormData()
    form.append('options', JSON.stringify({ access: 'PRIVATE' }))
    const response = await upload(hub.emulator.issueAccessToken(), form)
    expect(response.status).toBe(400)
    expect(response.body.errors[0].in).toBe('file')
  })

  it(`refuses files over UPLOAD_MAX_BYTES (${UPLOAD_MAX_BYTES}) with 413`, async () => {
    const token = hub.emulator.issueAccessToken()
    const big = new Uint8Array(UPLOAD_MAX_BYTES + 1)
    const response = await upload(token, uploadForm({ access: 'PRIVATE' }, undefined, big))
    expect(response.status).toBe(413)
    expect(response.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' })
    expect(hub.emulator.files()).toEqual([])
  })

  it('serves a private file only through an unexpired signed URL', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z')
    const emulator = hub.reset({ listingDelay: 0, now: () => now })
    const token = emulator.issueAccessToken()
    const { body: file } = await api(emulator, 'POST', '/files/v3/files', {
      token,
      body: uploadForm({ access: 'PRIVATE' }),
    })

    const direct = await fetch(file.url)
    expect(direct.status).toBe(403)

    const signed = await api(emulator, 'GET', `/files/v3/files/${file.id}/signed-url`, {
      token,
      query: { expirationSeconds: '60' },
    })
    expect(signed.body).toEqual({
      url: expect.stringMatching(/^https:\/\/api\.hubapi\.com\/_emulator\/files\/\d+\?expires=\d+&signature=/),
      expiresAt: '2026-03-01T00:01:00.000Z',
      name: 'photo',
      extension: 'png',
      size: PNG.byteLength,
      type: 'IMG',
    })
    const download = await fetch(signed.body.url)
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toBe('image/png')
    expect(Array.from(new Uint8Array(await download.arrayBuffer()))).toEqual(Array.from(PNG))

    const tampered = await fetch(signed.body.url.replace(/signature=[^&]+/, 'signature=forged'))
    expect(tampered.status).toBe(403)
    now += 61_000
    expect((await fetch(signed.body.url)).status).toBe(403)
  })

  it('keeps files per portal', async () => {
    const token = hub.emulator.issueAccessToken()
    const { body: file } = await upload(token, uploadForm({ access: 'PRIVATE' }))
    const other = hub.emulator.seedPortal({ hubId: 444 })
    const otherToken = hub.emulator.issueAccessToken({ hubId: other.hubId })
    expect((await api(hub.emulator, 'GET', `/files/v3/files/${file.id}`, { token: otherToken })).status).toBe(404)
    expect((await api(hub.emulator, 'GET', `/files/v3/files/${file.id}`, { token })).status).toBe(200)
  })

  it('lets a published message reference an uploaded file', async () => {
    const { token, channelId, accountId } = await setupChannel(hub.emulator)
    const { body: file } = await upload(token, uploadForm({ access: 'PRIVATE' }))
    const response = await publish(
      hub.emulator,
      token,
      channelId,
      incomingMessage(accountId, {
        attachments: [{ type: 'FILE', fileId: file.id }],
      }),
    )
    expect(response.status).toBe(201)
    expect(response.body.attachments).toEqual([
      { type: 'FILE', fileId: file.id, fileUsageType: 'IMAGE', name: 'photo.png', url: file.url },
    ])
    const badUsage = await publish(
      hub.emulator,
      token,
      channelId,
      incomingMessage(accountId, {
        attachments: [{ type: 'FILE', fileId: file.id, fileUsageType: 'PICTURE' }],
      }),
    )
    expect(badUsage.status).toBe(400)
    expect(badUsage.body.errors[0].in).toBe('attachments[0].fileUsageType')
  })
})
