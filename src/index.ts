import * as bp from '.botpress'
import { getContactContext } from './actions/get-contact-context'
import { postInternalNote } from './actions/post-internal-note'
import { searchContacts } from './actions/search-contacts'
import { withReadConfiguration } from './config/configuration'
import { channels } from './hitl/channel'
import { createUser } from './hitl/create-user'
import { startHitl } from './hitl/start-hitl'
import { stopHitl } from './hitl/stop-hitl'
import { withValidatedInputs } from './config/input-validation'
import { register } from './setup/register'
import { unregister } from './setup/unregister'
import { handler } from './webhook'

export default new bp.Integration(
  withReadConfiguration({
    register,
    unregister,
    handler,
    actions: withValidatedInputs({
      createUser,
      startHitl,
      stopHitl,
      getContactContext,
      searchContacts,
      postInternalNote,
    }),
    channels,
  }),
)
