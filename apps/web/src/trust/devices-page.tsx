/**
 * "Devices & trust" (`#/devices`): the safety number to compare with your partner, the devices
 * in the space (remove one of yours), linking another device, and the ways to your private
 * notes and to leaving the space.
 *
 *   <DevicesPage />   // inside <TrustGate>
 */
import { useContext, useState } from 'preact/hooks';
import { CodeSourceContext } from '../code-source.js';
import { ServedAppCheck } from './served-app-check.js';
import { routeHash } from '../router.js';
import { DeviceList } from './device-list.js';
import { LinkDevicePanel } from './link-device-panel.js';
import { SafetyNumberCard } from './safety-number-card.js';
import { useTrust } from './trust-context.js';

/** The devices and trust page. */
export function DevicesPage() {
  const trust = useTrust();
  const [listVersion, setListVersion] = useState(0);
  const partner = trust.view?.partner;
  const codeSource = useContext(CodeSourceContext);

  return (
    <>
      <h1 id="trust-heading" class="section-title">
        Devices &amp; trust
      </h1>
      {partner ? (
        <SafetyNumberCard partner={partner} onMarkVerified={trust.markVerified} />
      ) : (
        <section class="card" aria-labelledby="trust-no-partner">
          <h2 id="trust-no-partner">Safety number</h2>
          <p>
            {trust.view
              ? 'Your partner is not in the space right now. Once they join, a safety number appears here for the two of you to compare.'
              : 'Reading the space…'}
          </p>
        </section>
      )}
      <DeviceList
        credentials={trust.credentials}
        refresh={listVersion}
        onRemoved={async (next) => {
          await trust.replaceCredentials(next);
          setListVersion((v) => v + 1);
        }}
      />
      <LinkDevicePanel credentials={trust.credentials} onLinked={() => setListVersion((v) => v + 1)} />
      {codeSource && (
        <section class="card" aria-labelledby="trust-code-h">
          <h2 id="trust-code-h">This app’s code</h2>
          <p data-testid="code-source">
            This workbook’s code is from the installed Secure Base extension, version {codeSource.version}, not from the
            relay. The relay only passes on encrypted changes; it cannot change this code.
          </p>
          <ServedAppCheck relayUrl={trust.credentials.relayUrl} />
        </section>
      )}
      <section class="card" aria-labelledby="trust-private-h">
        <h2 id="trust-private-h">Private notes</h2>
        <p>Notes only your own devices can read. You can share one with your partner when you are ready.</p>
        <a class="button-quiet" href={routeHash({ name: 'private-notes' })}>
          Open my private notes
        </a>
      </section>
      <section class="card" aria-labelledby="trust-leave-h">
        <h2 id="trust-leave-h">Leave the space</h2>
        <p>
          You can always leave. You will first be offered a copy of everything you can read, and told exactly what
          happens before anything does.
        </p>
        <a class="button-quiet" href={routeHash({ name: 'leave' })}>
          Leave the space…
        </a>
      </section>
    </>
  );
}
