/** Tags are how later operations find what startHitl created, without any extra API read. */
export const user = {
  tags: {
    identity: {
      title: 'Identity',
      description:
        'How HubSpot knows this user: email:<address>, phone:<E.164> or visitor:<id> for customers, agent:<actor id> for agents',
    },
    kind: { title: 'Kind', description: 'customer or agent' },
    email: { title: 'Email', description: 'Email address of the customer or agent' },
    phone: { title: 'Phone', description: 'Phone number of the customer, E.164' },
    hubspotActorId: { title: 'HubSpot actor ID', description: 'Actor id (A-<userId>) of a HubSpot agent' },
    hubspotContactId: { title: 'HubSpot contact ID', description: 'The HubSpot contact this customer was matched to' },
    profileReadAt: {
      title: 'Profile read at',
      description: "When an agent's name, avatar and email were read from HubSpot (ISO time); they are read once",
    },
  },
}

export const hitlConversationTags = {
  threadId: { title: 'HubSpot thread ID', description: 'Conversations thread id in the HubSpot inbox' },
  integrationThreadId: {
    title: 'Integration thread ID',
    description: 'Thread id this integration publishes with, one per session',
  },
  channelId: { title: 'Channel ID', description: 'HubSpot custom channel the session publishes through' },
  channelAccountId: { title: 'Channel account ID', description: 'Channel account (inbox connection) of the session' },
  inboxId: { title: 'Inbox ID', description: 'HubSpot inbox or help desk of the session' },
  requestKey: {
    title: 'Request key',
    description:
      'Hash of the startHitl input that opened this session: a retry of the same call finds the session instead of opening another',
  },
  handedOverAt: {
    title: 'Handed over at',
    description:
      'When startHitl finished (ISO time); until shortly after, the HITL plugin may not have activated the session yet',
  },
  activeSeenAt: {
    title: 'Seen active at',
    description:
      'When the HITL plugin was first seen to have activated the session (ISO time): it relayed a customer message, or its link tag was seen',
  },
  customerUserId: { title: 'Customer user ID', description: 'Botpress user that stands for the customer' },
  customerIdentity: {
    title: 'Customer identity',
    description: 'How HubSpot knows the customer (email:, phone: or visitor:), the sender of their messages',
  },
  customerName: { title: 'Customer name', description: 'Display name of the customer in the HubSpot inbox' },
  open: { title: 'Open', description: "'true' while the session is open, 'false' once either side ended it" },
  contactId: { title: 'HubSpot contact ID', description: 'Contact linked to the session, if any' },
  ticketId: { title: 'HubSpot ticket ID', description: 'Ticket opened for the session, if any' },
  assignedActorId: {
    title: 'Assigned agent',
    description: 'HubSpot actor id (A-<userId>) of the agent the thread is assigned to, once the bot was told',
  },
  knownAgentUserId: {
    title: 'Agent the plugin knows',
    description:
      'Botpress user of the agent the HITL plugin took for this session: the last one announced, or the first whose reply was relayed',
  },
  pendingAgentUserId: {
    title: 'Pending assignment',
    description:
      'Botpress user of an agent assigned before the HITL plugin could take it; announced on the first sign the session is active',
  },
  ticketReference: {
    title: 'Ticket reference',
    description:
      'Random reference the session gives its ticket, written into the ticket: a retry whose first attempt created the ticket but could not record its id finds it by this reference instead of opening a second one',
  },
  handoffNoteId: {
    title: 'Handoff note ID',
    description:
      'Id of the internal comment with the handoff note, once posted, so a retry neither skips nor repeats it',
  },
  assignedToEvent: {
    title: 'Last assignment event',
    description:
      'occurredAt:eventId of the newest assignedTo app event applied or held: an older or repeated one changes nothing',
  },
  statusEvent: {
    title: 'Last status event',
    description: 'occurredAt:eventId of the newest status change that reopened the thread: an older close is stale',
  },
  isArchivedEvent: {
    title: 'Last restore event',
    description: 'occurredAt:eventId of the newest restore of the thread: an older archiving is stale',
  },
  ticketPipelineId: {
    title: 'Ticket pipeline ID',
    description: 'Pipeline of that ticket, to close it in its closed stage',
  },
  assistMode: {
    title: 'Assist mode',
    description:
      "'true' when the bot is told of each customer message of this session (event customerMessageRelayed), decided at startHitl",
  },
  routedTo: {
    title: 'Routed to',
    description:
      "Outcome of routing the thread at handoff: the actor id (A-<userId>) the integration assigned it to, or 'inbox' when HubSpot's own routing was left to choose; set once, so a retried startHitl does not assign again",
  },
  identityVerified: {
    title: 'Identity verified',
    description:
      "'true' when the flow marked the customer's email or phone as verified, 'false' when it was typed and not verified",
  },
  claimedIdentity: {
    title: 'Claimed identity',
    description:
      'The email: or phone: the customer typed, when the session opened without linking a contact because it was not verified (the sender is then an anonymous visitor)',
  },
  ticketProperties: {
    title: 'Ticket properties',
    description:
      'Latest values of the followed ticket properties a HubSpot user changed, as JSON: {"<property>": {"value": "<new value>", "at": "<occurredAt>:<eventId>"}}; an older or repeated change event changes nothing',
  },
}

export const hitlMessageTags = {
  hubspotMessageId: { title: 'HubSpot message ID', description: 'Id of the message in the HubSpot thread' },
  hubspotFileIds: {
    title: 'HubSpot file IDs',
    description:
      "Ids of the files this message's media were uploaded as (comma-separated), so a retried send attaches them instead of uploading again",
  },
}
