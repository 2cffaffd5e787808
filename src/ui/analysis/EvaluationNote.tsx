/** The line under an analysis that could not use the compiled plan: which cell sent it through HyperFormula, and why. */
import type { EvaluationPath } from '../../model';

export function EvaluationNote({ evaluation }: { evaluation: EvaluationPath }) {
  if (evaluation.engine === 'plan') return null;
  return <p className="analysis-note" role="note" data-evaluation="hyperformula">{evaluation.note}</p>;
}
