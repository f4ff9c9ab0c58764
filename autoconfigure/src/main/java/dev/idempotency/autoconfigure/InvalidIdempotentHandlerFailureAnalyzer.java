package dev.idempotency.autoconfigure;

import dev.idempotency.internal.web.InvalidIdempotentHandlerException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a misconfigured {@code @Idempotent} handler at startup.
 */
final class InvalidIdempotentHandlerFailureAnalyzer extends AbstractFailureAnalyzer<InvalidIdempotentHandlerException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidIdempotentHandlerException cause) {
		return new FailureAnalysis("The @Idempotent annotation on " + cause.getHandler() + " is invalid: "
				+ cause.getReason() + ".",
				"Fix the annotation on " + cause.getHandler()
						+ ". Durations are written as 30s, 24h or PT30S; releaseOn entries as 409 or 5xx; "
						+ "transactional as \"true\" or \"false\"; ignoredJsonPointers as /member/0/field. "
						+ "See docs/configuration.md.",
				cause);
	}

}
