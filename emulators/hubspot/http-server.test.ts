/**
 * The sandbox serves the emulator over real HTTP. No msw in this file (msw would intercept 127.0.0.1 too), so
 * these calls go through sockets: multipart upload, signed download, and a dropped connection.
 */
import { startHttpServer } from '../http-adapter'
import { HubSpotEmulator } from './hubspot-emulator'

describe('HubSpot emulator over real HTTP', () => {
  const emulator = new HubSpotEmulator({ listingDelay: 0 })
  let server: { url: string; close(): Promise<void> }

  beforeAll(async () => {
    server = await startHttpServer(emulator)
  })
  afterAll(() => server.close())

  it('uploads a file and downloads it from a signed URL under the server’s own base', async () => {
    const token = emulator.issueAccessToken()
    const form = new FormData()
    form.append('file', new Blob([new TextEncoder().encode('hello file')], { type: 'text/plain' }), 'note.txt')
    form.append('options', JSON.stringify({ access: 'PRIVATE' }))
    form.append('folderPath', '/botpress')
    const uploaded = await fetch(`${server.url}/files/v3/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    })
    expect(uploaded.status).toBe(201)
    const file = (await uploaded.json()) as { id: string; url: string }
    expect(file.url.startsWith(server.url)).toBe(true)

    const signed = await fetch(`${server.url}/files/v3/files/${file.id}/signed-url`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const { url } = (await signed.json()) as { url: string }
    expect(url.startsWith(`${server.url}/_emulator/files/${file.id}?`)).toBe(true)
    const download = await fetch(url)
    expect(download.status).toBe(200)
    expect(await download.text()).toBe('hello file')
  })

  it('turns an injected network error into a dropped connection', async () => {
    emulator.injectFault({ operation: 'listInboxes', networkError: true })
    const token = emulator.issueAccessToken()
    await expect(
      fetch(`${server.url}/conversations/v3/conversations/inboxes`, { headers: { authorization: `Bearer ${token}` } }),
    ).rejects.toThrow()
    const retried = await fetch(`${server.url}/conversations/v3/conversations/inboxes`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(retried.status).toBe(200)
  })
})
