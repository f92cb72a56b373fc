import { describe, expect, it } from "vitest";
import { BindingFileRule } from "../../../src/check/rules/BindingFileRule.js";
import { check, root, spanText, zoo } from "../helpers.js";

const rules = [BindingFileRule];
const decl = (path: string) => `model den: denoiser(pred: x0, path: ve) = onnx(${path}) { x <- "x"; t <- "sigma"; out -> "denoised" }`;

describe("BindingFileRule", () => {
  it("a missing file is an error at the path, with the resolved path relative to the working directory", async () => {
    const src = decl(zoo("nope.onnx"));
    const ds = await check(src, rules, { cwd: root });
    expect(ds.map((d) => [d.code, d.severity, spanText(src, d)])).toEqual([["binding-missing-file", "error", zoo("nope.onnx")]]);
    expect(ds[0]!.message).toBe('The ONNX file of model "den" does not exist: examples/models/nope.onnx.');
  });
  it("a file that is not an ONNX model is an error too", async () => {
    const ds = await check(decl(JSON.stringify(`${root}/README.md`)), rules, { cwd: root });
    expect(ds[0]!.message).toMatch(/^The file of model "den" is not a readable ONNX model: README\.md \(/);
  });
  it("models that are declared but not used are checked; existing files are clean", async () => {
    expect(await check(decl(zoo("gmm_denoiser.onnx")), rules)).toEqual([]);
  });
});
