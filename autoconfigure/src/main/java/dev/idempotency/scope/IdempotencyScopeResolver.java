package dev.idempotency.scope;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whose key a request carries, so that one client can never replay another
 * client's response. Keys are unique only within their scope.
 * <p>
 * The starter's default uses the authenticated principal's name when there is one,
 * else the request header named by {@code idempotency.scope.header}, else one global
 * scope. Declare a bean of this type to replace it.
 */
@FunctionalInterface
public interface IdempotencyScopeResolver {

	/**
	 * Resolve the scope of a request. Runs after authentication.
	 * @param request the request
	 * @return the scope, never {@code null}; any string (stores keep scope and key apart)
	 */
	String resolveScope(HttpServletRequest request);

}
