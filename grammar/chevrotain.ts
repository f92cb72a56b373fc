/**
 * The one way the compiler loads Chevrotain (runtime values; types come from "chevrotain").
 *
 * chevrotain 11's package entry (`lib/src/api.js`) is ~700 ES modules (its own files plus
 * lodash-es): importing it costs ~0.5 s of cold start. The package also ships the same API
 * as one bundle, `lib/chevrotain.mjs`, which loads in ~30 ms; its `exports` map hides it, so
 * it is located next to the resolved entry. Every module must import Chevrotain values from
 * here: token types and parsers from two different copies would not recognise each other.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

type Chevrotain = typeof import("chevrotain");

async function load(): Promise<Chevrotain> {
  try {
    const entry = createRequire(import.meta.url).resolve("chevrotain"); // .../lib/src/api.js
    return (await import(pathToFileURL(join(dirname(entry), "..", "chevrotain.mjs")).href)) as Chevrotain;
  } catch {
    return await import("chevrotain"); // a different layout: fall back to the package entry
  }
}

const chevrotain = await load();

export const {
  EmbeddedActionsParser,
  EOF,
  LLkLookaheadStrategy,
  Lexer,
  createToken,
  createSyntaxDiagramsCode,
  getLookaheadPaths,
  isRecognitionException,
  serializeGrammar,
  tokenMatcher,
} = chevrotain;

export type {
  ILexingError,
  IParserErrorMessageProvider,
  IRecognitionException,
  IToken,
  TokenType,
} from "chevrotain";
