package dev.idempotency.benchmarks.load;

import org.HdrHistogram.Histogram;

/**
 * What one phase of load measured: how many answers, how fast, and how long they took.
 *
 * @param concurrency the number of workers, each with one request in flight
 * @param requests the answers received
 * @param errors answers that were not what the scenario expects (a status other than 201,
 * a replay where a new key was sent or the other way round), or no answer
 * @param seconds from the first request sent to the last answer received
 * @param perSecond answers per second
 * @param p50Ms the median latency in milliseconds
 * @param p90Ms the 90th percentile latency in milliseconds
 * @param p99Ms the 99th percentile latency in milliseconds
 * @param maxMs the highest latency in milliseconds
 * @param firstError the first error seen, or {@code null}
 * @param appCpuMicrosPerRequest the sample app's CPU time per answer, or -1 where unknown
 * @param machineCpuMicrosPerRequest the whole machine's CPU time per answer (the app, the
 * databases, the load generator), or -1 where unknown
 */
record PhaseResult(int concurrency, long requests, long errors, double seconds, double perSecond, double p50Ms,
		double p90Ms, double p99Ms, double maxMs, String firstError, double appCpuMicrosPerRequest,
		double machineCpuMicrosPerRequest) {

	static PhaseResult of(int concurrency, Histogram latencies, long errors, double seconds, String firstError) {
		long requests = latencies.getTotalCount();
		return new PhaseResult(concurrency, requests, errors, seconds, (seconds > 0) ? requests / seconds : 0,
				millis(latencies.getValueAtPercentile(50)), millis(latencies.getValueAtPercentile(90)),
				millis(latencies.getValueAtPercentile(99)), millis(latencies.getMaxValue()), firstError, -1, -1);
	}

	PhaseResult withCpu(long appCpuMillis, long machineCpuMillis) {
		return new PhaseResult(this.concurrency, this.requests, this.errors, this.seconds, this.perSecond, this.p50Ms,
				this.p90Ms, this.p99Ms, this.maxMs, this.firstError, perRequest(appCpuMillis),
				perRequest(machineCpuMillis));
	}

	private double perRequest(long cpuMillis) {
		return (cpuMillis < 0 || this.requests == 0) ? -1 : cpuMillis * 1000.0 / this.requests;
	}

	private static double millis(long nanos) {
		return nanos / 1e6;
	}

}
