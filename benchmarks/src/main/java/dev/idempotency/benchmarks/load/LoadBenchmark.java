package dev.idempotency.benchmarks.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

/**
 * Measures the sample payments app on the {@code redis-postgres} profile with the starter
 * disabled and then in each configuration worth comparing, one app process at a time,
 * from this process, on loopback. Writes the results as JSON.
 *
 * <p>
 * Options, as {@code --name=value}: {@code app-jar}, {@code out}, {@code postgres-url},
 * {@code redis-url}, {@code rounds}, {@code concurrency}, {@code requests}, {@code max-seconds},
 * {@code warmup-seconds}, {@code latency-requests}, {@code replay-keys}, {@code only} (a
 * comma-separated list of scenario names), {@code app-jvm-options} (more options for the
 * app's JVM, separated by spaces, such as a Flight Recorder recording to profile it).
 */
public final class LoadBenchmark {

	static final String GATEWAY_LATENCY = "20ms";

	private LoadBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		Path appJar = Path.of(options.getOrDefault("app-jar", "sample-payments-app/target/sample-payments-app.jar"));
		Path out = Path.of(options.getOrDefault("out", "benchmarks/target/load.json"));
		LoadSettings settings = new LoadSettings(intOption(options, "rounds", 2), intOption(options, "concurrency", 16),
				intOption(options, "requests", 30_000), intOption(options, "max-seconds", 25),
				intOption(options, "warmup-seconds", 20), intOption(options, "latency-requests", 2_000),
				intOption(options, "replay-keys", 1_000), appJvmOptions(options.get("app-jvm-options")));
		LocalServices services = new LocalServices(
				options.getOrDefault("postgres-url", env("IDEMPOTENCY_BENCH_POSTGRES_URL",
						"jdbc:postgresql://127.0.0.1:5432/test?user=postgres")),
				options.getOrDefault("redis-url", env("IDEMPOTENCY_BENCH_REDIS_URL", "redis://127.0.0.1:6379")));
		if (!Files.isRegularFile(appJar)) {
			throw new IllegalArgumentException(appJar + " does not exist: build it with "
					+ "./mvnw -q -DskipTests package -pl sample-payments-app -am");
		}
		List<Scenario> scenarios = selected(options.get("only"));
		Machine machine = Machine.describe(services);
		System.out.println("Machine: " + machine);
		List<ScenarioResult> results = new ArrayList<>();
		try {
			for (int round = 1; round <= settings.rounds(); round++) {
				List<Scenario> order = new ArrayList<>(scenarios);
				if (round % 2 == 0) {
					Collections.reverse(order);
				}
				for (Scenario scenario : order) {
					results.add(measure(round, scenario, settings, services, appJar, out.resolveSibling("logs")));
				}
			}
		}
		finally {
			services.dropAll();
		}
		Files.createDirectories(out.toAbsolutePath().getParent());
		JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(out.toFile(),
				new LoadResults(machine, settings, results));
		System.out.println("Wrote " + out);
	}

	static List<Scenario> scenarios() {
		List<Scenario> scenarios = new ArrayList<>();
		scenarios.add(Scenario.baseline());
		scenarios.add(Scenario.newKeys("in-memory", false));
		scenarios.add(Scenario.newKeys("jdbc", false));
		scenarios.add(Scenario.newKeys("tiered", false));
		scenarios.add(Scenario.newKeys("jdbc", true));
		scenarios.add(Scenario.newKeys("tiered", true));
		scenarios.add(Scenario.replays("in-memory"));
		scenarios.add(Scenario.replays("jdbc"));
		scenarios.add(Scenario.replays("tiered"));
		// A handler as slow as a real card payment, to show how much of its cost the
		// starter's own is.
		scenarios.add(Scenario.baseline().withGatewayLatency(GATEWAY_LATENCY));
		scenarios.add(Scenario.newKeys("tiered", false).withGatewayLatency(GATEWAY_LATENCY));
		return scenarios;
	}

	private static List<Scenario> selected(String only) {
		if (only == null || only.isBlank()) {
			return scenarios();
		}
		List<String> names = List.of(only.split(","));
		return scenarios().stream().filter((scenario) -> names.contains(scenario.name())).toList();
	}

	private static ScenarioResult measure(int round, Scenario scenario, LoadSettings settings, LocalServices services,
			Path appJar, Path logs) throws Exception {
		System.out.printf("%nround %d, %s: %s%n", round, scenario.name(), scenario.title());
		services.reset();
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.profiles.active", "redis-postgres");
		properties.putAll(services.appProperties());
		properties.putAll(scenario.properties());
		try (SampleApp app = SampleApp.start(appJar, settings.appJvmOptions(), properties,
				logs.resolve(scenario.name() + "-" + round + ".log"))) {
			String keyPrefix = "bench-" + UUID.randomUUID() + "-";
			LoadGenerator load = new LoadGenerator(app.baseUri(), scenario.kind(), keyPrefix, settings.replayKeys());
			load.seedReplayKeys(settings.concurrency());
			PhaseResult warmup = load.run(settings.concurrency(), Integer.MAX_VALUE,
					Duration.ofSeconds(settings.warmupSeconds()));
			System.out.printf("  warm-up:    %s%n", summary(warmup));
			long appCpu = app.cpuMillis();
			long machineCpu = CpuTime.ofMachine();
			PhaseResult throughput = load.run(settings.concurrency(), settings.requests(),
					Duration.ofSeconds(settings.maxSeconds()));
			throughput = throughput.withCpu(difference(appCpu, app.cpuMillis()),
					difference(machineCpu, CpuTime.ofMachine()));
			System.out.printf("  throughput: %s%n", summary(throughput));
			PhaseResult latency = load.run(1, settings.latencyRequests(), Duration.ofSeconds(settings.maxSeconds()));
			System.out.printf("  latency:    %s%n", summary(latency));
			long rss = app.peakRssKiB();
			return new ScenarioResult(round, scenario.name(), scenario.title(), throughput, latency,
					(rss < 0) ? -1 : rss / 1024.0);
		}
	}

	private static List<String> appJvmOptions(String extra) {
		List<String> options = new ArrayList<>(List.of("-Xms512m", "-Xmx512m"));
		if (extra != null && !extra.isBlank()) {
			options.addAll(List.of(extra.trim().split("\\s+")));
		}
		return options;
	}

	private static long difference(long before, long after) {
		return (before < 0 || after < 0) ? -1 : after - before;
	}

	private static String summary(PhaseResult phase) {
		return String.format("%d requests in %.1f s, %.0f/s, p50 %.2f ms, p99 %.2f ms, app CPU %.0f µs/request, "
				+ "%d errors%s", phase.requests(), phase.seconds(), phase.perSecond(), phase.p50Ms(), phase.p99Ms(),
				phase.appCpuMicrosPerRequest(), phase.errors(),
				(phase.firstError() != null) ? " (first: " + phase.firstError() + ")" : "");
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Options are --name=value, not " + arg);
			}
			options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
		}
		return options;
	}

	private static int intOption(Map<String, String> options, String name, int fallback) {
		return options.containsKey(name) ? Integer.parseInt(options.get(name)) : fallback;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
