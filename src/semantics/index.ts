/**
 * Semantic analysis: modules, names, types, contracts. `analyze` is the entry point; the
 * `SemanticModel` it returns is what later stages build on.
 */
export { analyze, type AnalysisResult, type AnalyzeOptions, type SemanticModel } from "./model.js";
export { createMemoryHost, defaultStdlibDir, importCandidates, loadModules, type ModuleHost, type ModuleInfo, type ResolvedImport } from "./modules.js";
export { applySuppressions, checkAnnotations, type AllowDirective } from "./annotations.js";
export { Contracts, CONTRACT_KINDS, isContractKind, type ContractKind, type ContractSpec } from "./contracts.js";
export { Builtins, builtinOf, type BuiltinSpec } from "./builtins.js";
export { constValue, type ConstValue, type ModelInfo } from "./models.js";
export type { CallTarget, Value } from "./typecheck.js";
export type * from "./symbols.js";
export * from "./types.js";
