/**
 * Property values: HubSpot's checks on writes (names, types, options, pipelines, owners, lengths) and the values
 * HubSpot computes on reads (ids, dates, normalized phone numbers). Every bad property is reported at once, in
 * HubSpot's "Property values were not valid" form with `errors[].in` naming the property.
 */
import { type CountryCode, getCountries, parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js'
import { validationError, type HubSpotError } from '../errors'
import { EMAIL_PATTERN, isIsoDateTime } from '../validation'
import { CREATED, LAST_MODIFIED, MAX_STRING_LENGTH, REQUIRED_ON_CREATE } from './schema'
import type { CrmStore, PortalCrm } from './state'
import type { CrmObjectType, CrmRecord, Pipeline, PropertyDefinition } from './types'

export type PropertyIssue = { name: string; error: string; message: string }

export function propertyValidationError(issues: PropertyIssue[]): HubSpotError {
  const results = issues.map((issue) => ({
    isValid: false,
    message: issue.message,
    error: issue.error,
    name: issue.name,
    localizedErrorMessage: issue.message,
  }))
  return validationError(`Property values were not valid: ${JSON.stringify(results)}`, {
    errors: issues.map((issue) => ({
      message: issue.message,
      code: issue.error,
      in: issue.name,
      context: { propertyName: [issue.name] },
    })),
  })
}

/** Which property holds the pipeline / stage, for the object types that have pipelines. */
export const PIPELINE_PROPERTIES: Partial<Record<CrmObjectType, { pipeline: string; stage: string }>> = {
  tickets: { pipeline: 'hs_pipeline', stage: 'hs_pipeline_stage' },
  deals: { pipeline: 'pipeline', stage: 'dealstage' },
}

const NUMBER = /^-?\d+(\.\d+)?$/
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

/** HubSpot accepts epoch milliseconds or ISO 8601 for datetimes and answers ISO; undefined when unreadable. */
export function normalizeDatetime(value: string): string | undefined {
  if (/^\d{1,15}$/.test(value)) return new Date(Number(value)).toISOString()
  if (isIsoDateTime(value) || DATE_ONLY.test(value)) {
    const parsed = Date.parse(value)
    if (!Number.isNaN(parsed)) return new Date(parsed).toISOString()
  }
  return undefined
}

type CheckContext = { crm: CrmStore; portal: PortalCrm; type: CrmObjectType; existing?: CrmRecord }

/** One value, by the definition's type; returns the stored form or an issue. */
function checkValue(ctx: CheckContext, definition: PropertyDefinition, value: string): string | PropertyIssue {
  const { name } = definition
  const issue = (error: string, message: string): PropertyIssue => ({ name, error, message })
  if (value.length > MAX_STRING_LENGTH)
    return issue('VALUE_TOO_LONG', `${name} is ${value.length} characters long; the maximum is ${MAX_STRING_LENGTH}`)
  if (name === 'hubspot_owner_id') {
    if (ctx.portal.owners.some((owner) => owner.id === value && !owner.archived)) return value
    return issue('INVALID_OWNER_ID', `${value} is not a valid owner id`)
  }
  switch (definition.type) {
    case 'number':
      return NUMBER.test(value) ? value : issue('INVALID_NUMBER', `${value} is not a valid number`)
    case 'bool':
      return value === 'true' || value === 'false' ? value : issue('INVALID_BOOLEAN', `${value} is not true or false`)
    case 'datetime':
    case 'date':
      return normalizeDatetime(value) ?? issue('INVALID_DATE', `${value} is not a valid date (epoch ms or ISO 8601)`)
    case 'enumeration': {
      if (definition.externalOptions) return value
      const allowed = (definition.options ?? []).map((option) => option.value)
      if (allowed.includes(value)) return value
      return issue('INVALID_OPTION', `${value} was not one of the allowed options: [${allowed.join(', ')}]`)
    }
    case 'string':
      if (ctx.type === 'contacts' && name === 'email') {
        // HubSpot stores contact emails lower-cased (the de-duplication key).
        const email = value.trim().toLowerCase()
        return EMAIL_PATTERN.test(email) ? email : issue('INVALID_EMAIL', `Email address ${value} is invalid`)
      }
      return value
  }
}

function defaultPipeline(pipelines: Pipeline[]): Pipeline | undefined {
  return [...pipelines].filter((pipeline) => !pipeline.archived).sort((a, b) => a.displayOrder - b.displayOrder)[0]
}

/**
 * Stage ids are only valid inside their pipeline (hubspot-facts.md §9). A create without a pipeline gets the default one
 * (lowest displayOrder); an update checks the stage against the new or the current pipeline.
 */
function checkPipeline(ctx: CheckContext, values: Record<string, string | null>, issues: PropertyIssue[]): void {
  const names = PIPELINE_PROPERTIES[ctx.type]
  if (!names) return
  const pipelines = ctx.portal.pipelines[ctx.type as 'tickets' | 'deals']
  if (values[names.pipeline] === null) issues.push(required(names.pipeline))
  if (values[names.stage] === null) issues.push(required(names.stage))
  const pipelineId = values[names.pipeline] ?? ctx.existing?.properties[names.pipeline]
  const pipeline =
    pipelineId === undefined
      ? defaultPipeline(pipelines)
      : pipelines.find((candidate) => candidate.id === pipelineId && !candidate.archived)
  if (!pipeline) {
    if (pipelineId !== undefined && pipelineId !== null)
      issues.push({
        name: names.pipeline,
        error: 'INVALID_OPTION',
        message: `${pipelineId} was not one of the allowed options: [${pipelines.map((p) => p.id).join(', ')}]`,
      })
    return
  }
  if (!ctx.existing && values[names.pipeline] === undefined) values[names.pipeline] = pipeline.id
  const stageId = values[names.stage] ?? ctx.existing?.properties[names.stage]
  if (stageId === undefined || stageId === null) return
  const stageIds = pipeline.stages.filter((stage) => !stage.archived).map((stage) => stage.id)
  if (!stageIds.includes(stageId))
    issues.push({
      name: names.stage,
      error: 'INVALID_OPTION',
      message: `${stageId} was not one of the allowed options for pipeline ${pipeline.id}: [${stageIds.join(', ')}]`,
    })
}

const required = (name: string): PropertyIssue => ({
  name,
  error: 'REQUIRED_PROPERTY',
  message: `Property "${name}" is required`,
})

/**
 * Checks a `properties` input for a create (no `existing`) or an update. Returns the stored form of each value;
 * null means "clear" (HubSpot clears a property set to an empty string).
 */
export function checkProperties(ctx: CheckContext, input: Record<string, unknown>): Record<string, string | null> {
  const issues: PropertyIssue[] = []
  const values: Record<string, string | null> = {}
  for (const [name, raw] of Object.entries(input)) {
    const definition = ctx.crm.property(ctx.portal, ctx.type, name)
    if (!definition) {
      issues.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` })
      continue
    }
    if (definition.readOnlyValue) {
      issues.push({ name, error: 'READ_ONLY_VALUE', message: `Property "${name}" is read-only` })
      continue
    }
    if (raw === null || raw === '') {
      values[name] = null
      continue
    }
    // HubSpot's JSON reader takes numbers and booleans for string-valued properties.
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      issues.push({ name, error: 'INVALID_PROPERTY_VALUE', message: `Property "${name}" must be a string` })
      continue
    }
    const checked = checkValue(ctx, definition, String(raw))
    if (typeof checked === 'string') values[name] = checked
    else issues.push(checked)
  }
  if (!ctx.existing)
    for (const name of REQUIRED_ON_CREATE[ctx.type])
      if (values[name] === undefined && !issues.some((issue) => issue.name === name)) issues.push(required(name))
  checkPipeline(ctx, values, issues)
  if (issues.length > 0) throw propertyValidationError(issues)
  return values
}

/** Our assumption for a contact without a readable country: the account's default country, US here. */
const DEFAULT_PHONE_COUNTRY: CountryCode = 'US'

const COUNTRY_NAMES = new Intl.DisplayNames(['en'], { type: 'region' })
/** Contact `country` values we read: an ISO 3166 alpha-2 code or the English name, in any case. */
const COUNTRY_BY_NAME = new Map<string, CountryCode>(
  getCountries().flatMap((code) => [
    [code.toLowerCase(), code],
    [(COUNTRY_NAMES.of(code) ?? code).toLowerCase(), code],
  ]),
)

/**
 * A stored number as HubSpot's calculated phone properties read it: international as typed, national in the
 * contact's country; undefined unless it is a valid number there.
 */
function readPhone(text: string | undefined, country: CountryCode): PhoneNumber | undefined {
  if (!text) return undefined
  const parsed = parsePhoneNumberFromString(text, country)
  return parsed?.isValid() ? parsed : undefined
}

/**
 * HubSpot's calculated phone properties, derived from `phone` (else `mobilephone`) and `mobilephone`: E.164 in
 * `hs_calculated_*`, the national number without country code in `hs_searchable_calculated_*`.
 */
function calculatedPhones(properties: Record<string, string>): Record<string, string | undefined> {
  const country = COUNTRY_BY_NAME.get((properties.country ?? '').trim().toLowerCase()) ?? DEFAULT_PHONE_COUNTRY
  const mobile = readPhone(properties.mobilephone, country)
  const phone = readPhone(properties.phone, country) ?? mobile
  return {
    hs_calculated_phone_number: phone?.number,
    hs_calculated_mobile_number: mobile?.number,
    hs_searchable_calculated_phone_number: phone?.nationalNumber,
    hs_searchable_calculated_mobile_number: mobile?.nationalNumber,
  }
}

/** Every value of a record as HubSpot reads it: what was set plus ids, dates and calculated phone numbers. */
export function recordValues(record: CrmRecord): Record<string, string> {
  const values: Record<string, string> = {
    ...record.properties,
    hs_object_id: record.id,
    [CREATED[record.type]]: record.createdAt,
    [LAST_MODIFIED[record.type]]: record.updatedAt,
  }
  if (record.type === 'contacts')
    for (const [name, value] of Object.entries(calculatedPhones(record.properties)))
      if (value !== undefined) values[name] = value
  return values
}
