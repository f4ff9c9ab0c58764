package dev.idempotency.sample.payments.failure;

import java.util.concurrent.CompletableFuture;

import dev.idempotency.sample.payments.CardGateway;
import dev.idempotency.sample.payments.PaymentsApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One instance of the payments application in this JVM, on a port of its own, started
 * with its real configuration and the command-line properties of a test. Its gateway and
 * meters can be read directly.
 */
final class PaymentsApp implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final PaymentsHttp http;

	private PaymentsApp(ConfigurableApplicationContext context) {
		this.context = context;
		this.http = new PaymentsHttp(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
	}

	static PaymentsApp start(AppConfig config) {
		return new PaymentsApp(SpringApplication.run(PaymentsApplication.class, config.args().toArray(new String[0])));
	}

	/**
	 * Start an instance on another thread, to overlap its start with other work.
	 */
	static CompletableFuture<PaymentsApp> startAsync(AppConfig config) {
		return CompletableFuture.supplyAsync(() -> start(config));
	}

	PaymentsHttp http() {
		return this.http;
	}

	CardGateway gateway() {
		return this.context.getBean(CardGateway.class);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * The sum of a counter over the meters that have the given tags (name, value, ...).
	 */
	double count(String name, String... tags) {
		return this.context.getBean(MeterRegistry.class)
			.find(name)
			.tags(tags)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
