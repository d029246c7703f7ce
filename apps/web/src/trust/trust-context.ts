/**
 * What the trust gate shares with the trust screens below it: the latest membership view and
 * the actions that change this device's trust state or credentials.
 *
 *   const trust = useTrust();
 *   await trust.markVerified();
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Credentials, LocalStateStore } from '@securebase/sync';
import type { MembershipView } from './membership-check.js';

export interface TrustContextValue {
  credentials: Credentials;
  store: LocalStateStore;
  /** Undefined until the first look at the chain finished. */
  view: MembershipView | undefined;
  problem: string | undefined;
  /** Look at the chain now. */
  recheck(): Promise<void>;
  /** Save new credentials (e.g. after removing a device) and use them everywhere. */
  replaceCredentials(next: Credentials): Promise<void>;
  /** Use credentials that are already saved (a provider fetched new keys itself). */
  adoptCredentials(next: Credentials): void;
  /** Mark the partner's current identity as checked by this person. */
  markVerified(): Promise<void>;
  /** The person has seen that the partner's identity changed. */
  acknowledgeChange(): Promise<void>;
}

export const TrustContext = createContext<TrustContextValue | undefined>(undefined);

/** The trust state of the open space; only inside <TrustGate>. */
export function useTrust(): TrustContextValue {
  const value = useContext(TrustContext);
  if (!value) throw new Error('useTrust: render inside <TrustGate>');
  return value;
}
