/**
 * Sampling kernels of the runtime: softmax-family reductions, logits warpers (fixed HF order),
 * categorical sampling (inverse CDF, one uniform per row), speculative verification and
 * masked-diffusion unmasking helpers. All operate on row-major [rows, V] typed arrays.
 */
export * from "./softmax.js";
export * from "./warpers.js";
export * from "./categorical.js";
export * from "./speculative.js";
export * from "./unmask.js";
