/**
 * Runs state-changing sandbox operations one at a time, in arrival order, as a single chat and a single inbox
 * would: two quick customer messages must reach HubSpot in the order they were typed.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve()

  public run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task)
    this.tail = result.catch(() => {})
    return result
  }
}
