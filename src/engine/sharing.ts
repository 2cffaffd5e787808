/** Sharing by link in the engine worker: the open scenario into a `#share=v1.…` link, a link into a scenario shown but not yet kept, and Keep. */
import { formatIssue, type ScenarioSource } from '../model';
import { MAX_SHARE_LINK_CHARS, MAX_SHARED_BYTES, encodeSharePayload, openShareLink, sharePayload } from '../io/shareLink';
import { messageOf } from '../shared/errors';
import { SHARED_DOC_PREFIX, isSharedDoc, type Sharing } from '../shared/sharing';
import { nameOf, setters, type PresetEntry } from './presets';
import { DocSession, type DocMeta } from './session/docSession';
import type { Saver } from './storage/saver';

export interface SharingSource {
  docs: Map<string, DocSession>;
  entries: readonly PresetEntry[];
  sources: readonly ScenarioSource[];
  session(docId: string): DocSession;
  saver: Saver;
  /** An id for a scenario of the person's own that no other has, near `wanted`, and its doc id. */
  newUserDoc(wanted: string): { id: string; docId: string };
}

const KB = 1024;

export function createSharing({ docs, entries, sources, session, saver, newUserDoc }: SharingSource): Sharing {
  /** Link -> the scenario it opened, while that is open and not kept: going back to a link shows the same scenario, edits and all. */
  const opened = new Map<string, string>();
  let nextShared = 1;

  return {
    async shareLink(docId, pageUrl) {
      const scenario = session(docId).toScenario();
      const payload = sharePayload(scenario, sources);
      const { fragment, unpackedBytes } = await encodeSharePayload(payload);
      const link = `${pageUrl}#${fragment}`;
      if (unpackedBytes > MAX_SHARED_BYTES || link.length > MAX_SHARE_LINK_CHARS) {
        // No-break spaces: a number and its unit stay on one line of the page's dialog.
        const size = `${(link.length / KB).toFixed(1)}\u00a0KB`;
        return {
          ok: false,
          problem: `Its link would be ${size} long, and a link carries at most ${MAX_SHARE_LINK_CHARS / KB}\u00a0KB: longer ones are cut or refused by browsers, chat apps and mail. Send the scenario file instead (Download scenario); Open scenario file reads it.`,
        };
      }
      const preset = 'preset' in payload ? entries.find((entry) => entry.summary.id === payload.preset)?.summary : undefined;
      return { ok: true, link, preset: preset && { id: preset.id, name: preset.name } };
    },

    async openShareLink(link) {
      const text = link.trim();
      const already = opened.get(text);
      if (already !== undefined && docs.has(already)) return { ok: true, docId: already };
      const read = await openShareLink(text, sources);
      if (!read.ok) return { ok: false, problems: read.issues.map(formatIssue) };
      const { source, resolved, preset } = read.value;
      const scenario = resolved.scenario;
      const docId = `${SHARED_DOC_PREFIX}${nextShared}`;
      nextShared += 1;
      const presetEntry = preset && entries.find((entry) => entry.summary.id === preset.id);
      const chain = presetEntry ? [{ id: scenario.id, name: scenario.name }, ...presetEntry.summary.chain] : resolved.chain.map((id, position) => ({ id, name: position === 0 ? scenario.name : nameOf(id, sources) }));
      const meta: DocMeta = {
        docId,
        kind: 'user',
        id: scenario.id,
        name: scenario.name,
        description: scenario.description,
        chain: chain.length > 1 ? chain : [],
        // A link of changes shows them against its preset, as an edited preset shows its own.
        baseName: preset && presetEntry ? `the preset “${presetEntry.summary.name}”` : 'the scenario as the link gave it',
        setBy:
          presetEntry?.resolved
            ? setters(presetEntry.resolved, (id) => sources.find((candidate) => candidate.scenario.id === id)?.scenario)
            : setters(resolved, (id) => (id === scenario.id ? source.scenario : sources.find((candidate) => candidate.scenario.id === id)?.scenario), scenario.id),
      };
      try {
        docs.set(docId, new DocSession(meta, scenario, preset ? { ...preset.scenario, id: scenario.id } : scenario, { structureTouched: false }));
      } catch (error) {
        return { ok: false, problems: [`the link: the workbook could not be built: ${messageOf(error)}`] };
      }
      opened.set(text, docId);
      return { ok: true, docId };
    },

    async keepShared(docId) {
      const doc = session(docId);
      if (!isSharedDoc(docId)) return { ok: false, problem: 'Only a scenario opened from a link is kept this way; this one is kept already.' };
      // Out of the open scenarios first, so its own id does not count as taken.
      docs.delete(docId);
      for (const [link, shown] of opened) if (shown === docId) opened.delete(link);
      const { id, docId: keptId } = newUserDoc(doc.meta.id);
      doc.meta = { ...doc.meta, docId: keptId, id };
      docs.set(keptId, doc);
      doc.dirty = true;
      await saver.write(keptId);
      return { ok: true, docId: keptId };
    },
  };
}
