/** A version's doc id names its scenario and the version, whatever ":" the scenario's own doc id holds. */
import { describe, expect, it } from 'vitest';
import { isVersionDoc, parseVersionDoc, versionDocId } from '../../src/shared/versions';

describe('version doc ids', () => {
  it.each([
    { docId: 'baseline', versionId: 'origin' },
    { docId: 'u:my-deal', versionId: 'mb3k2-1x9' },
  ])('$docId, $versionId round-trips', ({ docId, versionId }) => {
    const id = versionDocId(docId, versionId);
    expect(isVersionDoc(id)).toBe(true);
    expect(parseVersionDoc(id)).toEqual({ docId, versionId });
  });

  it.each(['baseline', 'u:my-deal', 'version:', 'version:baseline', 'version::x', 'version:baseline:'])('%s names no version', (id) => {
    expect(parseVersionDoc(id)).toBeUndefined();
  });
});
