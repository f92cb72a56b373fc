import { describe, expect, it } from "vitest";

import { formatDuration, formatSummary, ProgressBar } from "../../src/runtime/progress.js";

function fakeStream(isTTY: boolean, columns = 80) {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (s: string) => writes.push(s) };
}

function clock() {
  let t = 0;
  return { now: () => t, set: (v: number) => (t = v) };
}

describe("ProgressBar", () => {
  it("stays silent for the first second, then draws, throttled", () => {
    const s = fakeStream(true);
    const c = clock();
    const bar = new ProgressBar({ total: 10, label: "gmm", stream: s, now: c.now });
    c.set(500);
    bar.tick();
    expect(s.writes).toEqual([]);
    c.set(1000);
    bar.tick();
    expect(s.writes).toHaveLength(1);
    expect(s.writes[0]).toBe("\r\x1b[Kgmm [########--------------------------------] 20% 2/10 1.00 s eta 4.00 s");
    c.set(1050); // within 100 ms of the last draw
    bar.tick();
    expect(s.writes).toHaveLength(1);
    c.set(1100);
    bar.tick();
    expect(s.writes).toHaveLength(2);
    bar.finish();
    expect(s.writes.at(-1)).toBe("\r\x1b[K");
  });

  it("never draws when not a TTY or quiet, and finish() then writes nothing", () => {
    for (const [tty, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const s = fakeStream(tty);
      const c = clock();
      const bar = new ProgressBar({ total: 3, stream: s, quiet, now: c.now });
      c.set(5000);
      bar.update(2);
      bar.finish();
      expect(bar.enabled).toBe(false);
      expect(s.writes).toEqual([]);
    }
  });

  it("shows a count without a total and fits narrow terminals", () => {
    const c = clock();
    const bar = new ProgressBar({ stream: fakeStream(true, 30), now: c.now });
    bar.update(7);
    expect(bar.render(2500)).toBe("7 2.50 s");
    const narrow = new ProgressBar({ total: 4, stream: fakeStream(true, 30), now: c.now });
    narrow.update(4);
    expect(narrow.render(1000)).toBe("[##########] 100% 4/4 1.00 s eta 0 ms");
  });

  it("takes the total from each update that gives one (a program's loops report their own)", () => {
    const c = clock();
    const bar = new ProgressBar({ stream: fakeStream(true, 30), now: c.now });
    bar.update(5, 20);
    expect(bar.render(1000)).toBe("[###-------] 25% 5/20 1.00 s eta 3.00 s");
    bar.update(3);
    expect(bar.render(1000)).toBe("[##--------] 15% 3/20 1.00 s eta 5.67 s");
  });
});

describe("formatDuration", () => {
  it("picks a readable unit", () => {
    expect(formatDuration(12.4)).toBe("12 ms");
    expect(formatDuration(0.234)).toBe("0.23 ms");
    expect(formatDuration(1250)).toBe("1.25 s");
    expect(formatDuration(125_000)).toBe("2 m 05 s");
    expect(formatDuration(3_720_000)).toBe("1 h 02 m");
    expect(formatDuration(NaN)).toBe("?");
  });
});

describe("formatSummary", () => {
  it("lists calls per model and the share of wall time inside model calls", () => {
    const text = formatSummary({
      wallMs: 2000,
      samples: 512,
      models: [
        { model: "markov_lm_kv.onnx", calls: 640, runMs: 1200, loadMs: 30 },
        { model: "draft.onnx", calls: 1280, runMs: 300, loadMs: 10 },
      ],
    });
    expect(text).toBe(
      [
        "model              calls       time   per call    wall",
        "markov_lm_kv.onnx    640     1.20 s    1.88 ms   60.0%",
        "draft.onnx          1280     300 ms    0.23 ms   15.0%",
        "1920 model calls in 2.00 s, 512 samples; 75.0% of wall time inside model calls (1.50 s); opening the models took 40 ms",
      ].join("\n"),
    );
  });
  it("says 1 sample, not 1 samples", () => {
    expect(formatSummary({ wallMs: 10, models: [], samples: 1 }).split("\n").at(-1)).toBe(
      "0 model calls in 10 ms, 1 sample; 0.0% of wall time inside model calls (0 ms)",
    );
  });
  it("handles runs without model calls", () => {
    expect(formatSummary({ wallMs: 0, models: [] }).split("\n").at(-1)).toBe(
      "0 model calls in 0 ms; - of wall time inside model calls (0 ms)",
    );
  });
});
