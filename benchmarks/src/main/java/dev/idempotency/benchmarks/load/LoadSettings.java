package dev.idempotency.benchmarks.load;

import java.util.List;

/**
 * How a load run applies load.
 *
 * @param rounds how many times every scenario is measured, in turn forwards and
 * backwards, so that a machine that drifts during the run favours no scenario
 * @param concurrency the workers of the throughput phase
 * @param requests the requests of the throughput phase, unless its time runs out first
 * @param maxSeconds the time bound of the throughput phase
 * @param warmupSeconds the load sent before measuring, so the app's JIT has compiled the
 * path measured
 * @param latencyRequests the requests of the latency phase, one at a time
 * @param replayKeys the keys the replay scenarios cycle through
 * @param appJvmOptions the sample app's JVM options
 */
record LoadSettings(int rounds, int concurrency, int requests, int maxSeconds, int warmupSeconds, int latencyRequests,
		int replayKeys, List<String> appJvmOptions) {

}
