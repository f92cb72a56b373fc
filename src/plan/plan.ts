/**
 * The execution plan: a versioned JSON document holding one lowered procedure, its model
 * table (paths relative to the plan, sha256 of each ONNX file) and the RNG specification.
 */
import type { IRProcedure, ModelRef, InputSpec, Op, Operand, ValueType } from "../ir/ir.js";

export const PLAN_FORMAT = "infer-plan";
export const PLAN_VERSION = 1;

export interface PlanModel extends Omit<ModelRef, "path"> {
  /** Relative to the directory of the plan file. */
  readonly path: string;
  readonly sha256: string;
}

export interface Plan {
  readonly format: typeof PLAN_FORMAT;
  readonly version: number;
  readonly procedure: string;
  readonly source?: string;
  readonly models: readonly PlanModel[];
  readonly inputs: readonly InputSpec[];
  readonly constants: Readonly<Record<string, unknown>>;
  readonly batch?: number;
  readonly rng: { readonly algorithm: "philox4x32-10"; readonly counter?: string };
  readonly body: readonly Op[];
  readonly result: Operand;
  readonly resultType: ValueType;
}

/** The IR procedure a plan describes, with model paths made absolute against `planDir`. */
export function procedureOf(plan: Plan, planDir: string, resolve: (dir: string, p: string) => string): IRProcedure {
  return {
    name: plan.procedure,
    file: plan.source ?? "",
    models: plan.models.map(({ sha256: _h, ...m }) => ({ ...m, path: resolve(planDir, m.path) })),
    inputs: plan.inputs,
    constants: plan.constants,
    ...(plan.batch !== undefined ? { batch: plan.batch } : {}),
    body: plan.body,
    result: plan.result,
    resultType: plan.resultType,
  };
}
