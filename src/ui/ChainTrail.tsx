import type { ChainLink } from './engine';
import { routeHash } from './useHashRoute';

/** The presets this one builds on, nearest first: "Extends Threat -> Baseline". */
export function ChainTrail({ chain }: { chain: readonly ChainLink[] }) {
  const ancestors = chain.slice(1);
  if (ancestors.length === 0) {
    return <p className="chain">Root scenario: it holds its own sheets and extends no other.</p>;
  }
  return (
    <p className="chain" data-chain={chain.map((link) => link.id).join(' ')}>
      <span className="chain-label">Extends</span>
      {ancestors.map((link, index) => (
        <span key={link.id}>
          {index > 0 && <span className="chain-arrow" aria-hidden="true"> → </span>}
          <a href={routeHash(link.id)}>{link.name}</a>
        </span>
      ))}
    </p>
  );
}
