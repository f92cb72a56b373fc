/**
 * The runtime core library: what the plan interpreter calls to execute a plan.
 *
 * - `rng/philox`   counter-based randomness: sample i's draws depend only on (seed, i, draw).
 * - `sampling/`    logits warpers, categorical sampling, speculative verification, unmasking.
 * - `tensor`       backend-neutral tensors and conversion buffers.
 * - `session`      the ModelExecutor interface and its onnxruntime-node implementation
 *                  (`ortFeeds`: its tensor conversions).
 * - `kvcache`      KV-cache discovery and bookkeeping for ONNX decoders; `tokenKvCache` the cache
 *                  of a decoding loop (which sample and tokens each row holds).
 * - `npy`, `atomicWrite`  numpy interop and crash-safe output files.
 * - `progress`     progress bar and end-of-run summary.
 */
export * from "./rng/philox.js";
export * from "./sampling/index.js";
export * from "./tensor.js";
export * from "./session.js";
export * from "./kvcache.js";
export * from "./tokenKvCache.js";
export * from "./npy.js";
export * from "./atomicWrite.js";
export * from "./progress.js";
