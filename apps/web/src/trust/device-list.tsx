/**
 * Every device in the space, oldest first, as the verified membership chain lists them: this
 * device marked, yours and your partner's told apart. One of your other devices can be removed
 * (a lost phone): it is locked out at once and the keys change; nothing written is lost.
 *
 *   <DeviceList credentials={creds} refresh={n} onRemoved={(creds) => trust.replaceCredentials(creds)} />
 */
import { useCallback, useEffect, useId, useState } from 'preact/hooks';
import { listDevices, removeDevice, type Credentials, type DeviceListing } from '@securebase/sync';
import { ConfirmButton } from '../components/confirm-button.js';
import { useI18n, type Said, type Translate } from '../i18n.js';
import { describeError } from '../messages.js';
import { addedOn, groupFingerprint } from './device-label.js';

interface Props {
  credentials: Credentials;
  /** Bump to read the list again (after linking a device). */
  refresh: number;
  /** The removal rotated the keys: these are the credentials to use from now on. */
  onRemoved: (next: Credentials) => Promise<void>;
}

type ListState = { kind: 'loading' } | { kind: 'ready'; devices: DeviceListing[] } | { kind: 'failed'; error: unknown };

function ownerLabel(device: DeviceListing, t: Translate): string {
  if (device.isThisDevice) return t('trustPages.thisDevice');
  return device.isMine ? t('trustPages.yourDevice') : t('trustPages.partnerDevice');
}

/** The devices card. */
export function DeviceList({ credentials, refresh, onRemoved }: Props) {
  const id = useId();
  const [state, setState] = useState<ListState>({ kind: 'loading' });
  const [busy, setBusy] = useState<string>();
  const [message, setMessage] = useState<{ kind: 'done' | 'error'; text: Said }>();
  const { t, language } = useI18n();

  const load = useCallback(async (): Promise<void> => {
    try {
      setState({ kind: 'ready', devices: await listDevices(credentials) });
    } catch (err) {
      setState({ kind: 'failed', error: err });
    }
  }, [credentials]);

  useEffect(() => {
    void load();
  }, [load, refresh]);

  const remove = async (device: DeviceListing): Promise<void> => {
    setBusy(device.id);
    setMessage(undefined);
    try {
      const next = await removeDevice(credentials, device.id);
      await onRemoved(next);
      setMessage({ kind: 'done', text: (words) => words('trustPages.deviceRemoved', { device: groupFingerprint(device.id) }) });
    } catch (err) {
      setMessage({ kind: 'error', text: (words) => describeError(err, words) });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section class="card trust-devices" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('trustPages.devicesHeading')}</h2>
      <p>{t('trustPages.devicesText')}</p>
      {state.kind === 'loading' && <p class="empty">{t('trustPages.devicesLoading')}</p>}
      {state.kind === 'failed' && (
        <p class="form-error" role="alert">
          {describeError(state.error, t)}
        </p>
      )}
      {state.kind === 'ready' && (
        <ul class="trust-device-list" aria-label={t('trustPages.devices')}>
          {state.devices.map((device) => (
            <li key={device.id} class={device.isMine ? 'trust-device mine' : 'trust-device theirs'}>
              <div class="trust-device-text">
                <span class="trust-device-owner">{ownerLabel(device, t)}</span>
                <span class="mono trust-device-id">{groupFingerprint(device.id)}</span>
                <span class="hint">{t('trustPages.added', { date: addedOn(device.addedAt, language) })}</span>
              </div>
              {device.isMine && !device.isThisDevice && (
                <ConfirmButton
                  label={busy === device.id ? t('trustPages.removing') : t('trustPages.remove')}
                  ariaLabel={t('trustPages.removeDevice', { device: groupFingerprint(device.id) })}
                  question={t('trustPages.removeQuestion')}
                  confirmLabel={t('trustPages.removeYes')}
                  onConfirm={() => void remove(device)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {message && (
        <p class={message.kind === 'error' ? 'form-error' : 'hint'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text(t)}
        </p>
      )}
      <p class="hint">{t('trustPages.removeHint')}</p>
    </section>
  );
}
