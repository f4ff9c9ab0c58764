package dev.idempotency.sample.payments;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A simulated card gateway, the side effect that must never happen twice for one
 * payment. Each charge takes {@code payments.gateway.latency} and fails with the
 * probability {@code payments.gateway.failure-rate}.
 * <p>
 * It counts every charge attempt, in total and per customer, and logs each one with its
 * payment id, so that a retried request can be shown to have charged only once.
 */
@Component
public class CardGateway {

	private static final Logger logger = LoggerFactory.getLogger(CardGateway.class);

	private final GatewayProperties properties;

	private final LongAdder attempts = new LongAdder();

	private final Map<String, LongAdder> attemptsByCustomer = new ConcurrentHashMap<>();

	CardGateway(GatewayProperties properties) {
		this.properties = properties;
	}

	/**
	 * Charge a customer's card.
	 * @param paymentId the payment the charge belongs to
	 * @param customerId the customer to charge
	 * @param amountCents the amount, in the currency's minor unit
	 * @param currency the ISO 4217 currency code
	 * @throws CardGatewayException if the charge fails
	 */
	public void charge(String paymentId, String customerId, long amountCents, String currency) {
		this.attempts.increment();
		this.attemptsByCustomer.computeIfAbsent(customerId, (id) -> new LongAdder()).increment();
		pause();
		if (fails()) {
			logger.warn("Charge failed: payment={} customer={} amountCents={} currency={}", paymentId, customerId,
					amountCents, currency);
			throw new CardGatewayException("The card gateway failed to charge the card; no money was taken.");
		}
		logger.info("Charged: payment={} customer={} amountCents={} currency={}", paymentId, customerId, amountCents,
				currency);
	}

	/**
	 * Return how many charges have been attempted, failed ones included.
	 * @return the number of calls to {@link #charge}
	 */
	public long chargeAttempts() {
		return this.attempts.sum();
	}

	/**
	 * Return how many charges have been attempted for one customer, failed ones
	 * included.
	 * @param customerId the customer
	 * @return the number of calls to {@link #charge} for that customer
	 */
	public long chargeAttempts(String customerId) {
		LongAdder count = this.attemptsByCustomer.get(customerId);
		return (count != null) ? count.sum() : 0;
	}

	private void pause() {
		if (this.properties.latency().isZero()) {
			return;
		}
		try {
			Thread.sleep(this.properties.latency().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CardGatewayException("The charge was interrupted; no money was taken.");
		}
	}

	private boolean fails() {
		double failureRate = this.properties.failureRate();
		return failureRate > 0 && ThreadLocalRandom.current().nextDouble() < failureRate;
	}

}
