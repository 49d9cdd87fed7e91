/**
 * Runs tasks one at a time, in arrival order: the sandbox's state-changing operations (two quick customer
 * messages must reach HubSpot in the order they were typed), and the HITL plugin model's handling of what the
 * runtime hands the bot, one message or event after the other.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve()

  public run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task)
    this.tail = result.catch(() => {})
    return result
  }
}
