/**
 * The end of Chevrotain's grammar recording, without `delete` (chevrotain 11.2, which
 * package.json pins).
 *
 * `performSelfAnalysis` records the grammar by running every rule with recording versions of
 * CONSUME, SUBRULE, OPTION, OR, MANY, ... set as own properties of the parser object, then
 * `disableRecording` deletes those 89 properties so that the prototype's methods show through.
 * The deletes cost 8 ms of a cold `infer check`, and the first file parsed after them took
 * twice as long (17 ms instead of 9 for stdlib/continuous.infer; measured, tmp script). Here the
 * same properties are pointed at the methods the prototype chain has instead: the parser calls
 * the same functions, and its object keeps the shape it had.
 */
import { EmbeddedActionsParser } from "./chevrotain.js";

/** What Chevrotain's `disableRecording` deletes. */
export const RECORDING_METHODS: readonly string[] = [
  ...Array.from({ length: 10 }, (_, i) => (i > 0 ? String(i) : "")).flatMap((idx) =>
    ["CONSUME", "SUBRULE", "OPTION", "OR", "MANY", "MANY_SEP", "AT_LEAST_ONE", "AT_LEAST_ONE_SEP"].map((name) => name + idx)),
  "consume", "subrule", "option", "or", "many", "atLeastOne", "ACTION", "BACKTRACK", "LA",
];

export abstract class ShapeKeepingParser extends EmbeddedActionsParser {
  /** Replaces Chevrotain's (see above); called once, at the end of `performSelfAnalysis`'s recording. */
  disableRecording(this: ShapeKeepingParser & { RECORDING_PHASE: boolean }): void {
    this.RECORDING_PHASE = false;
    const self = this as unknown as Record<string, unknown>;
    const proto = Object.getPrototypeOf(this) as Record<string, unknown>;
    for (const name of RECORDING_METHODS) {
      if (name in proto) self[name] = proto[name];
      else delete self[name]; // not a method of this Chevrotain: as Chevrotain does
    }
  }
}
