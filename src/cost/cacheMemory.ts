/**
 * KV-cache size of a decoder, read from its ONNX input metadata: the sum over cache inputs of
 * heads × head size × 4 bytes, per position and sample.
 */
import type { ModelRef } from "../ir/ir.js";

export async function cacheBytesPerPosition(m: ModelRef): Promise<number | undefined> {
  const ort = await import("onnxruntime-node");
  let session;
  try {
    session = await ort.InferenceSession.create(m.path);
  } catch {
    return undefined;
  }
  let bytes = 0;
  for (const pattern of m.cache) {
    const re = new RegExp(`^${pattern.input.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace("%d", "\\d+")}$`);
    for (const info of session.inputMetadata) {
      if (!re.test(info.name) || !info.isTensor) continue;
      const [, heads, , size] = info.shape;
      if (typeof heads === "number" && typeof size === "number") bytes += heads * size * 4;
    }
  }
  await session.release();
  return bytes;
}
