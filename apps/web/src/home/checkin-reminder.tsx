/**
 * The check-in rhythm on screen: the "due" card on the home, the next check-in with its
 * reminder switch and calendar file, and the silent runner (on every screen of the space) that
 * shows the OS notification when a check-in comes due while the app is open (and, in the
 * extension's pinned app, hands the next time to the extension: checkin-host.ts). What the
 * reminder can and cannot do is in checkin-notify.ts.
 *
 *   <CheckinReminderRunner workbook={wb} revision={rev} store={store} />   // in the shell
 *   <CheckinDueCard />  <NextCheckinCard next={next} store={store} topics={2} />
 */
import { useContext, useEffect, useState } from 'preact/hooks';
import { CADENCE_LABELS, WEEKDAY_LABELS, checkinCalendar, type Workbook } from '@securebase/model';
import type { LocalStateStore } from '@securebase/sync';
import { routeHash } from '../router.js';
import {
  chooseHostReminders,
  disableCheckinReminders,
  enableCheckinReminders,
  hostRemindersOn,
  lastNotifiedSlot,
  onReminderChoice,
  rememberNotifiedSlot,
  reminderPermission,
  remindersChosen,
  showCheckinNotification,
  type ReminderPermission,
} from './checkin-notify.js';
import { CheckinHostContext } from './checkin-host.js';
import { useCheckinDue, type NextCheckin } from './use-checkin-due.js';

/** Shows one notification per due check-in, when reminders were chosen on this device. */
export function CheckinReminderRunner({ workbook, revision, store }: { workbook: Workbook; revision: number; store: LocalStateStore }) {
  const next = useCheckinDue(workbook, revision);
  const slot = next?.due.due ? next.due.at : undefined;
  const handOff = useContext(CheckinHostContext);
  const hostOn = useHostReminders(store, handOff !== undefined);
  const nextAt = next ? next.due.at : null;
  // Revision 0 is the empty document before the local copy has loaded: it says nothing yet.
  const loaded = revision > 0;
  useEffect(() => {
    // Reminders turned off here: the host is told there is nothing to remind of.
    if (handOff && loaded && hostOn !== undefined) handOff(hostOn ? nextAt : null);
  }, [handOff, nextAt, loaded, hostOn]);
  useEffect(() => {
    if (slot === undefined || reminderPermission() !== 'granted') return;
    let live = true;
    void (async () => {
      if (!(await remindersChosen(store)) || (await lastNotifiedSlot(store)) === slot || !live) return;
      await rememberNotifiedSlot(store, slot);
      await showCheckinNotification();
    })().catch((err: unknown) => console.warn('check-in reminder not shown:', err instanceof Error ? err.name : typeof err));
    return () => {
      live = false;
    };
  }, [slot, store]);
  return null;
}

/** Whether the host reminds from this device (undefined while read, or without a host); follows the switch. */
function useHostReminders(store: LocalStateStore, hosted: boolean): boolean | undefined {
  const [on, setOn] = useState<boolean>();
  useEffect(() => {
    if (!hosted) return;
    let live = true;
    const read = (): void => {
      hostRemindersOn(store).then(
        (value) => live && setOn(value),
        (err: unknown) => console.warn('reminder choice not read:', err instanceof Error ? err.name : typeof err),
      );
    };
    read();
    const stop = onReminderChoice(read);
    return () => {
      live = false;
      stop();
    };
  }, [store, hosted]);
  return on;
}

/** "Sunday at 19:00", "every day at 08:00", in the device's own words for the date. */
function describeNext(next: NextCheckin): string {
  const when = new Date(next.due.at);
  const day = when.toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
  const time = when.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return `${day}, ${time}`;
}

/** The gentle "it is time" card: shown once the check-in has come, until one is started. */
export function CheckinDueCard() {
  return (
    <section class="card home-card home-due" aria-labelledby="home-due-heading">
      <h3 id="home-due-heading">It is time for your check-in</h3>
      <p>Whenever you are both ready today: a few minutes, a rating or two, something you appreciated.</p>
      <a class="button-primary home-action" href={routeHash({ name: 'space', section: 'checkins' })}>
        Start our check-in
      </a>
    </section>
  );
}

/** The next check-in, the reminder switch and the calendar file. */
export function NextCheckinCard({ next, store, topics }: { next: NextCheckin | undefined; store: LocalStateStore; topics: number }) {
  return (
    <section class="card home-card" aria-labelledby="home-next-heading">
      <h3 id="home-next-heading">Next check-in</h3>
      {next ? (
        <>
          <p class="home-next-when">
            {next.due.due ? 'Now' : describeNext(next)}
            <span class="hint">
              {' '}
              · {CADENCE_LABELS[next.rhythm.fields.cadence]}
              {next.rhythm.fields.cadence === 'daily' ? '' : `, ${WEEKDAY_LABELS[next.rhythm.fields.day]}`} at {next.rhythm.fields.time}
            </span>
          </p>
          {topics > 0 && (
            <p>
              <a href={routeHash({ name: 'space', section: 'checkins' })}>
                {topics === 1 ? '1 note waits for it' : `${topics} notes wait for it`}
              </a>
            </p>
          )}
          <ReminderControls store={store} />
          <CalendarLink next={next} />
        </>
      ) : (
        <p>
          You have not agreed a check-in rhythm yet.{' '}
          <a href={routeHash({ name: 'space', section: 'agreements' })}>Agree one in Agreements</a> and it will remind you here.
        </p>
      )}
    </section>
  );
}

function ReminderControls({ store }: { store: LocalStateStore }) {
  const hosted = useContext(CheckinHostContext) !== undefined;
  return hosted ? <HostReminderControls store={store} /> : <BrowserReminderControls store={store} />;
}

/** In the extension: its alarm reminds while the workbook is closed, on until turned off here. */
function HostReminderControls({ store }: { store: LocalStateStore }) {
  const on = useHostReminders(store, true);
  const report = (err: unknown): void => console.warn('reminder choice not saved:', err instanceof Error ? err.name : typeof err);
  if (on === undefined) return null;
  return (
    <div class="home-reminder">
      {on ? (
        <>
          <p>The extension reminds you when it is time, even while the workbook is closed. The reminder says only “Your check-in is due”.</p>
          <button type="button" class="button-quiet" onClick={() => void chooseHostReminders(store, false).catch(report)}>
            Stop reminders on this device
          </button>
        </>
      ) : (
        <>
          <button type="button" class="button-quiet" onClick={() => void chooseHostReminders(store, true).catch(report)}>
            Remind me on this device
          </button>
          <p class="hint">The extension will show a short notification when it is time, even while the workbook is closed.</p>
        </>
      )}
    </div>
  );
}

/** In a browser tab or the installed web app: the site's notification permission, asked first. */
function BrowserReminderControls({ store }: { store: LocalStateStore }) {
  const [permission, setPermission] = useState<ReminderPermission>(reminderPermission);
  const [chosen, setChosen] = useState<boolean>();
  useEffect(() => {
    let live = true;
    remindersChosen(store).then(
      (c) => live && setChosen(c),
      (err: unknown) => console.warn('reminder choice not read:', err instanceof Error ? err.name : typeof err),
    );
    return () => {
      live = false;
    };
  }, [store]);

  if (permission === 'unsupported') return <p class="hint">This browser cannot show reminders: the calendar file below can.</p>;
  if (permission === 'denied') {
    return <p class="hint">Reminders are blocked for this site in the browser’s settings. The calendar file below still works.</p>;
  }
  const on = chosen === true && permission === 'granted';
  const turnOn = async (): Promise<void> => {
    const allowed = await enableCheckinReminders(store);
    setPermission(reminderPermission());
    setChosen(allowed);
  };
  const turnOff = async (): Promise<void> => {
    await disableCheckinReminders(store);
    setChosen(false);
  };
  const report = (err: unknown): void => console.warn('reminder choice not saved:', err instanceof Error ? err.name : typeof err);
  return (
    <div class="home-reminder">
      {on ? (
        <>
          <p>This device will remind you when it is time, while Secure Base is open here.</p>
          <button type="button" class="button-quiet" onClick={() => void turnOff().catch(report)}>
            Stop reminders on this device
          </button>
        </>
      ) : (
        <>
          <button type="button" class="button-quiet" onClick={() => void turnOn().catch(report)}>
            Remind me on this device
          </button>
          <p class="hint">The browser will ask first. Reminders show while Secure Base is open here; the reminder says only “Our check-in”.</p>
        </>
      )}
    </div>
  );
}

function CalendarLink({ next }: { next: NextCheckin }) {
  const [href, setHref] = useState<string>();
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([checkinCalendar(next.rhythm)], { type: 'text/calendar' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [next.rhythm]);
  if (!href) return null;
  return (
    <p>
      <a href={href} download="our-check-in.ics">
        Add to my calendar (.ics)
      </a>{' '}
      <span class="hint">Only “Our check-in” and the time go in.</span>
    </p>
  );
}
