/**
 * The idle timer on a plain EventTarget with fake timers: it fires after the timeout, activity
 * restarts it, and stopping clears both the timer and the listeners.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTIVITY_EVENTS, watchIdle } from '@securebase/browser';

describe('watchIdle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls back once after the timeout without activity', () => {
    let idle = 0;
    const stop = watchIdle(new EventTarget(), 1_000, () => (idle += 1));
    vi.advanceTimersByTime(999);
    expect(idle).toBe(0);
    vi.advanceTimersByTime(1);
    expect(idle).toBe(1);
    vi.advanceTimersByTime(10_000);
    expect(idle).toBe(1);
    stop();
  });

  it.each(ACTIVITY_EVENTS)('%s restarts the timer', (name) => {
    const target = new EventTarget();
    let idle = 0;
    const stop = watchIdle(target, 1_000, () => (idle += 1));
    vi.advanceTimersByTime(900);
    target.dispatchEvent(new Event(name));
    vi.advanceTimersByTime(900);
    expect(idle).toBe(0);
    vi.advanceTimersByTime(100);
    expect(idle).toBe(1);
    stop();
  });

  it('other events do not count as activity', () => {
    const target = new EventTarget();
    let idle = 0;
    const stop = watchIdle(target, 1_000, () => (idle += 1));
    vi.advanceTimersByTime(900);
    target.dispatchEvent(new Event('focus'));
    vi.advanceTimersByTime(100);
    expect(idle).toBe(1);
    stop();
  });

  it('stop clears the timer and the activity listeners', () => {
    const target = new EventTarget();
    let idle = 0;
    const stop = watchIdle(target, 1_000, () => (idle += 1));
    stop();
    target.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(5_000);
    expect(idle).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
