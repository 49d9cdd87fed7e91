import { z } from '@botpress/sdk'

const recordUrl = z.string().title('HubSpot URL').describe('Link to the record in HubSpot')

const contactSummary = z.object({
  id: z.string().title('Contact ID').describe('HubSpot contact id'),
  name: z.string().title('Name').describe('First and last name'),
  email: z.string().optional().title('Email').describe('Primary email'),
  phone: z.string().optional().title('Phone').describe('Phone or mobile phone'),
  url: recordUrl,
})

/** CRM context for bots and AI agents: visible in Studio, callable as tools. */
export const actions = {
  getContactContext: {
    title: 'Get HubSpot contact context',
    description:
      'Look up a customer in HubSpot by email, phone or contact id, or the customer of a handoff by its conversation, and return their contact record, company, deals and previous tickets, and whether their identity was verified',
    input: {
      schema: z.object({
        email: z.string().optional().title('Email').describe('Email of the customer'),
        phone: z.string().optional().title('Phone').describe('Phone of the customer, international form preferred'),
        contactId: z.string().optional().title('Contact ID').describe('HubSpot contact id, if known'),
        conversationId: z
          .string()
          .optional()
          .title('Conversation ID')
          .describe(
            'The HITL conversation returned by Start HITL: looks up the customer of that handoff as it was opened (instead of an email, phone or contact id) and tells whether the flow verified their identity',
          ),
      }),
    },
    output: {
      schema: z.object({
        found: z.boolean().title('Found').describe('Whether a contact matched'),
        contact: z
          .object({
            id: z.string().title('Contact ID').describe('HubSpot contact id'),
            name: z.string().title('Name').describe('First and last name'),
            email: z.string().optional().title('Email').describe('Primary email'),
            phones: z.array(z.string()).title('Phones').describe('Phone and mobile phone'),
            lifecycleStage: z.string().optional().title('Lifecycle stage').describe('Lifecycle stage, e.g. customer'),
            owner: z
              .object({
                name: z.string().title('Name').describe('Owner name'),
                email: z.string().optional().title('Email').describe('Owner email'),
              })
              .optional()
              .title('Owner')
              .describe('Contact owner'),
          })
          .optional()
          .title('Contact')
          .describe('The contact record'),
        company: z
          .object({
            name: z.string().optional().title('Name').describe('Company name'),
            domain: z.string().optional().title('Domain').describe('Company domain'),
            industry: z.string().optional().title('Industry').describe('Industry'),
            size: z.string().optional().title('Size').describe('Number of employees'),
          })
          .optional()
          .title('Company')
          .describe('Primary company of the contact'),
        deals: z
          .array(
            z.object({
              name: z.string().title('Name').describe('Deal name'),
              stage: z.string().optional().title('Stage').describe('Deal stage label'),
              amount: z.string().optional().title('Amount').describe('Deal amount'),
              closeDate: z.string().optional().title('Close date').describe('Expected or actual close date'),
            }),
          )
          .optional()
          .title('Deals')
          .describe('Deals of the contact, open and closed'),
        tickets: z
          .array(
            z.object({
              subject: z.string().title('Subject').describe('Ticket subject'),
              stage: z.string().optional().title('Stage').describe('Ticket stage label'),
              createdAt: z.string().optional().title('Created').describe('When the ticket was created'),
            }),
          )
          .optional()
          .title('Tickets')
          .describe('Previous tickets of the contact'),
        url: recordUrl.optional(),
        identityVerified: z
          .boolean()
          .title('Identity verified')
          .describe(
            "Whether the handoff's flow verified the customer's email or phone (Identity verified on the Start HITL card). Only a lookup by conversationId can tell: a lookup by email, phone or contact id answers false, since nothing says who typed them",
          ),
        claimedIdentity: z
          .object({
            email: z.string().optional().title('Email').describe('The email the customer typed'),
            phone: z.string().optional().title('Phone').describe('The phone number the customer typed'),
          })
          .optional()
          .title('Claimed identity')
          .describe(
            'The unverified email or phone of a handoff opened without linking a contact (Link unverified contacts off): a claim, not looked up',
          ),
      }),
    },
  },
  searchContacts: {
    title: 'Search HubSpot contacts',
    description: 'Search HubSpot contacts by name, email or phone; returns at most 5',
    input: {
      schema: z.object({
        query: z.string().min(1).title('Query').describe('Name, email or phone to look for'),
      }),
    },
    output: {
      schema: z.object({
        contacts: z.array(contactSummary).title('Contacts').describe('Matching contacts, at most 5'),
      }),
    },
  },
  postInternalNote: {
    title: 'Post an internal note for the agent',
    description:
      'Post an internal comment in the HubSpot thread of a handoff: the human agent sees it, the customer never does (assist mode)',
    input: {
      schema: z.object({
        conversationId: z.string().title('Conversation ID').describe('The HITL conversation returned by Start HITL'),
        text: z.string().min(1).title('Text').describe('The note, e.g. a suggested reply'),
        suggestion: z
          .boolean()
          .optional()
          .title('Suggested reply')
          .describe(
            'Mark the note as a reply the bot suggests: shown under a "Suggested reply (from the bot)" heading, its text read as markdown. Still never sent to the customer',
          ),
      }),
    },
    output: { schema: z.object({}) },
  },
}
