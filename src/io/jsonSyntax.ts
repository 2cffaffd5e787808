/**
 * Finds where JSON text stops being valid. V8's JSON.parse names no position for most errors, and a
 * person fixing a hand-edited file needs the line and column.
 */
export interface JsonSyntaxProblem {
  offset: number;
  line: number;
  column: number;
  reason: string;
  /** What follows from it, for a problem JSON.parse does not see. */
  consequence?: string;
}

/** Far deeper than a scenario nests (5); the scanner recurses, and a stack holds a few thousand levels. */
export const MAX_JSON_DEPTH = 100;

/**
 * Also reports what JSON.parse lets through silently: a key repeated in one object (it keeps the last,
 * so a sheet could vanish) and nesting deeper than MAX_JSON_DEPTH. A repeated key is reported only
 * when the text has no syntax error.
 */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  let at = 0;
  let depth = 0;
  let duplicate: SyntaxProblem | undefined;
  const problem = (reason: string): never => {
    throw new SyntaxProblem(at, reason);
  };
  const enter = () => {
    depth += 1;
    if (depth > MAX_JSON_DEPTH) problem(`arrays and objects nested more than ${MAX_JSON_DEPTH} deep`);
    at += 1;
  };
  const skipSpace = () => {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at += 1;
  };
  const found = () => (at >= text.length ? 'the end of the file' : `"${text.charAt(at)}"`);
  const literal = (word: string) => {
    if (text.startsWith(word, at)) at += word.length;
    else problem(`unexpected ${found()}`);
  };
  const string = () => {
    at += 1;
    while (at < text.length) {
      const char = text.charAt(at);
      if (char === '"') {
        at += 1;
        return;
      }
      if (char === '\\') {
        const escape = text.charAt(at + 1);
        if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) at += 6;
        else if ('"\\/bfnrt'.includes(escape) && escape !== '') at += 2;
        else problem('invalid escape in a string');
      } else if (char < ' ') {
        problem('a line break or control character inside a string (write it as \\n)');
      } else {
        at += 1;
      }
    }
    problem('a string that never ends');
  };
  const number = () => {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(at, at + 400));
    if (!match || match[0] === '') problem(`unexpected ${found()}`);
    at += match?.[0].length ?? 0;
  };
  const value = (): void => {
    skipSpace();
    const char = text.charAt(at);
    if (char === '{') return object();
    if (char === '[') return array();
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    return number();
  };
  const object = () => {
    enter();
    skipSpace();
    if (text.charAt(at) === '}') {
      at += 1;
      depth -= 1;
      return;
    }
    const keys = new Set<string>();
    for (;;) {
      skipSpace();
      if (text.charAt(at) !== '"') problem(`expected a key in double quotes, found ${found()}`);
      const start = at;
      string();
      const raw = text.slice(start + 1, at - 1);
      const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
      if (keys.has(key)) duplicate ??= new SyntaxProblem(start, `duplicate key ${JSON.stringify(key)}`, 'JSON keeps only the last of them, so the other would be lost');
      keys.add(key);
      skipSpace();
      if (text.charAt(at) !== ':') problem(`expected ":" after the key, found ${found()}`);
      at += 1;
      value();
      skipSpace();
      if (text.charAt(at) === '}') {
        at += 1;
        depth -= 1;
        return;
      }
      if (text.charAt(at) !== ',') problem(`expected "," or "}", found ${found()}`);
      at += 1;
    }
  };
  const array = () => {
    enter();
    skipSpace();
    if (text.charAt(at) === ']') {
      at += 1;
      depth -= 1;
      return;
    }
    for (;;) {
      value();
      skipSpace();
      if (text.charAt(at) === ']') {
        at += 1;
        depth -= 1;
        return;
      }
      if (text.charAt(at) !== ',') problem(`expected "," or "]", found ${found()}`);
      at += 1;
    }
  };
  try {
    value();
    skipSpace();
    if (at < text.length) problem(`unexpected ${found()} after the end of the JSON value`);
    return duplicate && located(text, duplicate);
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    return located(text, error);
  }
}

function located(text: string, problem: SyntaxProblem): JsonSyntaxProblem {
  const before = text.slice(0, problem.offset);
  const line = before.split('\n').length;
  const where = { offset: problem.offset, line, column: problem.offset - before.lastIndexOf('\n'), reason: problem.message };
  return problem.consequence === undefined ? where : { ...where, consequence: problem.consequence };
}

class SyntaxProblem extends Error {
  constructor(readonly offset: number, reason: string, readonly consequence?: string) {
    super(reason);
  }
}
