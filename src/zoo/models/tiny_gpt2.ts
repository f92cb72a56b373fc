/** Placeholder until the GPT-2-shaped model is built. */
export function buildTinyGpt2Files(): Record<string, () => Uint8Array> {
  return {};
}
