package dev.idempotency.internal.scope;

import java.security.Principal;

import dev.idempotency.scope.IdempotencyScopeResolver;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The default scope: {@code principal:<name>} for an authenticated request,
 * {@code client:<value>} from the configured header, else {@value #GLOBAL}. The prefixes
 * keep the three kinds apart, so a principal never shares a scope with a header value.
 */
public final class DefaultScopeResolver implements IdempotencyScopeResolver {

	/** The scope of requests with neither a principal nor the scope header. */
	public static final String GLOBAL = "global";

	private final String header;

	/**
	 * Create a resolver.
	 * @param header the request header that names the client, or {@code null}
	 */
	public DefaultScopeResolver(String header) {
		this.header = (header != null && !header.isBlank()) ? header.trim() : null;
	}

	@Override
	public String resolveScope(HttpServletRequest request) {
		Principal principal = request.getUserPrincipal();
		if (principal != null && principal.getName() != null) {
			return "principal:" + principal.getName();
		}
		if (this.header != null) {
			String client = request.getHeader(this.header);
			if (client != null && !client.isBlank()) {
				return "client:" + client.trim();
			}
		}
		return GLOBAL;
	}

	/**
	 * Describe where scopes come from, for the startup log.
	 * @param securityPresent whether Spring Security is on the classpath
	 * @return the description
	 */
	public String describe(boolean securityPresent) {
		StringBuilder description = new StringBuilder();
		if (securityPresent) {
			description.append("the authenticated principal, else ");
		}
		if (this.header != null) {
			description.append("the '").append(this.header).append("' request header, else ");
		}
		description.append("one global scope shared by all clients");
		return description.toString();
	}

}
