package dev.idempotency.autoconfigure;

import java.util.Locale;

import dev.idempotency.store.IdempotencyStore;

/**
 * The short name of a store, used as a metric tag and in the health details.
 */
final class StoreNames {

	private StoreNames() {
	}

	static String of(IdempotencyStore store) {
		String name = store.getClass().getSimpleName();
		if (name.endsWith("IdempotencyStore") && name.length() > "IdempotencyStore".length()) {
			String prefix = name.substring(0, name.length() - "IdempotencyStore".length());
			return prefix.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
		}
		return name;
	}

}
