/**
 * The provider's one serial queue: every state change that awaits (loading local state, sealing,
 * persisting, handling a relay frame) runs here, one after another, so none of them interleave.
 * The first task loads local state; if it fails, the failure is reported once and nothing else
 * ever runs (the provider must not sync from a state it could not read).
 *
 *   const queue = new SerialQueue((e) => provider.emit('error', [e]));
 *   queue.start(() => loadLocalState());
 *   queue.enqueue(() => persist());
 *   await queue.idle();
 */
import type { SecureBaseError } from '@securebase/protocol';
import { asSecureBaseError } from './relay-socket.js';

/** Runs tasks strictly one after another; a failing task is reported, never stalls the rest. */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private failedStart: SecureBaseError | undefined;

  private readonly report: (error: SecureBaseError) => void;

  constructor(report: (error: SecureBaseError) => void) {
    this.report = report;
  }

  /** Why loading local state failed, if it did: then every later task is skipped. */
  get startError(): SecureBaseError | undefined {
    return this.failedStart;
  }

  /** Run the first task (loading local state); call once, before any `enqueue`. */
  start(load: () => Promise<void>): void {
    this.tail = load().catch((err: unknown) => {
      this.failedStart = asSecureBaseError(err);
      this.report(this.failedStart);
    });
  }

  /** Run `task` after everything queued so far. */
  enqueue(task: () => void | Promise<void>): void {
    this.tail = this.tail.then(async () => {
      if (this.failedStart) return;
      try {
        await task();
      } catch (err) {
        // A failing store or a bug must surface, not silently stall the queue.
        this.report(asSecureBaseError(err));
      }
    });
  }

  /** Resolves once everything queued so far has run. */
  idle(): Promise<void> {
    return this.tail;
  }
}
