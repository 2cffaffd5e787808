/**
 * Finds where JSON text stops being valid. V8's JSON.parse names no position for most errors, and a
 * person fixing a hand-edited file needs the line and column.
 */
export interface JsonSyntaxProblem {
  offset: number;
  line: number;
  column: number;
  reason: string;
}

export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  let at = 0;
  const problem = (reason: string): never => {
    throw new SyntaxProblem(at, reason);
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
    at += 1;
    skipSpace();
    if (text.charAt(at) === '}') {
      at += 1;
      return;
    }
    for (;;) {
      skipSpace();
      if (text.charAt(at) !== '"') problem(`expected a key in double quotes, found ${found()}`);
      string();
      skipSpace();
      if (text.charAt(at) !== ':') problem(`expected ":" after the key, found ${found()}`);
      at += 1;
      value();
      skipSpace();
      if (text.charAt(at) === '}') {
        at += 1;
        return;
      }
      if (text.charAt(at) !== ',') problem(`expected "," or "}", found ${found()}`);
      at += 1;
    }
  };
  const array = () => {
    at += 1;
    skipSpace();
    if (text.charAt(at) === ']') {
      at += 1;
      return;
    }
    for (;;) {
      value();
      skipSpace();
      if (text.charAt(at) === ']') {
        at += 1;
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
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    const before = text.slice(0, error.offset);
    const line = before.split('\n').length;
    return { offset: error.offset, line, column: error.offset - before.lastIndexOf('\n'), reason: error.message };
  }
}

class SyntaxProblem extends Error {
  constructor(readonly offset: number, reason: string) {
    super(reason);
  }
}
