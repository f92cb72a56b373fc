/**
 * `npm run models`: writes every zoo model into examples/models/ (or the directory given as the
 * first argument). Deterministic: the same source gives byte-identical files.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildGauss05VelocityFM, buildGaussConsistency, buildGaussDenoiser, buildGaussFlowMap } from "./models/gauss.js";
import { buildGmmCondDenoiser, buildGmmDenoiser, buildGmmEpsVP, buildGmmVelocityFM, buildGmmVPredVP } from "./models/gmm.js";
import {
  buildChain2LM,
  buildChain2MTP,
  buildMarkovLM,
  buildMarkovLMKV,
  buildMarkovMDM,
  buildMarkovMDMKV,
  buildMarkovMTP,
  buildPokerMDM,
} from "./models/markov.js";
import { buildTinyGpt2Files } from "./models/tiny_gpt2.js";

/** Every generated file: relative path → builder of its bytes. */
export const ZOO_FILES: Readonly<Record<string, () => Uint8Array>> = {
  "gmm_denoiser.onnx": buildGmmDenoiser,
  "gmm_eps_vp.onnx": buildGmmEpsVP,
  "gmm_velocity_fm.onnx": buildGmmVelocityFM,
  "gmm_v_vp.onnx": buildGmmVPredVP,
  "gmm_cond_denoiser.onnx": buildGmmCondDenoiser,
  "gauss_denoiser.onnx": buildGaussDenoiser,
  "gauss_flowmap.onnx": buildGaussFlowMap,
  "gauss05_velocity_fm.onnx": buildGauss05VelocityFM,
  "gauss_consistency.onnx": buildGaussConsistency,
  "markov_lm.onnx": buildMarkovLM,
  "markov_lm_kv.onnx": buildMarkovLMKV,
  "markov_mtp.onnx": buildMarkovMTP,
  "chain2_lm.onnx": buildChain2LM,
  "chain2_mtp.onnx": buildChain2MTP,
  "markov_mdm.onnx": buildMarkovMDM,
  "markov_mdm_kv.onnx": buildMarkovMDMKV,
  "poker_mdm.onnx": buildPokerMDM,
  ...buildTinyGpt2Files(),
};

/** Writes all zoo files into `outDir`; returns the relative paths written. */
export function generateZoo(outDir: string): string[] {
  const written: string[] = [];
  for (const [rel, build] of Object.entries(ZOO_FILES)) {
    const bytes = build();
    if (bytes.length >= 2 * 1024 * 1024) throw new Error(`${rel} is ${bytes.length} bytes (limit 2 MB)`);
    const p = join(outDir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, bytes);
    written.push(rel);
  }
  return written;
}

/** The repository's examples/models directory (works from src/ via vitest and from dist/src/). */
export function defaultModelsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = here.includes(`${join("dist", "src")}`) ? resolve(here, "../../..") : resolve(here, "../..");
  return join(root, "examples", "models");
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const out = process.argv[2] ? resolve(process.argv[2]) : defaultModelsDir();
  const files = generateZoo(out);
  console.log(`wrote ${files.length} files to ${out}`);
}
