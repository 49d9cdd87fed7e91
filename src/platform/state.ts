import { isApiError } from '@botpress/sdk'
import * as bp from '.botpress'

type StateName = keyof bp.TIntegration['states']
type Payload<N extends StateName> = bp.TIntegration['states'][N]['payload']
type StateType<N extends StateName> = bp.TIntegration['states'][N]['type']

/** Reads a state, or undefined when it was never set (the runtime answers 404 ResourceNotFound). */
export async function readState<N extends StateName>(
  client: bp.Client,
  type: StateType<N>,
  id: string,
  name: N,
): Promise<Payload<N> | undefined> {
  try {
    const { state } = await client.getState({ type, id, name } as bp.ClientRequests['getState'])
    return state.payload as Payload<N>
  } catch (thrown) {
    if (isApiError(thrown) && thrown.code === 404) return undefined
    throw thrown
  }
}

export async function writeState<N extends StateName>(
  client: bp.Client,
  type: StateType<N>,
  id: string,
  name: N,
  payload: Payload<N> | null,
): Promise<void> {
  await client.setState({ type, id, name, payload } as bp.ClientRequests['setState'])
}
