package dev.idempotency.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;

/**
 * Sends {@code POST /payments} to the sample app from a fixed number of workers, each
 * waiting for its answer before sending the next (a closed loop), and records every
 * answer's latency.
 */
final class LoadGenerator {

	private static final String BODY = "{\"customerId\":\"c-bench\",\"amountCents\":1250,\"currency\":\"EUR\"}";

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient client;

	private final URI payments;

	private final RequestKind kind;

	private final String keyPrefix;

	private final int replayKeys;

	private final AtomicLong sequence = new AtomicLong();

	LoadGenerator(URI baseUri, RequestKind kind, String keyPrefix, int replayKeys) {
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		this.payments = baseUri.resolve("/payments");
		this.kind = kind;
		this.keyPrefix = keyPrefix;
		this.replayKeys = replayKeys;
	}

	/**
	 * Uses every replay key once, so that the measured requests are all replays.
	 */
	void seedReplayKeys(int concurrency) throws InterruptedException {
		if (this.kind != RequestKind.REPLAY) {
			return;
		}
		AtomicInteger next = new AtomicInteger();
		AtomicReference<String> failure = new AtomicReference<>();
		runWorkers(concurrency, () -> {
			for (int i = next.getAndIncrement(); i < this.replayKeys; i = next.getAndIncrement()) {
				HttpResponse<Void> response = send(this.keyPrefix + "replay-" + i);
				if (response.statusCode() != 201) {
					failure.compareAndSet(null, "seeding a replay key answered " + response.statusCode());
				}
			}
		});
		if (failure.get() != null) {
			throw new IllegalStateException(failure.get());
		}
	}

	/**
	 * Sends {@code requests} requests, or as many as fit in {@code maxDuration}.
	 */
	PhaseResult run(int concurrency, int requests, Duration maxDuration) throws InterruptedException {
		AtomicInteger issued = new AtomicInteger();
		AtomicInteger errors = new AtomicInteger();
		AtomicReference<String> firstError = new AtomicReference<>();
		List<Histogram> histograms = new ArrayList<>();
		long start = System.nanoTime();
		long deadline = start + maxDuration.toNanos();
		AtomicLong lastAnswer = new AtomicLong(start);
		runWorkers(concurrency, () -> {
			Histogram histogram = new Histogram(Duration.ofSeconds(60).toNanos(), 3);
			synchronized (histograms) {
				histograms.add(histogram);
			}
			while (System.nanoTime() < deadline && issued.getAndIncrement() < requests) {
				String key = nextKey();
				long sent = System.nanoTime();
				String error;
				try {
					error = check(send(key));
				}
				catch (IOException ex) {
					error = ex.toString();
				}
				long answered = System.nanoTime();
				histogram.recordValue(answered - sent);
				lastAnswer.accumulateAndGet(answered, Math::max);
				if (error != null) {
					errors.incrementAndGet();
					firstError.compareAndSet(null, error);
				}
			}
		});
		Histogram all = new Histogram(Duration.ofSeconds(60).toNanos(), 3);
		histograms.forEach(all::add);
		double seconds = (lastAnswer.get() - start) / 1e9;
		return PhaseResult.of(concurrency, all, errors.get(), seconds, firstError.get());
	}

	private String nextKey() {
		long n = this.sequence.getAndIncrement();
		return switch (this.kind) {
			case NO_KEY -> null;
			case NEW_KEY -> this.keyPrefix + n;
			case REPLAY -> this.keyPrefix + "replay-" + (n % this.replayKeys);
		};
	}

	private String check(HttpResponse<Void> response) {
		if (response.statusCode() != 201) {
			return "answered " + response.statusCode();
		}
		boolean replayed = response.headers().firstValue("Idempotent-Replayed").isPresent();
		if (replayed != (this.kind == RequestKind.REPLAY)) {
			return replayed ? "a new key was answered as a replay" : "a used key was not replayed";
		}
		return null;
	}

	private HttpResponse<Void> send(String key) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.payments)
			.timeout(REQUEST_TIMEOUT)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(BODY));
		if (key != null) {
			request.header("Idempotency-Key", "\"" + key + "\"");
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.discarding());
	}

	private static void runWorkers(int concurrency, Worker worker) throws InterruptedException {
		ExecutorService pool = Executors.newFixedThreadPool(concurrency);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < concurrency; i++) {
				futures.add(pool.submit(() -> {
					worker.run();
					return null;
				}));
			}
			for (Future<?> future : futures) {
				try {
					future.get();
				}
				catch (java.util.concurrent.ExecutionException ex) {
					throw new IllegalStateException("A load worker failed", ex.getCause());
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@FunctionalInterface
	private interface Worker {

		void run() throws Exception;

	}

}
