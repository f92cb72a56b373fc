/** Model declarations against the contract table (language.md §5). */
import { describe, expect, it } from "vitest";
import { Contracts, CONTRACT_KINDS } from "../../src/semantics/contracts.js";
import { analyzeText, brief, codes } from "./helpers.js";

const model = (head: string, bindings: string) => `model m: ${head} = onnx("m.onnx") {\n${bindings}\n}`;
const DEN_BINDINGS = `  x <- "x"\n  t <- "sigma"\n  out -> "denoised"`;

describe("contract table", () => {
  it("has the six contracts, each with ports and a call signature", () => {
    expect(Object.keys(Contracts)).toEqual([...CONTRACT_KINDS]);
    for (const c of Object.values(Contracts)) {
      expect(c.ports.some((p) => p.direction === "in" && p.required)).toBe(true);
      expect(c.ports.some((p) => p.direction === "out" && p.required)).toBe(true);
      expect(c.call.params.length).toBeGreaterThan(0);
    }
    expect(Contracts.flowmap.call.params.map((p) => p.name)).toEqual(["x", "t", "s"]);
    expect(Contracts.consistency.call.params.map((p) => p.name)).toEqual(["x", "t"]);
    expect(Contracts.next_token.members["score"]?.kind).toBe("method");
  });
});

describe("unknown-contract", () => {
  it("suggests the closest contract", () => {
    const r = analyzeText(model("denoser(pred: x0, path: ve)", DEN_BINDINGS));
    expect(brief(r)).toEqual([{ code: "unknown-contract", at: "1:10", message: 'Unknown contract "denoser".', help: 'Did you mean "denoiser"?' }]);
  });
});

describe("contract arguments", () => {
  it("unknown, out-of-set, badly shaped and repeated arguments are invalid-contract-argument", () => {
    const r = analyzeText(model("denoiser(pred: x1, path: ve, pth: ve, time: [80, 0], path: fm)", DEN_BINDINGS));
    expect(brief(r)).toEqual([
      { code: "invalid-contract-argument", at: "1:25", message: 'Argument "pred" of contract "denoiser" must be one of x0, eps, v, velocity; got "x1".', help: "What the network predicts." },
      { code: "invalid-contract-argument", at: "1:39", message: 'Contract "denoiser" has no argument "pth".', help: 'Did you mean "path"?' },
      { code: "invalid-contract-argument", at: "1:54", message: 'Argument "time" of contract "denoiser" must have lo < hi, got [80, 0].', help: "The [t_min, t_max] range the model was trained on." },
      { code: "invalid-contract-argument", at: "1:63", message: 'Contract argument "path" is given twice.', help: "Remove one of the two." },
    ]);
  });
  it("token ids must lie in the vocabulary; vocab must be a positive whole number", () => {
    const r = analyzeText(model("next_token(vocab: 16, eos: 16)", `  tokens <- "ids"\n  logits -> "logits"`));
    expect(codes(r)).toEqual(["invalid-contract-argument 1:37"]);
    const v = analyzeText(model("heads(k: 2.5, vocab: -3)", `  tokens <- "ids"\n  logits -> "logits"`));
    expect(brief(v).map((d) => d.message)).toEqual([
      'Argument "k" of contract "heads" must be a whole number, got 2.5.',
      'Argument "vocab" of contract "heads" must be positive, got -3.',
    ]);
  });
  it("a missing required argument is missing-contract-argument, at the contract name", () => {
    const r = analyzeText(model("unmask(vocab: 17)", `  tokens <- "ids"\n  logits -> "logits"`));
    expect(brief(r)).toEqual([{ code: "missing-contract-argument", at: "1:10", message: 'Contract "unmask" of model "m" requires the argument "mask".', help: "Add `mask: N`: the mask id." }]);
  });
});

describe("bindings", () => {
  it("unknown ports, wrong directions and repeated ports", () => {
    const r = analyzeText(model("denoiser(pred: x0, path: ve)", `  x <- "x"\n  tt <- "sigma"\n  t <- "t"\n  out <- "o"\n  x <- "again"\n  out -> "denoised"`));
    expect(brief(r)).toEqual([
      { code: "unknown-port", at: "3:3", message: 'Contract "denoiser" has no input port "tt".', help: 'Did you mean "t"?' },
      { code: "unknown-port", at: "5:3", message: 'Port "out" of contract "denoiser" is an output, not an input.', help: 'Write `out -> "o"`.' },
      { code: "duplicate-binding", at: "6:3", message: 'Port "x" of model "m" is bound twice.', help: "Remove one of the two bindings." },
    ]);
  });
  it("every required port must be bound", () => {
    const r = analyzeText(model("flowmap(path: ve)", `  x <- "x"\n  t <- "t"\n  out -> "x_s"`));
    expect(brief(r)).toEqual([{
      code: "missing-binding", at: "1:7", message: 'Model "m" does not bind the input port "s" of contract "flowmap".',
      help: 'Add `s <- "<onnx input name>"` to its bindings.',
    }]);
  });
  it("caches only on next_token, each pattern once; null_cond needs a cond input", () => {
    const lm = analyzeText(model("next_token(vocab: 4)", `  tokens <- "ids"\n  logits -> "l"\n  cache "k.%d" -> "pk.%d"\n  cache "k.%d" -> "pk.%d"`));
    expect(codes(lm)).toEqual(["duplicate-binding 5:3"]);
    const h = analyzeText(model("heads(k: 2, vocab: 4)", `  tokens <- "ids"\n  logits -> "l"\n  cache "k.%d" -> "pk.%d"`));
    expect(brief(h).map((d) => [d.code, d.message])).toEqual([["unknown-port", 'Contract "heads" has no cache.']]);
    const d = analyzeText(model("denoiser(pred: x0, path: ve, null_cond: 8)", DEN_BINDINGS));
    expect(brief(d).map((x) => [x.code, x.at, x.message])).toEqual([["missing-binding", "1:39", 'Model "m" declares "null_cond" but binds no "cond" input.']]);
  });
});

describe("model info in the semantic model", () => {
  it("exposes the contract, constant arguments and bindings", () => {
    const r = analyzeText(`model den: denoiser(pred: eps, path: vp, sigma_data: 0.5, time: [0.002, 80], null_cond: 8) = onnx("d.onnx") {\n  x <- "x"\n  t <- "t"\n  cond <- "class"\n  out -> "eps"\n}`);
    expect(r.diagnostics).toEqual([]);
    const info = r.semanticModel.models[0]!;
    expect(info.contract?.name).toBe("denoiser");
    expect(Object.fromEntries(info.args)).toEqual({ pred: "eps", path: "vp", sigma_data: 0.5, time: [0.002, 80], null_cond: 8 });
    expect([...info.inputs.keys()]).toEqual(["x", "t", "cond"]);
    expect(info.outputs.get("out")?.onnxName.value).toBe("eps");
  });
});
