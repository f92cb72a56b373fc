/**
 * The rules `infer check` runs, in a deliberate order: bindings first (nothing else matters if
 * a model does not fit its file), then schedules, then the factorization and target-time rules
 * of DESIGN.md §3 / methods.md §6. Diagnostics are sorted by position before they are shown;
 * the order only decides which of two findings at one place comes first.
 */
import type { CheckRule } from "./rule.js";
import { BindingFileRule } from "./rules/BindingFileRule.js";
import { BindingNamesRule } from "./rules/BindingNamesRule.js";
import { BindingTypesRule } from "./rules/BindingTypesRule.js";
import { BindingUnboundPortRule } from "./rules/BindingUnboundPortRule.js";
import { ConsistencyDeterministicJumpRule } from "./rules/ConsistencyDeterministicJumpRule.js";
import { FlowmapConventionRule } from "./rules/FlowmapConventionRule.js";
import { GuidanceWithoutNullRule } from "./rules/GuidanceWithoutNullRule.js";
import { HeadsJointSamplingRule } from "./rules/HeadsJointSamplingRule.js";
import { MissingTargetTimeRule } from "./rules/MissingTargetTimeRule.js";
import { OutcomeDependentOrderRule } from "./rules/OutcomeDependentOrderRule.js";
import { ParallelUnmaskingRule } from "./rules/ParallelUnmaskingRule.js";
import { ScheduleMonotoneRule } from "./rules/ScheduleMonotoneRule.js";
import { ScheduleRangeRule } from "./rules/ScheduleRangeRule.js";
import { StaleKvCacheRule } from "./rules/StaleKvCacheRule.js";
import { UnverifiedDraftRule } from "./rules/UnverifiedDraftRule.js";
import { WarperMismatchRule } from "./rules/WarperMismatchRule.js";

export const specifiedRules: readonly CheckRule[] = Object.freeze([
  // Bindings (DESIGN.md §3 "Binding and shape checks").
  BindingFileRule,
  BindingNamesRule,
  BindingTypesRule,
  BindingUnboundPortRule,
  // Schedules: monotone, inside the contract's time range.
  ScheduleMonotoneRule,
  ScheduleRangeRule,
  // Continuous maps: target time (R1), consistency (R2), flow-map conventions (R3), guidance (R9).
  MissingTargetTimeRule,
  ConsistencyDeterministicJumpRule,
  FlowmapConventionRule,
  GuidanceWithoutNullRule,
  // Discrete factorization (R4, R5), verification (R7), commit order (R6), caches (R8).
  HeadsJointSamplingRule,
  ParallelUnmaskingRule,
  UnverifiedDraftRule,
  WarperMismatchRule,
  OutcomeDependentOrderRule,
  StaleKvCacheRule,
]);
