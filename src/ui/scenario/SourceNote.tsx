/** Where an input's figure comes from, the article's line and words or an assumption and why. */
import type { Source } from '../../model';

/** Where an input's number comes from: the article's words and line, or an assumption and why. */
export function SourceNote({ source }: { source: Source }) {
  if ('article' in source) {
    return (
      <figure className="source source-article" data-line={source.article.line}>
        <blockquote>“{source.article.quote}”</blockquote>
        <figcaption>Article, line {source.article.line}</figcaption>
      </figure>
    );
  }
  return (
    <p className="source source-assumption">
      <span className="badge badge-assumption">Assumption</span> {source.assumption}
    </p>
  );
}
