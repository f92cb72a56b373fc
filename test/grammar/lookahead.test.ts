/** FirstTokenLookahead: stored paths are used only for the grammar they were computed from. */
import { describe, expect, it } from "vitest";
import type { FirstTokenLookahead, LookaheadTable } from "../../grammar/lookahead.js";
import stored from "../../grammar/lookahead.json" with { type: "json" };
import { InferParser } from "../../grammar/parser.js";

type Internals = { lookaheadStrategy: FirstTokenLookahead & { stored: unknown } };
const strategyOf = (parser: InferParser) => (parser as unknown as Internals).lookaheadStrategy;
const computed = new InferParser({ skipValidations: true, lookahead: null }).lookaheadTable();

describe("lookahead paths", () => {
  it("are taken from grammar/lookahead.json when its fingerprint is this grammar's", () => {
    const parser = new InferParser({ skipValidations: true });
    expect(strategyOf(parser).stored).toBe((stored as LookaheadTable).paths);
    expect(parser.lookaheadTable()).toEqual(computed);
  });
  it("are computed again when the fingerprint is another grammar's", () => {
    const stale: LookaheadTable = { fingerprint: "0000000000000000", paths: Object.fromEntries(Object.keys(computed.paths).map((k) => [k, [[["Comma"]]]])) };
    const parser = new InferParser({ skipValidations: true, lookahead: stale });
    expect(strategyOf(parser).stored).toBeUndefined();
    expect(parser.lookaheadTable()).toEqual(computed);
  });
  it("are computed again for a production whose stored paths name an unknown token", () => {
    const [key] = Object.keys(computed.paths);
    const table: LookaheadTable = { fingerprint: computed.fingerprint, paths: { ...computed.paths, [key!]: [[["NoSuchToken"]]] } };
    expect(new InferParser({ skipValidations: true, lookahead: table }).lookaheadTable()).toEqual(computed);
  });
  it("cover every production with the fingerprint of the recorded grammar", () => {
    expect(Object.keys(computed.paths).length).toBeGreaterThan(40);
    expect(computed.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });
});
