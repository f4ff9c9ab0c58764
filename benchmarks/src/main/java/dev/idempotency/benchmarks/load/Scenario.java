package dev.idempotency.benchmarks.load;

import java.util.Map;

/**
 * One configuration of the sample app and the requests sent to it.
 *
 * @param name a short identifier, used in the results
 * @param title what it measures, in words, for the report
 * @param kind the requests sent
 * @param properties the sample app's properties for this scenario, beyond the common ones
 */
record Scenario(String name, String title, RequestKind kind, Map<String, String> properties) {

	static Scenario baseline() {
		return new Scenario("baseline", "starter disabled, no key", RequestKind.NO_KEY,
				Map.of("idempotency.enabled", "false", "payments.idempotency.transactional", "false"));
	}

	static Scenario newKeys(String store, boolean transactional) {
		String name = store + (transactional ? "-transactional" : "") + "-new-keys";
		String title = "new keys, " + store + " store" + (transactional ? ", transactional mode" : "");
		return new Scenario(name, title, RequestKind.NEW_KEY, Map.of("idempotency.store.type", store,
				"payments.idempotency.transactional", Boolean.toString(transactional)));
	}

	/**
	 * The same scenario with a card gateway that takes {@code latency} per payment, as a
	 * real one does, so that the handler costs what handlers usually cost.
	 */
	Scenario withGatewayLatency(String latency) {
		Map<String, String> properties = new java.util.LinkedHashMap<>(this.properties);
		properties.put("payments.gateway.latency", latency);
		return new Scenario(this.name + "-gateway-" + latency, this.title + ", " + latency + " gateway", this.kind,
				properties);
	}

	static Scenario replays(String store) {
		return new Scenario(store + "-replays", "replays, " + store + " store", RequestKind.REPLAY,
				Map.of("idempotency.store.type", store, "payments.idempotency.transactional", "false"));
	}

}
