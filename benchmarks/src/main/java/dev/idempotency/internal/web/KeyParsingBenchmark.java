package dev.idempotency.internal.web;

import dev.idempotency.benchmarks.jmh.JmhSettings;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing a UUID {@code Idempotency-Key}, sent bare or as a Structured Field string.
 */
@State(Scope.Benchmark)
public class KeyParsingBenchmark extends JmhSettings {

	private final IdempotencyKeyParser parser = new IdempotencyKeyParser(255);

	// Fields rather than constants, so that the JIT cannot fold the parse away.
	private String bare = "8e03978e-40d5-43e8-bc93-6894a57f9324";

	private String sfString = "\"8e03978e-40d5-43e8-bc93-6894a57f9324\"";

	@Benchmark
	public String bare() {
		return this.parser.parse(this.bare);
	}

	@Benchmark
	public String sfString() {
		return this.parser.parse(this.sfString);
	}

}
