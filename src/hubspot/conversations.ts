import { HubSpotAuth, HubSpotHttp } from './http'
import { collectPages } from './paging'
import * as schemas from './schemas'
import { PathForms, type PathFormsLogger } from './path-forms'

const CONVERSATIONS = '/conversations/v3/conversations'
/** The spec (CONV) puts the assignee operations under this other prefix (docs/hubspot-endpoints.md). */
const ASSIGNEE_THREADS = '/conversations/conversations/v3/threads'
/** Where some of HubSpot's guides write them: tried only when the spec's path is not served (404, or no answer). */
const ASSIGNEE_THREADS_GUIDE = `${CONVERSATIONS}/threads`
/** Enough of a contact's closed threads to find the newest one an agent handled, in one call. */
const CONTACT_THREADS_PAGE = 20

/** Conversations inbox API: inboxes, threads, internal comments and the actors behind messages. */
export class ConversationsApi {
  private readonly _assignee: PathForms

  public constructor(
    private readonly _http: HubSpotHttp,
    private readonly _oauth: HubSpotAuth,
    logger: PathFormsLogger,
  ) {
    this._assignee = new PathForms({
      api: 'thread assignee API',
      preferred: ASSIGNEE_THREADS,
      fallback: ASSIGNEE_THREADS_GUIDE,
      fallbackOn: [404],
      logger,
      // A PUT of the same assignee is safe to repeat on the other path.
      probeUnanswered: true,
    })
  }

  public listInboxes(): Promise<schemas.Inbox[]> {
    return collectPages((after) =>
      this._http.send({
        operation: 'list the inboxes',
        method: 'GET',
        path: `${CONVERSATIONS}/inboxes`,
        auth: this._oauth,
        query: { after, limit: 100 },
        response: schemas.paged(schemas.inbox),
      }),
    )
  }

  public setThreadStatus(threadId: string, status: 'OPEN' | 'CLOSED'): Promise<schemas.Thread> {
    return this._http.send({
      operation: status === 'CLOSED' ? 'close the inbox thread' : 'reopen the inbox thread',
      method: 'PATCH',
      path: `${CONVERSATIONS}/threads/${threadId}`,
      auth: this._oauth,
      json: { status },
      response: schemas.thread,
    })
  }

  /** An internal comment: visible to agents in the thread, never delivered to the customer. */
  public postComment(threadId: string, comment: { text: string; richText?: string }): Promise<schemas.ThreadItem> {
    return this._http.send({
      operation: 'post an internal comment',
      method: 'POST',
      path: `${CONVERSATIONS}/threads/${threadId}/messages`,
      auth: this._oauth,
      json: { type: 'COMMENT', text: comment.text, richText: comment.richText, attachments: [] },
      request: schemas.commentEgg,
      response: schemas.threadItem,
    })
  }

  /** Everything in the thread, oldest first: messages, comments and status changes. */
  public listThreadMessages(threadId: string, options: { archived?: boolean } = {}): Promise<schemas.ThreadItem[]> {
    return collectPages((after) =>
      this._http.send({
        operation: 'read the thread history',
        method: 'GET',
        path: `${CONVERSATIONS}/threads/${threadId}/messages`,
        auth: this._oauth,
        query: { after, limit: 100, sort: 'createdAt', archived: options.archived },
        response: schemas.paged(schemas.threadItem),
      }),
    )
  }

  /**
   * The newest `limit` items of the thread, newest first, in one call; `complete` when they are the whole thread
   * (no further page), so the last of them is the thread's first item.
   */
  public async latestThreadMessages(
    threadId: string,
    limit: number,
  ): Promise<{ items: schemas.ThreadItem[]; complete: boolean }> {
    const page = await this._http.send({
      operation: 'read the latest thread messages',
      method: 'GET',
      path: `${CONVERSATIONS}/threads/${threadId}/messages`,
      auth: this._oauth,
      query: { limit, sort: '-createdAt' },
      response: schemas.paged(schemas.threadItem),
    })
    return { items: page.results, complete: !page.paging?.next?.after }
  }

  /** Assigns the thread to an agent (`A-<userId>`); HubSpot answers the thread. Safe to repeat. */
  public assignThread(threadId: string, actorId: string): Promise<schemas.Thread> {
    return this._assignee.send((base, maxAttempts) =>
      this._http.send({
        operation: `assign the inbox thread to ${actorId}`,
        method: 'PUT',
        path: `${base}/${threadId}/assignee`,
        auth: this._oauth,
        json: { actorId },
        response: schemas.thread,
        maxAttempts,
      }),
    )
  }

  /**
   * A contact's threads of one status, newest first: one page, no paging (the spec requires `threadStatus` with
   * `associatedContactId`, and sorts descending only with it).
   */
  public async listContactThreads(contactId: string, status: 'OPEN' | 'CLOSED'): Promise<schemas.Thread[]> {
    const { results } = await this._http.send({
      operation: "list the contact's inbox threads",
      method: 'GET',
      path: `${CONVERSATIONS}/threads`,
      auth: this._oauth,
      query: { associatedContactId: contactId, threadStatus: status, sort: '-id', limit: CONTACT_THREADS_PAGE },
      response: schemas.paged(schemas.thread),
    })
    return results
  }

  public getActor(actorId: string): Promise<schemas.Actor> {
    return this._http.send({
      operation: 'read the agent profile',
      method: 'GET',
      path: `${CONVERSATIONS}/actors/${actorId}`,
      auth: this._oauth,
      response: schemas.actor,
    })
  }
}
