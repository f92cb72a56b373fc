/**
 * Ground-truth library for tests and benchmarks (pure TypeScript, double precision, no ORT).
 *
 * - rng:        seeded xoshiro128** PRNG (uniform, normal, categorical)
 * - paths:      VE / VP-cosine / FM noising paths with derivatives
 * - gaussian:   exact mixture & Gaussian posteriors (denoiser, ε, velocity), PF-ODE drift, exact
 *               Gaussian flow map, one-step DDIM gain, exact samplers
 * - ode:        Dormand–Prince RK45 and the mixture PF-ODE flow-map reference (VE, VP, FM)
 * - continuous: moments, exact mixture moments, per-mode weights/variances, sliced Wasserstein
 * - discrete:   empirical distributions, KL, TV, TV sampling-noise bound, mutual information,
 *               joint-vs-product KL, speculative sampling (exact output, acceptance, simulation)
 * - markov:     matrix powers / MTP marginals, next-k joints, sequence log-probs, exact chain
 *               sampling, forward–backward and brute-force masked posteriors
 * - gpt2:       reference forward pass of tiny_gpt2
 */
export * from "./rng.js";
export * from "./paths.js";
export * from "./gaussian.js";
export * from "./ode.js";
export * from "./continuous.js";
export * from "./discrete.js";
export * from "./markov.js";
export * from "./gpt2.js";
