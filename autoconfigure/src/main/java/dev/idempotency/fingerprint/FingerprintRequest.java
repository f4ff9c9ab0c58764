package dev.idempotency.fingerprint;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What a {@link RequestFingerprinter} sees of a request.
 *
 * @param servletRequest the request (its body is already buffered: use {@link #body()})
 * @param routePattern the matched route pattern, such as {@code /payments/{id}/refunds}
 * @param body the request body; must not be modified
 * @param ignoredJsonPointers JSON Pointers of body members the endpoint excludes
 */
public record FingerprintRequest(HttpServletRequest servletRequest, String routePattern, byte[] body,
		List<String> ignoredJsonPointers) {

}
