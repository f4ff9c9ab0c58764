package dev.idempotency.sample.payments.failure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged application ({@code target/sample-payments-app.jar}, built by the
 * {@code package} phase before the integration tests run) in a JVM of its own, so that
 * a test can kill it for real. Its output goes to {@code target/child-apps/<name>.log}.
 */
final class ChildApp implements AutoCloseable {

	private static final Path JAR = Path.of("target", "sample-payments-app.jar");

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	private final String name;

	private final Process process;

	private final Path log;

	private final CompletableFuture<Integer> port = new CompletableFuture<>();

	private ChildApp(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
		Thread reader = new Thread(this::readOutput, "child-app-" + name);
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Start the jar. It is not ready before {@link #awaitStarted} returns.
	 * @param name names the log file
	 * @param config the instance's properties
	 */
	static ChildApp start(String name, AppConfig config) {
		if (!Files.isRegularFile(JAR)) {
			throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the integration tests with "
					+ "'mvn verify', whose package phase builds it");
		}
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// Starts faster: the child lives for a few requests only.
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-Xmx256m");
		command.add("-jar");
		command.add(JAR.toString());
		command.addAll(config.args());
		try {
			Path logs = Files.createDirectories(Path.of("target", "child-apps"));
			Path log = logs.resolve(name + ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			return new ChildApp(name, process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + JAR, ex);
		}
	}

	/**
	 * Wait until the application serves requests.
	 * @return its HTTP API
	 */
	PaymentsHttp awaitStarted(Duration timeout) {
		try {
			return new PaymentsHttp(this.port.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("The child application " + this.name + " did not start within " + timeout
					+ "; see " + this.log.toAbsolutePath(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Kill the process at once (SIGKILL where there are signals): no shutdown hook runs,
	 * no transaction is rolled back by the application, no lease is released.
	 */
	void kill() {
		this.process.destroyForcibly();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The child application " + this.name + " did not die");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

	private void readOutput() {
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
				Writer log = Files.newBufferedWriter(this.log, StandardCharsets.UTF_8)) {
			String line;
			while ((line = output.readLine()) != null) {
				log.write(line);
				log.write(System.lineSeparator());
				log.flush();
				Matcher started = STARTED.matcher(line);
				if (!this.port.isDone() && started.find()) {
					this.port.complete(Integer.parseInt(started.group(1)));
				}
			}
		}
		catch (IOException ex) {
			// The process is gone.
		}
		finally {
			this.port.completeExceptionally(new IllegalStateException("The child application " + this.name
					+ " exited before it started; see " + this.log.toAbsolutePath()));
		}
	}

}
