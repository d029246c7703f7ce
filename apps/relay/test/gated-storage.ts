/**
 * Storage whose answers a test can hold back: the delays of a real database, made exact. A gate
 * catches the next call of one method that matches a predicate and holds it, either before it
 * reaches the storage ('before': it then sees everything committed meanwhile) or after (its
 * answer is already read, and arrives late). Everything else passes straight through.
 *
 *   const gated = gatedStorage(openMemoryRelayStorage());
 *   const gate = gated.hold('headSeq', 'before');
 *   await gate.reached;   // the call is waiting now
 *   gate.release();       // …and goes on
 */
import type { RelayStorage } from '../src/storage/types.js';

export interface Gate {
  /** Resolves once a matching call is being held. */
  reached: Promise<void>;
  /** Let the held call go on. */
  release(): void;
}

type Method = keyof RelayStorage;

interface Armed {
  method: Method;
  when: 'before' | 'after';
  matches: (args: unknown[]) => boolean;
  arrived: () => void;
  released: Promise<void>;
}

export interface GatedStorage {
  storage: RelayStorage;
  /** Hold the next call of `method` whose arguments match. */
  hold(method: Method, when: 'before' | 'after', matches?: (args: unknown[]) => boolean): Gate;
  /** How many times `method` has been called. */
  calls(method: Method): number;
}

export function gatedStorage(inner: RelayStorage): GatedStorage {
  const armed: Armed[] = [];
  const counts = new Map<Method, number>();
  const storage = { ...inner };
  for (const method of Object.keys(inner) as Method[]) {
    const call = inner[method] as (...args: unknown[]) => Promise<unknown>;
    (storage as Record<Method, (...args: unknown[]) => Promise<unknown>>)[method] = async (...args: unknown[]) => {
      counts.set(method, (counts.get(method) ?? 0) + 1);
      const index = armed.findIndex((gate) => gate.method === method && gate.matches(args));
      const gate = index >= 0 ? armed.splice(index, 1)[0] : undefined;
      if (!gate) return call(...args);
      gate.arrived();
      if (gate.when === 'before') {
        await gate.released;
        return call(...args);
      }
      const answer = await call(...args);
      await gate.released;
      return answer;
    };
  }
  return {
    storage,
    hold(method, when, matches = () => true) {
      let arrived = (): void => undefined;
      let release = (): void => undefined;
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      armed.push({ method, when, matches, arrived, released });
      return { reached, release };
    },
    calls: (method) => counts.get(method) ?? 0,
  };
}
