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
import { describeError } from '../messages.js';
import { addedOn, groupFingerprint } from './device-label.js';

interface Props {
  credentials: Credentials;
  /** Bump to read the list again (after linking a device). */
  refresh: number;
  /** The removal rotated the keys: these are the credentials to use from now on. */
  onRemoved: (next: Credentials) => Promise<void>;
}

type ListState = { kind: 'loading' } | { kind: 'ready'; devices: DeviceListing[] } | { kind: 'failed'; message: string };

function ownerLabel(device: DeviceListing): string {
  if (device.isThisDevice) return 'This device';
  return device.isMine ? 'Your device' : 'Your partner’s device';
}

/** The devices card. */
export function DeviceList({ credentials, refresh, onRemoved }: Props) {
  const id = useId();
  const [state, setState] = useState<ListState>({ kind: 'loading' });
  const [busy, setBusy] = useState<string>();
  const [message, setMessage] = useState<{ kind: 'done' | 'error'; text: string }>();

  const load = useCallback(async (): Promise<void> => {
    try {
      setState({ kind: 'ready', devices: await listDevices(credentials) });
    } catch (err) {
      setState({ kind: 'failed', message: describeError(err) });
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
      setMessage({ kind: 'done', text: `Device ${groupFingerprint(device.id)} was removed. The space has a new key.` });
    } catch (err) {
      setMessage({ kind: 'error', text: describeError(err) });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section class="card trust-devices" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Devices in this space</h2>
      <p>
        Oldest first. Each device has a short code; a device you link shows the same code on its own screen.
      </p>
      {state.kind === 'loading' && <p class="empty">Reading the device list…</p>}
      {state.kind === 'failed' && (
        <p class="form-error" role="alert">
          {state.message}
        </p>
      )}
      {state.kind === 'ready' && (
        <ul class="trust-device-list" aria-label="Devices">
          {state.devices.map((device) => (
            <li key={device.id} class={device.isMine ? 'trust-device mine' : 'trust-device theirs'}>
              <div class="trust-device-text">
                <span class="trust-device-owner">{ownerLabel(device)}</span>
                <span class="mono trust-device-id">{groupFingerprint(device.id)}</span>
                <span class="hint">Added {addedOn(device.addedAt)}</span>
              </div>
              {device.isMine && !device.isThisDevice && (
                <ConfirmButton
                  label={busy === device.id ? 'Removing…' : 'Remove'}
                  ariaLabel={`Remove device ${groupFingerprint(device.id)}`}
                  question="Remove this device? It is locked out at once and cannot read anything written from now on. The key changes on every other device; nothing you wrote is lost."
                  confirmLabel="Yes, remove it"
                  onConfirm={() => void remove(device)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {message && (
        <p class={message.kind === 'error' ? 'form-error' : 'hint'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <p class="hint">
        You can remove your own devices here. To remove this one, use another of your devices, or leave the space.
      </p>
    </section>
  );
}
