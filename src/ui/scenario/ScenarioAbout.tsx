/** The side panel's header: what the open scenario is and which presets it builds on. */
import { useEditorValue } from '../editor/useEditor';
import { routeHash } from '../hashRoute';
import { isSharedDoc } from '../../shared/sharing';
import { isVersionDoc } from '../../shared/versions';

/** What the open scenario is: its name, what it says it models, and the presets it builds on. */
export function ScenarioAbout() {
  const info = useEditorValue('doc', (e) => e.info);
  const edited = useEditorValue('doc', (e) => e.state?.edited ?? false);
  const unsaved = useEditorValue('doc', (e) => typeof e.saveStatus === 'object');
  if (!info) return null;
  const ancestors = info.chain.slice(1);
  return (
    <section className="panel about" aria-labelledby="scenario-title" data-doc={info.docId}>
      <title>{`${info.name} · tradesheet`}</title>
      <p className="about-kind">
        {isVersionDoc(info.docId) ? (
          <span className="badge badge-version">Earlier version · read-only</span>
        ) : isSharedDoc(info.docId) ? (
          <span className="badge badge-shared">Shared · not kept</span>
        ) : (
          <span className={`badge ${info.kind === 'preset' ? 'badge-preset' : 'badge-user'}`}>{info.kind === 'preset' ? 'Preset' : 'My scenario'}</span>
        )}
        {/* A version is not being edited: whether it differs from its preset is for History's list to say. */}
        {edited && !isVersionDoc(info.docId) && <span className="badge badge-edited">{info.kind === 'user' ? 'Changed from its preset' : unsaved ? 'Edited, not saved' : 'Edited, kept in this browser'}</span>}
      </p>
      <h1 id="scenario-title">{info.name}</h1>
      {info.description && <p className="about-description">{info.description}</p>}
      {ancestors.length > 0 && (
        <p className="chain" data-chain={info.chain.map((link) => link.id).join(' ')}>
          Extends{' '}
          {ancestors.map((link, index) => (
            <span key={link.id}>
              {index > 0 && <span aria-hidden="true"> → </span>}
              <a href={routeHash(link.id)}>{link.name}</a>
            </span>
          ))}
        </p>
      )}
    </section>
  );
}
