/**
 * The help text, kept in one place so `--help`, `help` and usage errors agree.
 *
 *   io.stdout.write(USAGE);
 */

export const USAGE = `securebase — the Secure Base command-line client

Usage: securebase [--profile DIR] [--relay URL] [--passphrase-file FILE] COMMAND [ARGS]

Commands:
  relay [--host 127.0.0.1] [--port 8787] [--data DIR]
                                   run a relay (and the web app); --port 0 picks a free port;
                                   for the internet also --trust-proxy, --allow-origin,
                                   --creation-codes-file, --metrics-token-file, --max-spaces,
                                   --max-total-bytes, --max-connections (see the README);
                                   several nodes: --database postgres://… --bus redis://…
                                   [--node-id NAME] (see docs/OPERATIONS.md)
  init --relay URL [--name NAME] [--creation-code CODE]
                                   create this device and a new space; prints the space id
                                   (the code: from whoever runs a relay that asks for one)
  invite [--revoke]                print an invitation link for your partner (single use);
                                   --revoke cancels every invitation not used yet
  join LINK [--name NAME]          join your partner's space with their invitation link
  vocab add TERM --meaning TEXT [--category emotion|need|desire|boundary|signal]
                                   add a word, or set your meaning of an existing one
  vocab list                       list the shared vocabulary with both meanings
  note add TEXT [--kind appreciation|trigger|need|checkin|other]
                                   add a quick note to the inbox
  export [--format json|md]        print the whole shared workbook
  sync                             catch up with the relay and send pending changes
  safety-number [--verify]         show the safety number to compare with your partner;
                                   --verify marks your partner verified on this device
  device link [--timeout SECONDS]  print a one-time code for adding another of your devices
                                   (last line), then wait for it and approve it
  device join CODE [--name NAME]   on a new device (new profile): join with that code
  device list                      list every device of the space, oldest first
  device remove ID                 revoke one of your devices and change the keys
  private add TEXT                 keep a private item only your devices can read
  private list                     list your private items
  private share ID                 copy a private item into the shared inbox
  closeness list                   the closeness ladder step by step: your own position on
                                   each (never your partner's), the step you agreed on together
                                   and the pace
  closeness answer STEP ready|soon|not-yet
                                   say where you are with a step; only your devices can read it
                                   (moving back is always fine, and no reason is asked)
  desires list                     the list of desires with your own answers (never your
                                   partner's), built-in items and your own
  desires answer ITEM yes|maybe|no
                                   answer an item (ITEM: an id from the list, or your own words
                                   in quotes, which make your own item); only your devices can
                                   read it
  desires reveal [--timeout SECONDS]
                                   with your partner at the same time: prints only the items you
                                   both said yes or maybe to, one per line, and both counts on
                                   stderr (waits up to 120 s, or SECONDS)
  tension add N [--note TEXT]      note where you are now, 0 (calm) to 10, with optional words;
                                   only your devices can read it
  tension list                     your own tension entries and their 7- and 30-day averages
  leave [--yes]                    export what you can read, then leave the space for good
  lock set [--passphrase-file FILE] [--current-passphrase-file FILE]
                                   lock this profile's data with a passphrase (the new one from
                                   the file, else typed twice on a terminal); again to change it
  lock remove                      remove the passphrase (the data stays encrypted on disk)
  verify-web URL [--release-key KEY]
                                   check that a relay serves the published web app, file by
                                   file, against its signed release manifest (KEY: the
                                   publisher's public key, or a file holding it)
  release-key create --out FILE    make a release key for signing web-app builds (publishers);
                                   prints its public key
  help                             show this help

Global options:
  --profile DIR   this device's keys and local state (default: $SECUREBASE_PROFILE, else
                  $XDG_CONFIG_HOME/securebase or ~/.config/securebase)
  --relay URL     use this relay for this run (default: $SECUREBASE_RELAY, else the profile's)
  --passphrase-file FILE
                  the profile's passphrase, if it has one (first line of FILE; default:
                  $SECUREBASE_PASSPHRASE); for "lock set", the new passphrase
  -h, --help      show this help

Environment:
  SECUREBASE_PASSPHRASE   the profile's passphrase, if it has one (see "lock set")
  SECUREBASE_TIMEOUT_MS   how long to wait for the relay before giving up (default 10000)
  SECUREBASE_CREATION_CODE  the creation code for "init" (see --creation-code)
  SECUREBASE_DEBUG=1      show stack traces for unexpected errors
`;

export const USAGE_HINT = 'Run "securebase --help" to see the commands.';
