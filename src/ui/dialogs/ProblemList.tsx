/** A list of problems with a file or scenario, as the model words them. */
interface Props {
  title: string;
  problems: readonly string[];
}

/** Why something cannot be shown, in the words the model gives (file, JSON path, reason). */
export function ProblemList({ title, problems }: Props) {
  return (
    <section className="problems" role="alert">
      <h2>{title}</h2>
      <ul>
        {problems.map((problem) => (
          <li key={problem}>
            <code>{problem}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
