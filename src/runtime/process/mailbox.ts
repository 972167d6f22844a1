/** A sender waiting for room in a full mailbox. */
export interface BlockedSender {
  readonly message: unknown;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  readonly signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** Returned by {@link Mailbox.take} when no message matches. */
export const NO_MESSAGE: unique symbol = Symbol('no message');

/**
 * A bounded FIFO of messages with selective take. Storage is an array read from a moving head, compacted
 * once the dead prefix dominates, so `shift` is O(1) amortized; a process never sent anything holds no array.
 */
export class Mailbox {
  readonly capacity: number;
  readonly failWhenFull: boolean;
  private items: unknown[] | undefined = undefined;
  private head = 0;
  /** Senders waiting for room, oldest first. */
  blocked: BlockedSender[] | undefined = undefined;

  constructor(capacity: number, failWhenFull: boolean) {
    this.capacity = capacity;
    this.failWhenFull = failWhenFull;
  }

  get size(): number {
    return this.items === undefined ? 0 : this.items.length - this.head;
  }

  get full(): boolean {
    return this.size >= this.capacity;
  }

  push(message: unknown): void {
    if (this.items === undefined) this.items = [message];
    else this.items.push(message);
  }

  /** The oldest message, or NO_MESSAGE. */
  shift(): unknown {
    const items = this.items;
    if (items === undefined || this.head === items.length) return NO_MESSAGE;
    const message = items[this.head];
    items[this.head] = undefined;
    this.head++;
    this.compact(items);
    return message;
  }

  /** Removes and returns the oldest message that matches, or NO_MESSAGE. */
  take(match: (message: unknown) => boolean): unknown {
    const items = this.items;
    if (items === undefined) return NO_MESSAGE;
    for (let index = this.head; index < items.length; index++) {
      const message = items[index];
      if (!match(message)) continue;
      if (index === this.head) return this.shift();
      items.splice(index, 1);
      this.compact(items);
      return message;
    }
    return NO_MESSAGE;
  }

  /** Drops every message and returns them (to fail pending calls, say). */
  drain(): unknown[] {
    const items = this.items;
    this.items = undefined;
    const head = this.head;
    this.head = 0;
    return items === undefined ? [] : items.slice(head);
  }

  private compact(items: unknown[]): void {
    if (this.head === items.length) {
      // Keep the emptied array: a mailbox that sees one message at a time would otherwise allocate one per message.
      items.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= items.length) {
      items.splice(0, this.head);
      this.head = 0;
    }
  }
}
