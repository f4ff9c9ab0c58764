package dev.idempotency.autoconfigure;

import dev.idempotency.internal.store.jdbc.JdbcSchemaException;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains a configuration the starter cannot run with: a property out of range, a store
 * type whose dependencies are missing, or the JDBC store's table missing in validate
 * mode.
 */
final class IdempotencyConfigurationFailureAnalyzer implements FailureAnalyzer {

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		Throwable cause = failure;
		while (cause != null) {
			if (cause instanceof IdempotencyConfigurationException store) {
				return new FailureAnalysis(store.getDescription(), store.getAction(), store);
			}
			if (isJdbcSchemaException(cause)) {
				JdbcSchemaException schema = (JdbcSchemaException) cause;
				return new FailureAnalysis(schema.getDescription(), schema.getAction(), schema);
			}
			cause = cause.getCause();
		}
		return null;
	}

	private static boolean isJdbcSchemaException(Throwable cause) {
		// The JDBC store's classes may be absent (no spring-jdbc): compare by name first.
		return cause.getClass().getName().equals("dev.idempotency.internal.store.jdbc.JdbcSchemaException");
	}

}
