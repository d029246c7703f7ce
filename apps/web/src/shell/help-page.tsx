/**
 * "Getting help": crisis resources in generic words, and the plain statement that Secure Base
 * supports, and does not replace, therapy. Reachable from every screen, locked or not; it reads
 * nothing from the store and loads nothing from the network. The links are ordinary links with
 * no referrer, opened only if the person chooses to.
 *
 *   <HelpPage />   // route #/help
 */
import { CodeSigningLine } from './code-update-notice.js';

/** The whole help page. */
export function HelpPage() {
  return (
    <main id="main" class="page narrow help-page">
      <h1 class="title">Getting help</h1>
      <p class="lead">
        If you or someone else is in danger right now, call your local emergency number.
      </p>
      <section class="card help-urgent" aria-labelledby="help-emergency">
        <h2 id="help-emergency">In an emergency</h2>
        <ul class="help-numbers">
          <li>
            <strong>112</strong> across Europe and in many other countries (it also works from most mobile phones
            elsewhere)
          </li>
          <li>
            <strong>911</strong> in the United States, Canada and much of the Americas
          </li>
          <li>
            <strong>999</strong> in the United Kingdom and Ireland
          </li>
          <li>
            <strong>000</strong> in Australia, <strong>111</strong> in New Zealand
          </li>
        </ul>
      </section>

      <section class="card" aria-labelledby="help-crisis">
        <h2 id="help-crisis">If you are thinking about ending your life, or feel you cannot stay safe</h2>
        <p>
          You deserve support right now, and you do not have to explain everything to get it. A crisis line can
          listen, day or night:
        </p>
        <ul>
          <li>
            <strong>988</strong> Suicide &amp; Crisis Lifeline (United States), by call or text
          </li>
          <li>
            <strong>116 123</strong> Samaritans (United Kingdom and Ireland)
          </li>
          <li>
            Elsewhere: <a href="https://findahelpline.com" target="_blank" rel="noreferrer noopener">findahelpline.com</a>{' '}
            lists free, confidential helplines by country.
          </li>
        </ul>
      </section>

      <section class="card" aria-labelledby="help-afraid">
        <h2 id="help-afraid">If you feel afraid of your partner</h2>
        <p>
          Being afraid, controlled or hurt is not something a workbook can fix, and it is not your fault. A
          domestic abuse helpline can help you think through your options and stay safe, in confidence:
        </p>
        <ul>
          <li>
            <strong>1-800-799-7233</strong> National Domestic Violence Hotline (United States), or text START to
            88788
          </li>
          <li>
            <strong>0808 2000 247</strong> National Domestic Abuse Helpline (United Kingdom)
          </li>
          <li>Elsewhere: your local emergency number, a doctor, or the helpline directory above.</li>
        </ul>
        <p>
          If someone may be looking over your shoulder, <strong>Quick hide</strong> (the button at the top, or
          pressing Esc twice) swaps this app for a plain notes page at once.
        </p>
      </section>

      <section class="card" aria-labelledby="help-therapy">
        <h2 id="help-therapy">Secure Base and therapy</h2>
        <p>
          Secure Base supports, and does not replace, couples therapy or individual therapy. It is a place to keep
          the words, agreements and check-ins you build together; a trained therapist can help with what a
          workbook cannot. If using it ever makes things harder between you, it is fine to stop, take a break, or
          bring it to a session.
        </p>
        <p>
          You can always leave: download a copy of everything you can read (&ldquo;Export and print&rdquo;, at
          the foot of every page), and stop using the space.
        </p>
      </section>
      <section class="card" aria-labelledby="help-code">
        <h2 id="help-code">Where this app’s code comes from</h2>
        <p>
          In a web browser, the relay you use sends this app. When a new version arrives, this app checks it
          before using it: it must be signed by the same publisher as the first version this browser used, and
          its files must match that signature. If not, you see a warning and can keep the previous version.
        </p>
        <p>
          This cannot protect a first visit, or a browser whose stored app data was cleared: that copy runs before
          anything can check it. If the person who runs the relay could want to read your workbook, use the
          browser extension’s workbook or the <code>securebase</code> command line: their code comes from what
          you installed, not from the relay.
        </p>
        <CodeSigningLine />
      </section>
      <p class="fine-print">
        This page works offline and nothing you do on it is recorded or sent anywhere.
      </p>
    </main>
  );
}
