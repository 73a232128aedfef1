// Two contenders on a noisy, shared machine: many short rounds, alternating which side goes first
// (A/B, B/A, ...), so a burst of noise hits both; medians of per-round figures ignore the outliers.

const now = () => process.hrtime.bigint();

async function timeBatch(run, iterations) {
  const start = now();
  for (let i = 0; i < iterations; i++) await run();
  return Number(now() - start) / 1e9;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function timeAll(runs, iterations) {
  const times = [];
  for (const run of runs) times.push(await timeBatch(run, iterations));
  return times;
}

/** How many calls of the slower side take about `seconds`. */
async function calibrate(runs, seconds) {
  let iterations = 1;
  for (;;) {
    const elapsed = Math.max(...(await timeAll(runs, iterations)));
    if (elapsed >= seconds / 4) return Math.max(1, Math.round((iterations * seconds) / elapsed));
    iterations *= 2;
  }
}

/**
 * Ops/s of `ours` and `theirs`, and ours/theirs, as medians over interleaved rounds.
 * `roundSeconds` is one side's share of a round; `budgetSeconds` bounds the whole comparison.
 */
export async function compare({ ours, theirs, warmupSeconds, roundSeconds, budgetSeconds }) {
  // Calibrating cold code would size the rounds by the first, unoptimised calls.
  const warmupEnd = performance.now() + warmupSeconds * 1000;
  while (performance.now() < warmupEnd) {
    await ours();
    await theirs();
  }
  const iterations = await calibrate([ours, theirs], roundSeconds);

  const oursRates = [];
  const theirsRates = [];
  const ratios = [];
  const end = performance.now() + budgetSeconds * 1000;
  for (let round = 0; round < 3 || performance.now() < end; round++) {
    const oursFirst = round % 2 === 0;
    const first = await timeBatch(oursFirst ? ours : theirs, iterations);
    const second = await timeBatch(oursFirst ? theirs : ours, iterations);
    const oursRate = iterations / (oursFirst ? first : second);
    const theirsRate = iterations / (oursFirst ? second : first);
    oursRates.push(oursRate);
    theirsRates.push(theirsRate);
    ratios.push(oursRate / theirsRate);
  }
  return {
    ours: median(oursRates),
    theirs: median(theirsRates),
    ratio: median(ratios),
    rounds: ratios.length,
  };
}
