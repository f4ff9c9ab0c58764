package dev.idempotency.benchmarks.load;

/**
 * What one scenario measured.
 *
 * @param round which round of the run measured it, from 1
 * @param name the scenario's identifier
 * @param title what it measures, in words
 * @param throughput the phase under load, many workers
 * @param latency the phase with one worker, which shows what a request costs without
 * queueing
 * @param appPeakRssMiB the sample app's peak resident memory, or -1 where unknown
 */
record ScenarioResult(int round, String name, String title, PhaseResult throughput, PhaseResult latency, double appPeakRssMiB) {

}
