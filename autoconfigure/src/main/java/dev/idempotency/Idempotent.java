package dev.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Spring MVC handler method, or every handler method of a controller, as safe
 * to retry with the {@code Idempotency-Key} request header.
 * <p>
 * The first request with a key runs the handler; a retry with the same key and the same
 * request gets the stored response back, with {@code Idempotent-Replayed: true}. A retry
 * while the first request still runs gets {@code 409}; the same key with a different
 * request gets {@code 422}.
 * <p>
 * Attributes left at their defaults inherit the {@code idempotency.*} properties.
 * String attributes accept {@code ${...}} placeholders; {@code ""} means "inherit".
 * Durations are written as {@code 30s}, {@code 24h} or ISO-8601 ({@code PT30S}).
 * A method annotation replaces the class annotation as a whole.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Idempotent {

	/**
	 * Whether a request without the {@code Idempotency-Key} header is refused with
	 * {@code 400}. When {@code false}, such a request runs normally, unprotected.
	 */
	boolean required() default true;

	/**
	 * How long a completed response is kept for replay. {@code ""} inherits
	 * {@code idempotency.ttl}.
	 */
	String ttl() default "";

	/**
	 * How long the first request holds the key before a retry may take it over.
	 * {@code ""} inherits {@code idempotency.lease}.
	 */
	String lease() default "";

	/**
	 * How long a retry that arrives while the first request still runs waits for its
	 * outcome before it is answered with {@code 409}. {@code "0"} answers at once.
	 * {@code ""} inherits {@code idempotency.conflict.max-wait}.
	 */
	String maxWait() default "";

	/**
	 * Response statuses that are not stored: the key is released and the next retry
	 * runs the handler again. Each entry is a code ({@code "409"}) or a class
	 * ({@code "5xx"}). Empty inherits {@code idempotency.release-on}.
	 */
	String[] releaseOn() default {};

	/**
	 * Whether the handler runs inside a transaction of the store's {@code DataSource},
	 * with the idempotency record completed in that same transaction ({@code "true"} or
	 * {@code "false"}). {@code ""} inherits {@code idempotency.transactional}.
	 */
	String transactional() default "";

	/**
	 * JSON Pointers (RFC 6901) of request body members that do not count in the request
	 * fingerprint, such as a client-side timestamp: {@code "/sentAt"}.
	 */
	String[] ignoredJsonPointers() default {};

}
