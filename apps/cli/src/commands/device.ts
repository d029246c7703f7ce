/**
 * `device link|join|list|remove`: one partner's several devices.
 *
 * Linking takes two terminals: on a device that already belongs to the space, `device link`
 * prints a short-lived code (its secret only in the URL fragment) and waits; on the new device,
 * `device join CODE` asks to join; the first device then certifies it in the membership chain
 * and seals the keys to it. Removing a device rotates the keys, so it cannot read anything new.
 *
 *   $ securebase device link                       → last stdout line: http://relay/#/link/…
 *   $ securebase --profile ~/.sb-laptop device join 'http://relay/#/link/…' --name laptop
 *   $ securebase device list
 *   Xk3f9Qa1  laptop  2025-03-02  [this device]
 *   $ securebase device remove Xk3f9Qa1
 */
import { SecureBaseError, toBase64Url } from '@securebase/protocol';
import {
  createDeviceLinkCode,
  joinAsLinkedDevice,
  listDevices,
  parseDeviceLinkCode,
  removeDevice,
} from '@securebase/sync';
import { parseCommandArgs, withUsage } from '../args.js';
import { printLine, type CommandContext } from '../context.js';
import { CliError, UsageError, oneLine } from '../errors.js';
import { forgetDeviceName, readDeviceNames, setDeviceName } from '../device-names.js';
import { loadFreshCredentials } from '../fresh-credentials.js';
import { keepCredentials } from '../key-updates.js';
import { relayOverride } from '../relay-url.js';
import { callRelay, checkName, withPrivateDoc, withProfile, withWorkbook } from '../session.js';
import { t } from '../words.js';

const LINK_USAGE = 'securebase device link [--timeout SECONDS]';
const JOIN_USAGE = 'securebase device join CODE [--name NAME]';
const LIST_USAGE = 'securebase device list';
const REMOVE_USAGE = 'securebase device remove ID';
const USAGE = `${LINK_USAGE}  or  ${JOIN_USAGE}  or  ${LIST_USAGE}  or  ${REMOVE_USAGE}`;

/** `device link|join|list|remove`. */
export async function runDevice(ctx: CommandContext): Promise<void> {
  const [sub, ...rest] = ctx.args;
  const subCtx = { ...ctx, args: rest };
  switch (sub) {
    case 'link':
      return linkDevice(subCtx);
    case 'join':
      return joinDevice(subCtx);
    case 'list':
      return listAllDevices(subCtx);
    case 'remove':
      return removeOneDevice(subCtx);
    case undefined:
      throw new UsageError(withUsage(t('cli.device.needsSub'), USAGE));
    default:
      throw new UsageError(withUsage(t('cli.device.unknownSub', { sub: oneLine(sub) }), USAGE));
  }
}

function parseTimeoutSeconds(text: string): number {
  const seconds = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new UsageError(withUsage(t('cli.device.badTimeout', { text: oneLine(text) }), LINK_USAGE));
  }
  return seconds;
}

/** `device link`: print a link code, wait for the new device, certify it. */
async function linkDevice(ctx: CommandContext): Promise<void> {
  const { values } = parseCommandArgs(ctx, { timeout: { type: 'string' } }, { min: 0, max: 0, names: '' }, LINK_USAGE);
  const timeoutSeconds = values.timeout === undefined ? undefined : parseTimeoutSeconds(values.timeout);

  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    // The code lives no longer than this command waits for it: a lapsed code is refused.
    const ttl = timeoutSeconds === undefined ? {} : { ttlMs: timeoutSeconds * 1000 };
    const link = await callRelay(creds.relayUrl, () => createDeviceLinkCode(creds, ttl));
    const waitMs = Math.max(0, link.expiresAt - Date.now());
    const lifetime = waitMs < 120_000 ? `${Math.round(waitMs / 1000)} s` : `${Math.round(waitMs / 60_000)} min`;
    ctx.io.stderr.write(`${t('cli.device.linkHowTo', { lifetime })}\n`);
    // The code is the last line of stdout; the write goes out at once, so a script can read it.
    printLine(ctx, link.code);

    const stop = AbortSignal.any([AbortSignal.timeout(Math.max(1, waitMs)), ...(ctx.io.signal ? [ctx.io.signal] : [])]);
    let request: Awaited<ReturnType<typeof link.waitForRequest>>;
    try {
      request = await callRelay(creds.relayUrl, () => link.waitForRequest({ signal: stop }));
    } catch (err) {
      if (ctx.io.signal?.aborted) throw new CliError(t('cli.device.interrupted'));
      if (stop.aborted || (err instanceof SecureBaseError && err.code === 'link-expired')) {
        throw new CliError(t('cli.device.lapsed'));
      }
      throw err;
    }
    ctx.io.stderr.write(`${t('cli.device.asked', { fingerprint: request.fingerprint })}\n`);
    await callRelay(creds.relayUrl, () => link.approve());
    ctx.io.stderr.write(`${t('cli.device.linked', { fingerprint: request.fingerprint })}\n`);
  });
}

/** Check the code's shape before touching the profile or the network; returns the relay URL. */
function checkLinkCode(code: string, override: string | undefined): { code: string; relayUrl: string } {
  let relayUrl: string;
  try {
    relayUrl = parseDeviceLinkCode(code).relayUrl;
  } catch (err) {
    if (!(err instanceof SecureBaseError) && !(err instanceof TypeError)) throw err;
    // The code is secret: never echo it back.
    throw new UsageError(t('cli.device.notACode'));
  }
  if (!override) return { code, relayUrl };
  // Same secret, different address for the relay (for example through a tunnel).
  const url = new URL(code.trim());
  return { code: `${override}${url.pathname === '/' ? '/' : url.pathname}${url.hash}`, relayUrl: override };
}

/** `device join CODE`: become another device of the partner who showed the code. */
async function joinDevice(ctx: CommandContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(ctx,
    { name: { type: 'string' } },
    { min: 1, max: 1, names: t('cli.names.linkCode') },
    JOIN_USAGE,
  );
  const { code, relayUrl } = checkLinkCode(positionals[0] as string, relayOverride(ctx));
  const name = values.name === undefined ? undefined : checkName(values.name);

  await withProfile(ctx, async (profile) => {
    if (await profile.loadCredentials()) {
      throw new CliError(t('cli.device.profileTaken', { profile: profile.dir }));
    }
    const joined = await callRelay(relayUrl, () =>
      joinAsLinkedDevice(code, {
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
        onRequested: ({ fingerprint }) =>
          ctx.io.stderr.write(`${t('cli.device.waitingApproval', { fingerprint })}\n`),
      }),
    );
    await profile.saveCredentials(joined);
    const creds = { ...joined, relayUrl };
    const me = toBase64Url(creds.device.signPublicKey);
    if (name !== undefined) await withPrivateDoc(ctx, profile, creds, 'write', (doc) => setDeviceName(doc, me, name));
    // Catch up with the workbook now, so the first real command is quick.
    await withWorkbook(ctx, profile, creds, 'read', () => undefined);
    ctx.io.stderr.write(`${t('cli.device.joined')}\n`);
    printLine(ctx, creds.spaceId);
  }, { create: true });
}

type DeviceInfo = Awaited<ReturnType<typeof listDevices>>[number];

/** `device list`: every device of the space, oldest first. */
async function listAllDevices(ctx: CommandContext): Promise<void> {
  parseCommandArgs(ctx, {}, { min: 0, max: 0, names: '' }, LIST_USAGE);
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    const devices = await callRelay(creds.relayUrl, () => listDevices(creds));
    const names = await withPrivateDoc(ctx, profile, creds, 'read', (doc) => readDeviceNames(doc));
    for (const device of devices) printLine(ctx, formatDeviceLine(device, names));
  });
}

/** `ID  NAME  ADDED  [this device]`; a name is only known for this partner's own devices. */
export function formatDeviceLine(device: DeviceInfo, names: ReadonlyMap<string, string>): string {
  const own = device.isMine ? names.get(toBase64Url(device.deviceKey)) : undefined;
  // Two spaces separate the columns, so a name never contains two in a row.
  const name = device.isMine ? (own ? oneLine(own).replace(/\s+/g, ' ') : '-') : t('cli.device.partners');
  const added = new Date(device.addedAt).toISOString().slice(0, 10);
  return [device.id, name, added, ...(device.isThisDevice ? [t('cli.device.thisOne')] : [])].join('  ');
}

/** The device `ref` names: a full id or an unambiguous start of one. */
function findDevice(devices: readonly DeviceInfo[], ref: string): DeviceInfo {
  const exact = devices.find((device) => device.id === ref);
  if (exact) return exact;
  const matches = devices.filter((device) => device.id.startsWith(ref));
  if (matches.length === 1) return matches[0] as DeviceInfo;
  if (matches.length > 1) throw new CliError(t('cli.device.ambiguous', { ref: oneLine(ref) }));
  throw new CliError(t('cli.device.noDevice', { ref: oneLine(ref) }));
}

/** `device remove ID`: revoke one of this partner's devices and rotate the keys. */
async function removeOneDevice(ctx: CommandContext): Promise<void> {
  const { positionals } = parseCommandArgs(ctx, {}, { min: 1, max: 1, names: t('cli.names.deviceId'), ids: true }, REMOVE_USAGE);
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    const devices = await callRelay(creds.relayUrl, () => listDevices(creds));
    const target = findDevice(devices, positionals[0] as string);
    if (!target.isMine) {
      throw new CliError(t('cli.device.notYours'));
    }
    if (devices.filter((device) => device.isMine).length < 2) {
      throw new CliError(t('cli.device.onlyOne'));
    }
    if (target.isThisDevice) {
      throw new CliError(t('cli.device.isThis'));
    }
    const rotated = await callRelay(creds.relayUrl, () => removeDevice(creds, target.deviceKey));
    await keepCredentials(profile, rotated);
    await withPrivateDoc(ctx, profile, rotated, 'write', (doc) => forgetDeviceName(doc, toBase64Url(target.deviceKey)));
    printLine(ctx, t('cli.device.removed', { id: target.id }));
  });
}
