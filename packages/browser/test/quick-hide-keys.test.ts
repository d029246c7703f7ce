/**
 * The quick-hide key gesture on a plain EventTarget with a hand-driven clock: double Escape,
 * Shift+Escape, what breaks a pair, the first Escape after "page load", and unsubscribing.
 */
import { describe, expect, it } from 'vitest';
import { DOUBLE_ESCAPE_MS, watchQuickHideKeys } from '@securebase/browser';

function key(target: EventTarget, name: string, shiftKey = false): Event {
  const event = Object.assign(new Event('keydown', { cancelable: true }), { key: name, shiftKey });
  target.dispatchEvent(event);
  return event;
}

function setup(startAt = 0) {
  const target = new EventTarget();
  const clock = { now: startAt };
  let hides = 0;
  const stop = watchQuickHideKeys(target, () => (hides += 1), { now: () => clock.now });
  return { target, clock, stop, hides: () => hides };
}

describe('watchQuickHideKeys', () => {
  it('hides on two Escapes within the window and cancels the second key', () => {
    const { target, clock, hides } = setup(10_000);
    expect(key(target, 'Escape').defaultPrevented).toBe(false);
    expect(hides()).toBe(0);
    clock.now += DOUBLE_ESCAPE_MS - 1;
    expect(key(target, 'Escape').defaultPrevented).toBe(true);
    expect(hides()).toBe(1);
  });

  it('hides on Shift+Escape alone', () => {
    const { target, hides } = setup();
    expect(key(target, 'Escape', true).defaultPrevented).toBe(true);
    expect(hides()).toBe(1);
  });

  it('does not take a single Escape at the very start of the page for a pair', () => {
    // The clock starts at 0 like performance.now() at page load; a 0 start would fire here.
    const { target, hides } = setup(0);
    key(target, 'Escape');
    expect(hides()).toBe(0);
  });

  it('does not pair Escapes that are too far apart', () => {
    const { target, clock, hides } = setup(5_000);
    key(target, 'Escape');
    clock.now += DOUBLE_ESCAPE_MS;
    key(target, 'Escape');
    expect(hides()).toBe(0);
    clock.now += 10;
    key(target, 'Escape');
    expect(hides()).toBe(1);
  });

  it('a key or a pointer press in between breaks the pair', () => {
    const { target, clock, hides } = setup(5_000);
    key(target, 'Escape');
    key(target, 'a');
    clock.now += 10;
    key(target, 'Escape');
    expect(hides()).toBe(0);
    target.dispatchEvent(new Event('pointerdown'));
    clock.now += 10;
    key(target, 'Escape');
    expect(hides()).toBe(0);
  });

  it('starts a fresh pair after hiding, and stops listening once unsubscribed', () => {
    const { target, clock, stop, hides } = setup(5_000);
    key(target, 'Escape');
    key(target, 'Escape');
    key(target, 'Escape');
    expect(hides()).toBe(1);
    stop();
    clock.now += 10;
    key(target, 'Escape', true);
    expect(hides()).toBe(1);
  });
});
