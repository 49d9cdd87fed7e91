import { HubSpotAuth, HubSpotHttp } from './http'
import * as schemas from './schemas'

/** Where customer media goes: private, so only people with access to the HubSpot account can open it. */
const UPLOAD_FOLDER = '/botpress-hitl'
/** Files attached to conversations are kept a year, the longest HubSpot allows for a TTL. */
const FILE_TTL = 'P1Y'

export class FilesApi {
  public constructor(
    private readonly _http: HubSpotHttp,
    private readonly _oauth: HubSpotAuth,
  ) {}

  public upload(file: { bytes: Uint8Array; name: string; mimeType: string }): Promise<{ id: string }> {
    const form = new FormData()
    form.append('file', new Blob([file.bytes], { type: file.mimeType }), file.name)
    form.append('fileName', file.name)
    form.append('folderPath', UPLOAD_FOLDER)
    form.append('options', JSON.stringify({ access: 'PRIVATE', ttl: FILE_TTL, overwrite: false }))
    return this._http.send({
      operation: 'upload a file',
      method: 'POST',
      path: '/files/v3/files',
      auth: this._oauth,
      multipart: form,
      response: schemas.file,
    })
  }

  /** A time-limited URL for a private file, so the customer can open an agent's attachment. */
  public signedUrl(fileId: string, expirationSeconds = 7 * 24 * 3600): Promise<{ url: string }> {
    return this._http.send({
      operation: 'get a download link for an attachment',
      method: 'GET',
      path: `/files/v3/files/${fileId}/signed-url`,
      auth: this._oauth,
      query: { expirationSeconds },
      response: schemas.signedUrl,
    })
  }
}
