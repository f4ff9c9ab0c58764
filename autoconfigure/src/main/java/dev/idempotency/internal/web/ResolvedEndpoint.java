package dev.idempotency.internal.web;

/**
 * The {@code @Idempotent} endpoint a request goes to.
 *
 * @param name method and route pattern, such as {@code POST /payments/{id}/refunds}, used
 * in metrics and stored with records
 * @param routePattern the matched route pattern
 * @param policy the endpoint's settings
 */
record ResolvedEndpoint(String name, String routePattern, EndpointPolicy policy) {

}
