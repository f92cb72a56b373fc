/**
 * @deprecated Compatibility alias, kept only because test/stdlib/helpers.ts still imports it.
 * Model execution goes through {@link ModelExecutor} in `src/runtime/session.ts`; its tensors are
 * `Tensor` from `src/runtime/tensor.ts`. Remove this file once nothing imports it.
 */
export type { Tensor as HostTensor } from "../tensor.js";
