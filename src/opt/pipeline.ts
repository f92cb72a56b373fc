/**
 * The optimizer: a sequence of pure IR -> IR passes, each in its own file, run in the order
 * of `defaultPipeline` under an optimization level. `explain` records what each pass changed.
 */
import type { IRProcedure } from "../ir/ir.js";
import { deadCodePass } from "./passes/deadCode.js";
import { batchGuidancePass } from "./passes/batchGuidance.js";
import { fuseElementwisePass } from "./passes/fuseElementwise.js";
import { fuseSamplingPass } from "./passes/fuseSampling.js";

export interface Pass {
  readonly name: string;
  /** The pass runs when the optimization level is at least this. */
  readonly optLevel: number;
  run(ir: IRProcedure): { ir: IRProcedure; changes: string[] };
}

export const defaultPipeline: readonly Pass[] = Object.freeze([batchGuidancePass, deadCodePass, fuseElementwisePass, fuseSamplingPass]);

export interface OptimizeOptions {
  readonly optLevel?: number;
  readonly disable?: readonly string[];
}

export function optimize(ir: IRProcedure, options: OptimizeOptions = {}, passes: readonly Pass[] = defaultPipeline): { ir: IRProcedure; explain: string[] } {
  const level = options.optLevel ?? 1;
  const explain: string[] = [];
  let current = ir;
  for (const pass of passes) {
    if (pass.optLevel > level || options.disable?.includes(pass.name)) continue;
    const { ir: next, changes } = pass.run(current);
    for (const c of changes) explain.push(`${pass.name}: ${c}`);
    current = next;
  }
  return { ir: current, explain };
}
