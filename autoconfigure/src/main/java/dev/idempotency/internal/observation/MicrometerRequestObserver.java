package dev.idempotency.internal.observation;

import dev.idempotency.event.IdempotencyListener.Outcome;
import dev.idempotency.internal.web.RequestObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * One Micrometer {@link Observation} named {@code idempotency.request} per handled
 * request, with the handler running inside it, so traces show the starter's span around
 * the handler's. Low-cardinality key values: {@code endpoint} and {@code outcome}.
 */
public final class MicrometerRequestObserver implements RequestObserver {

	private final ObservationRegistry registry;

	public MicrometerRequestObserver(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Observed start(String endpoint) {
		Observation observation = Observation.createNotStarted("idempotency.request", this.registry)
			.contextualName("idempotency " + endpoint)
			.lowCardinalityKeyValue("endpoint", endpoint)
			.start();
		return new Observed() {

			@Override
			public Scope openScope() {
				return observation.openScope()::close;
			}

			@Override
			public void error(Throwable error) {
				observation.error(error);
			}

			@Override
			public void stop(Outcome outcome) {
				observation.lowCardinalityKeyValue("outcome", outcome.tagValue()).stop();
			}

		};
	}

}
