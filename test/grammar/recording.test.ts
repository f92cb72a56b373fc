/** ShapeKeepingParser: after recording, the parser calls exactly the methods Chevrotain's delete would expose. */
import { describe, expect, it } from "vitest";
import { EmbeddedActionsParser } from "../../grammar/chevrotain.js";
import { InferParser } from "../../grammar/parser.js";
import { RECORDING_METHODS } from "../../grammar/recording.js";

describe("disableRecording", () => {
  it("points every recording method back at the prototype's, and ends the recording phase", () => {
    const parser = new InferParser({ skipValidations: true }) as unknown as Record<string, unknown>;
    expect(parser.RECORDING_PHASE).toBe(false);
    const proto = Object.getPrototypeOf(parser) as Record<string, unknown>;
    for (const name of RECORDING_METHODS) {
      expect(parser[name], name).toBe(proto[name]);
      expect(typeof parser[name], name).toBe("function");
    }
  });
  it("covers every method Chevrotain's own disableRecording removes", () => {
    // Chevrotain's version lists them in its source; a new name there must be added here.
    const source = (EmbeddedActionsParser.prototype as unknown as { disableRecording: () => void }).disableRecording.toString();
    const deleted = [...source.matchAll(/delete that(?:\[`(\w+)\$\{idx\}`\]|\[`(\w+)`\]|\.(\w+))/g)];
    const names = new Set(deleted.map((m) => m[1] ?? m[2] ?? m[3]));
    expect(names.size).toBe(17);
    for (const name of names) expect(RECORDING_METHODS).toContain(name);
  });
});
