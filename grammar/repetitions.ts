/**
 * Chevrotain's OPTION and MANY, as InferParser runs them on every operand and expression,
 * without their per-call garbage (chevrotain 11.2, which package.json pins).
 *
 * - Chevrotain's OPTION and MANY (`optionInternalLogic`, `manyInternalLogic`) make a closure
 *   over `this` for a GATE, which makes V8 allocate a context object at every call, GATE or
 *   not; MANY also hands its arguments, in a new array, to `attemptInRepetitionRecovery` (what
 *   in-repetition recovery would re-invoke). Where V8 inlines them all, it removes these
 *   allocations; where it does not (it varies from run to run), they were 1-2 MB per parse of
 *   10,000 lines, a tenth of the garbage that the young-generation GC has to deal with.
 * - `optionInternalLogic` here is Chevrotain's without the closure (the GATE is asked first,
 *   then the lookahead, as there).
 * - MANY with a plain action takes a short path where in-repetition recovery is known to be
 *   a no-op: Chevrotain records, per repetition, the terminal that follows it in its rule
 *   (`firstAfterRepMap`, filled the first time the repetition ends), and with none (an OPTION,
 *   alternation or sub-rule comes next, or the rule ends below the top-level rule) it returns
 *   without looking at the input. That holds for the operand's prefixes and postfixes and
 *   for the operators of an expression. Every other MANY (and the first run of each) is
 *   Chevrotain's own, so errors and recovery are unchanged.
 */
import { EmbeddedActionsParser } from "./chevrotain.js";
import { ShapeKeepingParser } from "./recording.js";

type Action = () => unknown;
type OptionArg = Action | { DEF: Action; GATE?: () => boolean };
type ManyArg = Action | { DEF: Action; GATE?: () => boolean };

/** What Chevrotain records about the token after a repetition (see `attemptInRepetitionRecovery`). */
interface FirstAfterRepetition {
  readonly token: unknown;
  readonly isEndOfRule: boolean | undefined;
}

/** The internals of Chevrotain's recognizer that the methods below use. */
interface RecognizerInternals {
  getKeyForAutomaticLookahead(dslMethodIdx: number, occurrence: number): number;
  getLaFuncFromCache(key: number): (this: unknown) => boolean;
  doSingleRepetition(action: Action): boolean;
  manyInternal(occurrence: number, action: ManyArg): void;
  readonly firstAfterRepMap: Record<number, FirstAfterRepetition | undefined>;
  readonly RULE_STACK_IDX: number;
}

/** Chevrotain's key bits for MANY (`MANY_IDX` in its grammar/keys.js). */
const MANY_IDX = 3 << 8;

const chevrotainProto = EmbeddedActionsParser.prototype as unknown as RecognizerInternals & {
  optionInternalLogic(actionOrMethodDef: OptionArg, occurrence: number, key: number): unknown;
};
const chevrotainMany = chevrotainProto.manyInternal;
const chevrotainOption = chevrotainProto.optionInternalLogic;

/**
 * Whether this Chevrotain has the internals the methods below use. With another version (the
 * pin in package.json changed), they are Chevrotain's own again rather than broken.
 */
const INTERNALS_AS_EXPECTED = [
  "getKeyForAutomaticLookahead", "getLaFuncFromCache", "doSingleRepetition", "manyInternal", "optionInternalLogic",
].every((m) => typeof (chevrotainProto as unknown as Record<string, unknown>)[m] === "function");

export abstract class RepetitionsParser extends ShapeKeepingParser {
  /** Chevrotain's, without the closure over `this`. */
  protected optionInternalLogic(actionOrMethodDef: OptionArg, occurrence: number, key: number): unknown {
    if (!INTERNALS_AS_EXPECTED) return chevrotainOption.call(this, actionOrMethodDef, occurrence, key);
    const self = this as unknown as RecognizerInternals;
    const lookahead = self.getLaFuncFromCache(key);
    if (typeof actionOrMethodDef === "function") return lookahead.call(this) === true ? actionOrMethodDef.call(this) : undefined;
    const gate = actionOrMethodDef.GATE;
    if (gate !== undefined && !gate.call(this)) return undefined;
    return lookahead.call(this) === true ? actionOrMethodDef.DEF.call(this) : undefined;
  }

  /** Chevrotain's, or its loop alone where in-repetition recovery would do nothing. */
  protected manyInternal(occurrence: number, actionOrMethodDef: ManyArg): void {
    const self = this as unknown as RecognizerInternals;
    if (INTERNALS_AS_EXPECTED && typeof actionOrMethodDef === "function") {
      const key = self.getKeyForAutomaticLookahead(MANY_IDX, occurrence);
      const after = self.firstAfterRepMap?.[key];
      // The rule stack is the same once the loop is done: the check can come first.
      if (after !== undefined && after.token === undefined && !(after.isEndOfRule === true && self.RULE_STACK_IDX === 0)) {
        const lookahead = self.getLaFuncFromCache(key);
        let notStuck = true;
        while (lookahead.call(this) === true && notStuck) notStuck = self.doSingleRepetition(actionOrMethodDef);
        return;
      }
    }
    chevrotainMany.call(this, occurrence, actionOrMethodDef);
  }
}
