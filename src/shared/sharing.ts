/** The part of the engine's contract that shares a scenario by link: make a link, open one, keep what it opened. */
import type { FileOpenResult } from './messages';

/** A scenario opened from a link lives under this prefix until Keep stores it among the person's scenarios; nothing under it is stored. */
export const SHARED_DOC_PREFIX = 'shared:';

export function isSharedDoc(docId: string | null | undefined): boolean {
  return docId?.startsWith(SHARED_DOC_PREFIX) ?? false;
}

export type ShareLinkAnswer =
  /** `preset`: the link carries what differs from this preset; else the whole scenario. */
  | { ok: true; link: string; preset: { id: string; name: string } | undefined }
  /** Too large for a link: `problem` says why, for the page to offer the file instead. */
  | { ok: false; problem: string };

export interface Sharing {
  /** A link to the scenario as it stands: `pageUrl` (the page's address, without a fragment) and `#share=v1.…`. */
  shareLink(docId: string, pageUrl: string): Promise<ShareLinkAnswer>;
  /** Reads a link as strictly as a scenario file and opens what it carries, not yet kept; the same link again gives the same scenario. */
  openShareLink(link: string): Promise<FileOpenResult>;
  /** Stores a scenario opened from a link among the person's own, under an id no other has. */
  keepShared(docId: string): Promise<{ ok: true; docId: string } | { ok: false; problem: string }>;
}
