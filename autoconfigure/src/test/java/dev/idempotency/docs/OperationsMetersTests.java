package dev.idempotency.docs;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.idempotency.event.IdempotencyListener;
import dev.idempotency.event.IdempotencyListener.Outcome;
import dev.idempotency.internal.metrics.MicrometerIdempotencyListener;
import dev.idempotency.internal.observation.MicrometerRequestObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Holds the meter tables of {@code docs/operations.md} to the meters the starter really
 * registers: every method of {@link IdempotencyListener} is called on the Micrometer
 * listener (with every outcome), a request is observed the way Spring Boot records
 * observations as meters, and the names, types and tag keys that land in the registry
 * must be exactly the documented ones.
 */
class OperationsMetersTests {

	static final String METERS_HEADING = "### Meters";

	static final String OUTCOMES_HEADING = "### Outcomes";

	@Test
	void meterTableListsEveryRegisteredMeter() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		callEveryListenerMethod(new MicrometerIdempotencyListener(registry));
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(registry));
		new MicrometerRequestObserver(observations).start("POST /orders").stop(Outcome.EXECUTED);

		Map<String, String> registered = new TreeMap<>();
		for (Meter meter : registry.getMeters()) {
			Set<String> tagKeys = meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toCollection(TreeSet::new));
			registered.merge(meter.getId().getName(), type(meter) + " " + tagKeys, (a, b) -> a.equals(b) ? a
					: fail("Meter " + meter.getId().getName() + " is registered with different tag keys: " + a + ", " + b));
		}
		Map<String, String> documented = new TreeMap<>();
		for (List<String> row : Docs.table(Docs.read(Docs.page("operations.md")), METERS_HEADING)) {
			String name = Docs.codeSpans(row.get(0)).get(0);
			Set<String> tagKeys = new TreeSet<>(Docs.codeSpans(row.get(2)));
			documented.put(name, row.get(1) + " " + tagKeys);
		}
		assertThat(documented).as("meters (name: type [tag keys]) in the table under '" + METERS_HEADING
				+ "' of docs/operations.md, against those the starter registers")
			.isEqualTo(registered);
	}

	@Test
	void outcomeTableListsEveryOutcome() {
		List<String> documented = Docs.table(Docs.read(Docs.page("operations.md")), OUTCOMES_HEADING)
			.stream()
			.map((row) -> Docs.codeSpans(row.get(0)).get(0))
			.toList();
		List<String> outcomes = Arrays.stream(Outcome.values()).map(Outcome::tagValue).toList();
		assertThat(documented).as("values of the outcome tag under '" + OUTCOMES_HEADING + "' of docs/operations.md")
			.containsExactlyInAnyOrderElementsOf(outcomes);
	}

	/**
	 * Call each listener method, every outcome for those that take one, so that a new
	 * method (and its meter) cannot go unnoticed.
	 */
	private static void callEveryListenerMethod(IdempotencyListener listener) throws Exception {
		for (Method method : IdempotencyListener.class.getDeclaredMethods()) {
			if (Modifier.isStatic(method.getModifiers())) {
				continue;
			}
			List<Object[]> calls = new ArrayList<>();
			calls.add(new Object[method.getParameterCount()]);
			Class<?>[] types = method.getParameterTypes();
			for (int i = 0; i < types.length; i++) {
				List<Object> values = sampleValues(method, types[i]);
				List<Object[]> expanded = new ArrayList<>();
				for (Object[] call : calls) {
					for (Object value : values) {
						Object[] copy = call.clone();
						copy[i] = value;
						expanded.add(copy);
					}
				}
				calls = expanded;
			}
			for (Object[] call : calls) {
				method.invoke(listener, call);
			}
		}
	}

	private static List<Object> sampleValues(Method method, Class<?> type) {
		if (type == String.class) {
			return List.of("POST /orders");
		}
		if (type == Outcome.class) {
			return List.of((Object[]) Outcome.values());
		}
		if (type == Duration.class) {
			return List.of(Duration.ofMillis(3));
		}
		if (type == int.class) {
			return List.of(0, 500);
		}
		if (type == boolean.class) {
			return List.of(false, true);
		}
		return fail("Teach " + OperationsMetersTests.class.getSimpleName() + " a value of " + type + " to call "
				+ method.getName() + " with");
	}

	private static String type(Meter meter) {
		if (meter instanceof Counter) {
			return "counter";
		}
		if (meter instanceof LongTaskTimer) {
			return "long task timer";
		}
		if (meter instanceof Timer) {
			return "timer";
		}
		return fail("Name the type of " + meter.getId());
	}

}
