/**
 * What is private and what the relay can and cannot see, in plain words. Shown before anyone
 * creates or joins a space, so the choice is an informed one.
 *
 *   <PrivacyNote />
 */

/** Two short lists: what stays between you, and what the relay sees. */
export function PrivacyNote() {
  return (
    <section class="card privacy" aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">What stays private</h2>
      <ul>
        <li>
          Everything you write, and your names, are encrypted on your device before they leave it.
          Only your devices and your partner&rsquo;s hold the key.
        </li>
        <li>
          The relay is the server that passes changes between you. It cannot read your words, and it
          cannot change them without your devices noticing.
        </li>
        <li>
          The relay does see random ids, how much is stored, when you sync, and your internet
          addresses.
        </li>
        <li>
          There is no location, read-receipt or &ldquo;last seen&rdquo; tracking of either of you.
        </li>
      </ul>
    </section>
  );
}
