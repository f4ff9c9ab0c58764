package dev.idempotency.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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

	private static final String FINGERPRINT = "dev.idempotency.benchmarks.jmh.FingerprintBenchmark.json";

	private final List<JmhResult> jmh;

	private final LoadResults load;

	private final ScenarioResult baseline;

	private BenchmarkReport(List<JmhResult> jmh, LoadResults load) {
		this.jmh = jmh;
		this.load = load;
		this.baseline = averageBaseline(load.scenarios());
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
		Files.writeString(svg, ThroughputPlot.svg(load.scenarios(), report.baseline));
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
		Optional<ScenarioResult> tieredNew = scenario("tiered-new-keys");
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
				double added = result.latency().p50Ms() - this.baseline.latency().p50Ms();
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
				queueing. The baseline is the app with `idempotency.enabled=false`, measured first and
				again last (the ratios use their mean). Replays cycle through %,d keys used once
				before. Transactional mode is off unless a scenario says otherwise.
				App CPU is the app process's own CPU time per request under load.

				""".formatted(String.join(" ", settings.appJvmOptions()), settings.warmupSeconds(),
				settings.concurrency(), settings.requests(), settings.maxSeconds(), settings.latencyRequests(),
				settings.replayKeys()));
		out.append("| scenario | requests/s | vs baseline | p50 / p99 under load | p50 / p99 alone | "
				+ "added p50 alone | app CPU per request | errors | app peak RSS |\n");
		out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
		for (ScenarioResult result : this.load.scenarios()) {
			PhaseResult load = result.throughput();
			PhaseResult alone = result.latency();
			boolean isBaseline = result.name().startsWith("baseline");
			out.append(String.format(Locale.ROOT,
					"| %s | %,.0f | %s | %.2f / %.2f ms | %.2f / %.2f ms | %s | %s | %d | %s |%n", result.title(),
					load.perSecond(), String.format(Locale.ROOT, "%.2f×", ratio(result)), load.p50Ms(), load.p99Ms(),
					alone.p50Ms(), alone.p99Ms(),
					isBaseline ? "–"
							: String.format(Locale.ROOT, "%+.2f ms", alone.p50Ms() - this.baseline.latency().p50Ms()),
					(load.appCpuMicrosPerRequest() < 0) ? "–"
							: String.format(Locale.ROOT, "%,.0f µs", load.appCpuMicrosPerRequest()),
					load.errors() + alone.errors(),
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

	private Optional<ScenarioResult> scenario(String name) {
		return this.load.scenarios().stream().filter((result) -> result.name().equals(name)).findFirst();
	}

	private double ratio(ScenarioResult result) {
		return result.throughput().perSecond() / this.baseline.throughput().perSecond();
	}

	private static ScenarioResult averageBaseline(List<ScenarioResult> scenarios) {
		List<ScenarioResult> baselines = scenarios.stream()
			.filter((result) -> result.name().startsWith("baseline"))
			.toList();
		if (baselines.isEmpty()) {
			throw new IllegalArgumentException("The load results have no baseline");
		}
		double perSecond = baselines.stream().mapToDouble((result) -> result.throughput().perSecond()).average().orElseThrow();
		double p50 = baselines.stream().mapToDouble((result) -> result.latency().p50Ms()).average().orElseThrow();
		PhaseResult first = baselines.get(0).throughput();
		PhaseResult alone = baselines.get(0).latency();
		return new ScenarioResult("baseline", "baseline",
				new PhaseResult(first.concurrency(), first.requests(), first.errors(), first.seconds(), perSecond,
						first.p50Ms(), first.p90Ms(), first.p99Ms(), first.maxMs(), null, -1, -1),
				new PhaseResult(alone.concurrency(), alone.requests(), alone.errors(), alone.seconds(), alone.perSecond(),
						p50, alone.p90Ms(), alone.p99Ms(), alone.maxMs(), null, -1, -1),
				-1);
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

	private record JmhResult(String benchmark, Map<String, String> params, double score, double error, String unit) {

	}

}
