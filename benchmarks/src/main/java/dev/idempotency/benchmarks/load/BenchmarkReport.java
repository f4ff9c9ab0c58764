package dev.idempotency.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code docs/benchmarks.md} and its plot from the JSON results of a JMH run and a
 * load run. The section between the analysis markers is written by people and kept as it
 * is.
 * <p>
 * Arguments: the JMH results, the load results, the Markdown file, the SVG file.
 */
public final class BenchmarkReport {

	static final String ANALYSIS_START = "<!-- analysis: written by hand, kept by the report -->";

	static final String ANALYSIS_END = "<!-- end of analysis -->";

	private static final String GATEWAY = "-gateway-" + LoadBenchmark.GATEWAY_LATENCY;

	private static final String FINGERPRINT = "dev.idempotency.benchmarks.jmh.FingerprintBenchmark.json";

	private final List<JmhResult> jmh;

	private final LoadResults load;

	private final List<Measured> scenarios;

	private final Measured baseline;

	private final Measured gatewayBaseline;

	private BenchmarkReport(List<JmhResult> jmh, LoadResults load) {
		this.jmh = jmh;
		this.load = load;
		this.scenarios = Measured.of(load.scenarios());
		this.baseline = this.scenarios.stream()
			.filter((measured) -> measured.name().equals("baseline"))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("The load results have no baseline"));
		this.gatewayBaseline = scenario("baseline" + GATEWAY).orElse(this.baseline);
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 4) {
			throw new IllegalArgumentException("Arguments: jmh.json load.json benchmarks.md benchmarks.svg");
		}
		JsonMapper json = JsonMapper.builder().build();
		List<JmhResult> jmh = new ArrayList<>();
		for (JsonNode node : json.readTree(Path.of(args[0]).toFile())) {
			Map<String, String> params = new TreeMap<>();
			node.path("params").propertyStream().forEach((entry) -> params.put(entry.getKey(), entry.getValue().asString()));
			JsonNode metric = node.path("primaryMetric");
			jmh.add(new JmhResult(node.path("benchmark").asString(), params, metric.path("score").asDouble(),
					metric.path("scoreError").asDouble(), metric.path("scoreUnit").asString()));
		}
		LoadResults load = json.readValue(Path.of(args[1]).toFile(), LoadResults.class);
		BenchmarkReport report = new BenchmarkReport(jmh, load);
		Path markdown = Path.of(args[2]);
		Path svg = Path.of(args[3]);
		String analysis = Files.exists(markdown) ? analysis(Files.readString(markdown)) : defaultAnalysis();
		Files.writeString(markdown, report.markdown(svg.getFileName().toString(), analysis));
		Files.writeString(svg, report.plot());
		System.out.println("Wrote " + markdown + " and " + svg);
	}

	private String markdown(String svgName, String analysis) {
		StringBuilder out = new StringBuilder();
		out.append("# Benchmarks: what the starter costs\n\n");
		out.append("""
				Every figure below was measured by one run of `benchmarks/run.sh` (the command that
				writes this page, from a fresh clone with PostgreSQL and Redis on localhost), on %s,
				on the machine described at the end. Rerun it to check them on yours; the figures are
				only comparable with each other, within one run.

				""".formatted(LocalDate.now(ZoneOffset.UTC)));
		targets(out);
		out.append("![Throughput of each scenario as a share of the starter disabled](").append(svgName)
			.append(")\n\n");
		loadTable(out);
		jmhTable(out);
		out.append(ANALYSIS_START).append('\n').append(analysis).append(ANALYSIS_END).append("\n\n");
		machine(out);
		return out.toString();
	}

	private void targets(StringBuilder out) {
		out.append("## The targets\n\n");
		out.append("| target | measured | |\n|---|---|---|\n");
		Optional<Measured> tieredNew = scenario("tiered-new-keys");
		tieredNew.ifPresent((tiered) -> {
			double ratio = ratio(tiered);
			row(out, "new keys on the tiered store keep at least 85% of the baseline throughput",
					percent(ratio) + " of the baseline", ratio >= 0.85);
		});
		scenario("tiered-replays").ifPresent((replays) -> {
			double ratio = ratio(replays);
			row(out, "replays reach at least 1.5× the baseline throughput (tiered store)",
					String.format(Locale.ROOT, "%.2f×", ratio), ratio >= 1.5);
		});
		for (String name : List.of("in-memory-new-keys", "jdbc-new-keys", "tiered-new-keys",
				"tiered-transactional-new-keys")) {
			scenario(name).ifPresent((result) -> {
				double added = result.aloneP50Ms() - baselineOf(result).aloneP50Ms();
				row(out, "the starter adds under 1 ms at p50 on loopback (" + result.title() + ")",
						String.format(Locale.ROOT, "%+.2f ms", added), added < 1.0);
			});
		}
		this.jmh.stream()
			.filter((result) -> result.benchmark().equals(FINGERPRINT) && "1024".equals(result.params().get("size")))
			.findFirst()
			.ifPresent((result) -> row(out, "the fingerprint of a 1 KiB JSON body takes under 10 µs",
					String.format(Locale.ROOT, "%.2f ± %.2f µs", result.score(), result.error()),
					result.score() < 10));
		out.append('\n');
	}

	private static void row(StringBuilder out, String target, String measured, boolean met) {
		out.append("| ").append(target).append(" | ").append(measured).append(" | ")
			.append(met ? "met" : "**missed**").append(" |\n");
	}

	private void loadTable(StringBuilder out) {
		LoadSettings settings = this.load.settings();
		out.append("## The sample app under load\n\n");
		out.append("""
				`POST /payments` on the sample app with the `redis-postgres` profile (payments in
				PostgreSQL), the app in a JVM of its own (`%s`), driven from another process on
				loopback by `LoadBenchmark`. For each scenario the app is started afresh on an empty
				schema, warmed up for %d s, then measured twice: **under load**, %d workers each
				sending its next request as soon as the last is answered, for %,d requests or %d s;
				and **alone**, one worker, %,d requests, which shows what one request costs without
				queueing. The baseline is the app with `idempotency.enabled=false`. Every scenario
				is measured %d times, the rounds in turn forwards and backwards through the list, so
				that a machine drifting during the run favours none; the table gives the mean of the
				rounds and, in brackets, the lowest and highest requests/s. Replays cycle through
				%,d keys used once before. Transactional mode is off unless a scenario says
				otherwise. App CPU is the app process's own CPU time per request under load;
				machine CPU is all processors' busy time per request (the app, PostgreSQL, Redis and
				the load generator together). The last two scenarios give the card gateway %s per
				payment, as a real one takes, and are compared with a baseline that has it too.

				""".formatted(String.join(" ", settings.appJvmOptions()), settings.warmupSeconds(),
				settings.concurrency(), settings.requests(), settings.maxSeconds(), settings.latencyRequests(),
				settings.rounds(), settings.replayKeys(), LoadBenchmark.GATEWAY_LATENCY));
		out.append("| scenario | requests/s | vs baseline | p50 / p99 under load | p50 / p99 alone | "
				+ "added p50 alone | app CPU per request | machine CPU per request | errors | app peak RSS |\n");
		out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
		for (Measured result : this.scenarios) {
			boolean isBaseline = result == baselineOf(result);
			out.append(String.format(Locale.ROOT,
					"| %s | %,.0f (%,.0f–%,.0f) | %.2f× | %.2f / %.2f ms | %.2f / %.2f ms | %s | %s | %s | %d | %s |%n",
					result.title(), result.perSecond(), result.minPerSecond(), result.maxPerSecond(), ratio(result),
					result.loadP50Ms(), result.loadP99Ms(), result.aloneP50Ms(), result.aloneP99Ms(),
					isBaseline ? "–"
							: String.format(Locale.ROOT, "%+.2f ms", result.aloneP50Ms() - baselineOf(result).aloneP50Ms()),
					micros(result.appCpuMicrosPerRequest()), micros(result.machineCpuMicrosPerRequest()), result.errors(),
					(result.appPeakRssMiB() < 0) ? "–" : String.format(Locale.ROOT, "%.0f MiB", result.appPeakRssMiB())));
		}
		out.append('\n');
	}

	private void jmhTable(StringBuilder out) {
		out.append("## The hot code, alone (JMH)\n\n");
		out.append("""
				`java -jar benchmarks/target/benchmarks.jar`: one fork, 3 warm-up and 5 measured
				iterations of 1 s each; the error is JMH's 99.9%% confidence interval. The store
				benchmarks run on the same local PostgreSQL and Redis, each with a new key per
				reservation.

				""".formatted());
		out.append("| benchmark | parameters | time per operation |\n|---|---|--:|\n");
		for (JmhResult result : this.jmh) {
			String name = result.benchmark().substring(result.benchmark().lastIndexOf('.', result.benchmark()
				.lastIndexOf('.') - 1) + 1);
			out.append(String.format(Locale.ROOT, "| `%s` | %s | %s ± %s %s |%n", name,
					result.params().isEmpty() ? "" : result.params().toString().replaceAll("[{}]", ""),
					number(result.score()), number(result.error()), result.unit().replace("us/op", "µs")));
		}
		out.append('\n');
	}

	private void machine(StringBuilder out) {
		Machine machine = this.load.machine();
		out.append("## The machine\n\n");
		out.append(String.format(Locale.ROOT, """
				- CPU: %s, %d cores as the JVM sees them, shared by the app, the load generator,
				  PostgreSQL and Redis
				- memory: %.1f GiB
				- OS: %s
				- JVM: %s
				- PostgreSQL %s and Redis %s, both on localhost with their packaged defaults
				""", machine.cpu(), machine.cores(), machine.memoryGiB(), machine.os(), machine.jvm(),
				machine.postgres(), machine.redis()));
	}

	private Optional<Measured> scenario(String name) {
		return this.scenarios.stream().filter((result) -> result.name().equals(name)).findFirst();
	}

	private double ratio(Measured result) {
		return result.perSecond() / baselineOf(result).perSecond();
	}

	/** The baseline a scenario is compared with: the one with the same gateway. */
	private Measured baselineOf(Measured result) {
		return result.name().endsWith(GATEWAY) ? this.gatewayBaseline : this.baseline;
	}

	private String plot() {
		return ThroughputPlot.svg(this.scenarios.stream()
			.map((result) -> new ThroughputPlot.Bar(result.title(), ratio(result),
					result == baselineOf(result) ? ThroughputPlot.Kind.BASELINE
							: result.name().endsWith("replays") ? ThroughputPlot.Kind.REPLAY : ThroughputPlot.Kind.NEW_KEY))
			.toList());
	}

	private static String micros(double value) {
		return (value < 0) ? "–" : String.format(Locale.ROOT, "%,.0f µs", value);
	}

	private static String number(double value) {
		if (value >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, (value >= 1) ? "%.2f" : "%.3f", value);
	}

	private static String percent(double ratio) {
		return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
	}

	private static String analysis(String markdown) {
		int start = markdown.indexOf(ANALYSIS_START);
		int end = markdown.indexOf(ANALYSIS_END);
		if (start < 0 || end < start) {
			return defaultAnalysis();
		}
		return markdown.substring(start + ANALYSIS_START.length() + 1, end);
	}

	private static String defaultAnalysis() {
		return "## What the figures mean\n\n(To be written from the figures above.)\n\n";
	}

	/**
	 * A scenario's rounds, averaged.
	 */
	private record Measured(String name, String title, double perSecond, double minPerSecond, double maxPerSecond,
			double loadP50Ms, double loadP99Ms, double aloneP50Ms, double aloneP99Ms, double appCpuMicrosPerRequest,
			double machineCpuMicrosPerRequest, long errors, double appPeakRssMiB) {

		static List<Measured> of(List<ScenarioResult> results) {
			Map<String, List<ScenarioResult>> byName = new LinkedHashMap<>();
			results.forEach((result) -> byName.computeIfAbsent(result.name(), (name) -> new ArrayList<>()).add(result));
			return byName.values().stream().map(Measured::average).toList();
		}

		private static Measured average(List<ScenarioResult> rounds) {
			ScenarioResult first = rounds.get(0);
			return new Measured(first.name(), first.title(), mean(rounds, (r) -> r.throughput().perSecond()),
					rounds.stream().mapToDouble((r) -> r.throughput().perSecond()).min().orElseThrow(),
					rounds.stream().mapToDouble((r) -> r.throughput().perSecond()).max().orElseThrow(),
					mean(rounds, (r) -> r.throughput().p50Ms()), mean(rounds, (r) -> r.throughput().p99Ms()),
					mean(rounds, (r) -> r.latency().p50Ms()), mean(rounds, (r) -> r.latency().p99Ms()),
					mean(rounds, (r) -> r.throughput().appCpuMicrosPerRequest()),
					mean(rounds, (r) -> r.throughput().machineCpuMicrosPerRequest()),
					rounds.stream().mapToLong((r) -> r.throughput().errors() + r.latency().errors()).sum(),
					rounds.stream().mapToDouble(ScenarioResult::appPeakRssMiB).max().orElseThrow());
		}

		private static double mean(List<ScenarioResult> rounds, ToDoubleFunction<ScenarioResult> value) {
			return rounds.stream().mapToDouble(value).average().orElseThrow();
		}

	}

	private record JmhResult(String benchmark, Map<String, String> params, double score, double error, String unit) {

	}

}
