package dev.idempotency.benchmarks.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sample payments app in a process of its own, so that the load generator and the
 * app never share a heap or a JIT.
 */
final class SampleApp implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

	private final Process process;

	private final URI baseUri;

	private final Path log;

	private SampleApp(Process process, URI baseUri, Path log) {
		this.process = process;
		this.baseUri = baseUri;
		this.log = log;
	}

	static SampleApp start(Path jar, List<String> jvmOptions, Map<String, String> properties, Path log)
			throws IOException, InterruptedException {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toString());
		command.add("--server.port=" + port);
		properties.forEach((name, value) -> command.add("--" + name + "=" + value));
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		SampleApp app = new SampleApp(process, URI.create("http://127.0.0.1:" + port), log);
		app.awaitHealthy();
		return app;
	}

	URI baseUri() {
		return this.baseUri;
	}

	/**
	 * The CPU time the app has used so far, user and system, from Linux's /proc, or -1
	 * elsewhere.
	 */
	long cpuMillis() {
		return CpuTime.ofProcess(this.process.pid());
	}

	/** The peak resident set size of the app so far, from Linux's /proc, or -1 elsewhere. */
	long peakRssKiB() {
		Path status = Path.of("/proc", Long.toString(this.process.pid()), "status");
		try {
			for (String line : Files.readAllLines(status)) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// Not Linux, or the process is gone: the figure is left out.
		}
		return -1;
	}

	private void awaitHealthy() throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest health = HttpRequest.newBuilder(this.baseUri.resolve("/actuator/health"))
			.timeout(Duration.ofSeconds(2))
			.build();
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The sample app exited with " + this.process.exitValue()
						+ " while starting; its output is in " + this.log + ":\n" + tail());
			}
			try {
				if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		close();
		throw new IllegalStateException("The sample app did not become healthy in " + STARTUP_TIMEOUT
				+ "; its output is in " + this.log + ":\n" + tail());
	}

	private String tail() throws IOException {
		List<String> lines = Files.readAllLines(this.log);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
