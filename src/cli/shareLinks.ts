/** A scenario link (`…#share=v1.…`) as a command-line argument: inflated with zlib, as every command reads its scenarios synchronously, then judged as the page judges it. */
import { inflateRawSync } from 'node:zlib';
import type { ParseResult, ResolvedScenario, ScenarioSource } from '../model/scenario';
import { MAX_SHARED_BYTES, damagedLinkIssue, oversizedLinkIssue, readSharedPayload, shareLinkBytes } from '../io/shareLink';

/** The scenario a link carries, resolved against the presets; the messages are the page's. */
export function loadShareLink(link: string, presets: readonly ScenarioSource[]): ParseResult<ResolvedScenario> {
  const bytes = shareLinkBytes(link);
  if (!bytes.ok) return bytes;
  let inflated: Uint8Array;
  try {
    // maxOutputLength stops inflating at the cap, so a small link that unpacks hugely never fills the memory.
    inflated = inflateRawSync(bytes.value, { maxOutputLength: MAX_SHARED_BYTES });
  } catch (error) {
    const tooLarge = error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    return { ok: false, issues: [tooLarge ? oversizedLinkIssue() : damagedLinkIssue()] };
  }
  const shared = readSharedPayload(inflated, presets);
  return shared.ok ? { ok: true, value: shared.value.resolved } : shared;
}
