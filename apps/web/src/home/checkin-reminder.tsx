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
import { checkinCalendar, type Workbook } from '@securebase/model';
import type { Language } from '@securebase/i18n';
import { Words, slots, useI18n } from '../i18n.js';
import type { LocalStateStore } from '@securebase/sync';
import { routeHash } from '../router.js';
import { CADENCE_LABELS, weekdayName } from '../sections/section-labels.js';
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
  const { t } = useI18n();
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
      await showCheckinNotification(t);
    })().catch((err: unknown) => console.warn('check-in reminder not shown:', err instanceof Error ? err.name : typeof err));
    return () => {
      live = false;
    };
  }, [slot, store, t]);
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

/** "Sunday, 7 December, 19:00", in this person's language. */
function describeNext(next: NextCheckin, language: Language): string {
  const when = new Date(next.due.at);
  const day = when.toLocaleDateString(language, { weekday: 'long', day: 'numeric', month: 'long' });
  const time = when.toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' });
  return `${day}, ${time}`;
}


/** The gentle "it is time" card: shown once the check-in has come, until one is started. */
export function CheckinDueCard() {
  const { t } = useI18n();
  return (
    <section class="card home-card home-due" aria-labelledby="home-due-heading">
      <h3 id="home-due-heading">{t('home.dueHeading')}</h3>
      <p>{t('home.dueText')}</p>
      <a class="button-primary home-action" href={routeHash({ name: 'space', section: 'checkins' })}>
        {t('home.dueStart')}
      </a>
    </section>
  );
}

/** The next check-in, the reminder switch and the calendar file. */
export function NextCheckinCard({ next, store, topics }: { next: NextCheckin | undefined; store: LocalStateStore; topics: number }) {
  const { t, language } = useI18n();
  return (
    <section class="card home-card" aria-labelledby="home-next-heading">
      <h3 id="home-next-heading">{t('home.nextHeading')}</h3>
      {next ? (
        <>
          <p class="home-next-when">
            {next.due.due ? t('home.now') : describeNext(next, language)}
            <span class="hint">
              {' '}
              ·{' '}
              {next.rhythm.fields.cadence === 'daily'
                ? t('home.rhythmAt', { cadence: t(CADENCE_LABELS.daily), time: next.rhythm.fields.time })
                : t('home.rhythmDayAt', {
                    cadence: t(CADENCE_LABELS[next.rhythm.fields.cadence]),
                    day: weekdayName(next.rhythm.fields.day, language),
                    time: next.rhythm.fields.time,
                  })}
            </span>
          </p>
          {topics > 0 && (
            <p>
              <a href={routeHash({ name: 'space', section: 'checkins' })}>
                {t('home.topicsWaiting', { count: topics })}
              </a>
            </p>
          )}
          <ReminderControls store={store} />
          <CalendarLink next={next} />
        </>
      ) : (
        <p>
          <Words
            text={t('home.noRhythm', slots('link'))}
            parts={{ link: <a href={routeHash({ name: 'space', section: 'agreements' })}>{t('home.noRhythmLink')}</a> }}
          />
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
  const { t } = useI18n();
  const report = (err: unknown): void => console.warn('reminder choice not saved:', err instanceof Error ? err.name : typeof err);
  if (on === undefined) return null;
  return (
    <div class="home-reminder">
      {on ? (
        <>
          <p>{t('home.hostOn')}</p>
          <button type="button" class="button-quiet" onClick={() => void chooseHostReminders(store, false).catch(report)}>
            {t('home.remindStop')}
          </button>
        </>
      ) : (
        <>
          <button type="button" class="button-quiet" onClick={() => void chooseHostReminders(store, true).catch(report)}>
            {t('home.remindMe')}
          </button>
          <p class="hint">{t('home.hostOff')}</p>
        </>
      )}
    </div>
  );
}

/** In a browser tab or the installed web app: the site's notification permission, asked first. */
function BrowserReminderControls({ store }: { store: LocalStateStore }) {
  const [permission, setPermission] = useState<ReminderPermission>(reminderPermission);
  const [chosen, setChosen] = useState<boolean>();
  const { t } = useI18n();
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

  if (permission === 'unsupported') return <p class="hint">{t('home.remindUnsupported')}</p>;
  if (permission === 'denied') {
    return <p class="hint">{t('home.remindBlocked')}</p>;
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
          <p>{t('home.browserOn')}</p>
          <button type="button" class="button-quiet" onClick={() => void turnOff().catch(report)}>
            {t('home.remindStop')}
          </button>
        </>
      ) : (
        <>
          <button type="button" class="button-quiet" onClick={() => void turnOn().catch(report)}>
            {t('home.remindMe')}
          </button>
          <p class="hint">{t('home.browserOff')}</p>
        </>
      )}
    </div>
  );
}

function CalendarLink({ next }: { next: NextCheckin }) {
  const [href, setHref] = useState<string>();
  const { t } = useI18n();
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([checkinCalendar(next.rhythm, { title: t('home.notifyTitle') })], { type: 'text/calendar' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [next.rhythm, t]);
  if (!href) return null;
  return (
    <p>
      <a href={href} download="our-check-in.ics">
        {t('home.calendarAdd')}
      </a>{' '}
      <span class="hint">{t('home.calendarHint')}</span>
    </p>
  );
}
