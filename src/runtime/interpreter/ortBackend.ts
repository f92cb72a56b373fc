/**
 * @deprecated Compatibility alias, kept only because test/stdlib (helpers.ts, guidance.test.ts)
 * still imports it: the interpreter runs models through {@link OrtExecutor} in
 * `src/runtime/session.ts`. Remove this file once nothing imports it.
 */
import { OrtExecutor } from "../session.js";

export class OrtBackend extends OrtExecutor {
  /** The old name of {@link OrtExecutor.close}. */
  dispose(): Promise<void> {
    return this.close();
  }
}
