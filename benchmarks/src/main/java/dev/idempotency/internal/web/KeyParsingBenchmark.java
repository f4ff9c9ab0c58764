package dev.idempotency.internal.web;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing a UUID {@code Idempotency-Key}, sent bare or as a Structured Field string.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class KeyParsingBenchmark {

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
