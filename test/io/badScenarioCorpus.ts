/**
 * test/fixtures/bad-scenarios as the tests read it: the manifest of expected messages, and the files
 * too large, too deep or too odd to commit, made at test time. Shared by the in-process, CLI and browser tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths';

export const REPO = REPO_ROOT;
export const CORPUS = 'test/fixtures/bad-scenarios';
export const MANIFEST = 'expected.json';

export interface Entry {
  what: string;
  /** Made at test time instead of committed, as this describes. */
  generated?: string;
  /** The stderr lines of the CLI; also what "Open scenario file" shows, unless openMessages says otherwise. */
  messages?: string[];
  openMessages?: string[];
  loads?: true;
  /** Every error cell of a loadable file, in sheet order and row by row: "Sheet!B2: #NAME?". */
  errorCells?: string[];
}

const manifest = JSON.parse(readFileSync(join(REPO, CORPUS, MANIFEST), 'utf8')) as Record<string, Entry | string>;
export const entries = Object.entries(manifest).filter((pair): pair is [string, Entry] => typeof pair[1] === 'object');

export const MEGABYTE = 1024 * 1024;
const header = (id: string) => `{"type":"tradesheet-scenario","version":1,"id":"${id}","name":"${id}","description":"",`;

/** The files too large, too deep or too odd to commit. */
export const GENERATORS: Record<string, () => Uint8Array> = {
  'huge-50mb.json': () => {
    const head = `${header('huge')}"inputs":{},"outputs":{},"sheets":{"Text":[["`;
    const tail = '"]]}}\n';
    const bytes = Buffer.alloc(50 * MEGABYTE, 'x');
    bytes.write(head, 0);
    bytes.write(tail, bytes.length - tail.length);
    return bytes;
  },
  'deep-10000.json': () => Buffer.from(`${header('deep')}"sheets":{"Deep":[[${'['.repeat(10_000)}${']'.repeat(10_000)}]]},"inputs":{},"outputs":{}}\n`),
  'deep-10000-unclosed.json': () => Buffer.from('{"a":'.repeat(10_000)),
  'too-many-rows.json': () => Buffer.from(`${header('tall')}"inputs":{},"outputs":{},"sheets":{"Tall":[${'[0],'.repeat(1_048_576)}[0]]}}\n`),
  'invalid-utf8-late.json': () => {
    const head = `${header('late')}"description2":"`;
    return Buffer.concat([Buffer.from(head.padEnd(MEGABYTE + 24, 'a')), Buffer.from([0xe9]), Buffer.from('"}\n')]);
  },
};
