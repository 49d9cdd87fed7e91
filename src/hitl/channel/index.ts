import * as bp from '.botpress'
import { forwardMessage } from './forward-message'

/** Every message type goes through the same path; the renderer knows each payload. */
export const channels: bp.IntegrationProps['channels'] = {
  hitl: {
    messages: {
      text: forwardMessage,
      image: forwardMessage,
      audio: forwardMessage,
      video: forwardMessage,
      file: forwardMessage,
      bloc: forwardMessage,
    },
  },
}
