package dev.idempotency.internal.web;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

import dev.idempotency.Idempotent;
import dev.idempotency.internal.fingerprint.DefaultRequestFingerprinter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Knows which handlers are {@code @Idempotent} and with which settings. Every handler is
 * inspected once, at startup, where a misconfiguration fails the application; a request
 * then costs one handler lookup, as in the {@code DispatcherServlet}, and a map read.
 */
public final class IdempotentHandlers implements SmartInitializingSingleton {

	private final ApplicationContext context;

	private final Environment environment;

	private final FilterSettings settings;

	private final Map<HandlerKey, EndpointPolicy> policies = new ConcurrentHashMap<>();

	private final String transactionsUnavailable;

	private volatile List<HandlerMapping> handlerMappings;

	/**
	 * Create the registry.
	 * @param context the application context, whose handler mappings are inspected
	 * @param settings the global settings
	 * @param transactionsUnavailable why transactional mode cannot be used, or
	 * {@code null} if it can
	 */
	public IdempotentHandlers(ApplicationContext context, FilterSettings settings, String transactionsUnavailable) {
		this.context = context;
		this.environment = context.getEnvironment();
		this.settings = settings;
		this.transactionsUnavailable = transactionsUnavailable;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (RequestMappingInfoHandlerMapping mapping : this.context
			.getBeansOfType(RequestMappingInfoHandlerMapping.class)
			.values()) {
			mapping.getHandlerMethods().values().forEach(this::policyFor);
		}
	}

	/**
	 * Find the {@code @Idempotent} handler a request goes to.
	 * @param request the request
	 * @return the handler's endpoint, or {@code null} if the request does not go to an
	 * {@code @Idempotent} handler (or to no handler at all)
	 */
	ResolvedEndpoint resolve(HttpServletRequest request) {
		LookupRequest lookup = new LookupRequest(request);
		ServletRequestPathUtils.parseAndCache(lookup);
		for (HandlerMapping mapping : handlerMappings()) {
			HandlerExecutionChain chain;
			try {
				chain = mapping.getHandler(lookup);
			}
			catch (Exception ex) {
				// No unambiguous match (unsupported media type and the like): the
				// DispatcherServlet answers such requests itself.
				return null;
			}
			if (chain == null) {
				continue;
			}
			if (!(chain.getHandler() instanceof HandlerMethod handlerMethod)) {
				return null;
			}
			EndpointPolicy policy = policyFor(handlerMethod);
			if (policy == null) {
				return null;
			}
			Object pattern = lookup.localAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
			String route = (pattern != null) ? pattern.toString() : lookup.getRequestURI();
			return new ResolvedEndpoint(request.getMethod() + " " + route, route, policy);
		}
		return null;
	}

	/**
	 * Whether a handler is {@code @Idempotent}, and whether it requires the key.
	 * @param handlerMethod the handler
	 * @return {@code null} if the handler is not {@code @Idempotent}, else whether the
	 * key is required
	 */
	public Boolean keyRequired(HandlerMethod handlerMethod) {
		EndpointPolicy policy = policyFor(handlerMethod);
		return (policy != null) ? policy.required() : null;
	}

	/**
	 * The name of the key header.
	 * @return the header name
	 */
	public String keyHeader() {
		return this.settings.keyHeader();
	}

	private List<HandlerMapping> handlerMappings() {
		List<HandlerMapping> mappings = this.handlerMappings;
		if (mappings == null) {
			// The mappings the DispatcherServlet detects, in the order it asks them.
			mappings = new ArrayList<>(BeanFactoryUtils
				.beansOfTypeIncludingAncestors(this.context, HandlerMapping.class, true, false)
				.values());
			AnnotationAwareOrderComparator.sort(mappings);
			this.handlerMappings = mappings;
		}
		return mappings;
	}

	private EndpointPolicy policyFor(HandlerMethod handlerMethod) {
		HandlerKey key = new HandlerKey(handlerMethod.getBeanType(), handlerMethod.getMethod());
		EndpointPolicy policy = this.policies.get(key);
		if (policy == null) {
			policy = this.policies.computeIfAbsent(key, (k) -> createPolicy(handlerMethod));
		}
		return (policy != NOT_IDEMPOTENT) ? policy : null;
	}

	private static final EndpointPolicy NOT_IDEMPOTENT = new EndpointPolicy("", false, Duration.ZERO,
			Duration.ZERO, Duration.ZERO, StatusCodes.parse(List.of()), false, List.of());

	private EndpointPolicy createPolicy(HandlerMethod handlerMethod) {
		Method method = handlerMethod.getMethod();
		Idempotent annotation = AnnotatedElementUtils.findMergedAnnotation(method, Idempotent.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getBeanType(), Idempotent.class);
		}
		if (annotation == null) {
			return NOT_IDEMPOTENT;
		}
		String handler = handlerMethod.getBeanType().getSimpleName() + "#" + method.getName();
		try {
			rejectStreaming(handlerMethod.getReturnType());
			Duration ttl = duration(annotation.ttl(), this.settings.ttl(), "ttl");
			Duration lease = duration(annotation.lease(), this.settings.lease(), "lease");
			Duration maxWait = duration(annotation.maxWait(), this.settings.maxWait(), "maxWait");
			if (lease.isZero() || lease.isNegative()) {
				throw new IllegalArgumentException("lease must be positive, not " + lease);
			}
			if (ttl.compareTo(lease) < 0) {
				throw new IllegalArgumentException("ttl (" + ttl + ") must not be shorter than the lease (" + lease + ")");
			}
			if (maxWait.isNegative()) {
				throw new IllegalArgumentException("maxWait must not be negative");
			}
			// An attribute that resolves to nothing (an empty placeholder) inherits, rather
			// than silently storing every outcome.
			List<String> releaseOn = resolveAll(annotation.releaseOn());
			if (releaseOn.isEmpty()) {
				releaseOn = this.settings.releaseOn();
			}
			StatusCodes release = StatusCodes.parse(releaseOn);
			boolean transactional = bool(annotation.transactional(), this.settings.transactional(), "transactional");
			if (transactional && this.transactionsUnavailable != null) {
				throw new IllegalArgumentException("it is transactional, but " + this.transactionsUnavailable);
			}
			if (transactional && isAsync(handlerMethod.getReturnType())) {
				throw new IllegalArgumentException("it is transactional but returns "
						+ handlerMethod.getReturnType().getParameterType().getSimpleName()
						+ ", which finishes on another thread, outside the transaction; make it synchronous or "
						+ "not transactional");
			}
			List<String> pointers = resolveAll(annotation.ignoredJsonPointers());
			DefaultRequestFingerprinter.validatePointers(pointers);
			return new EndpointPolicy(handler, annotation.required(), ttl, lease, maxWait, release, transactional,
					pointers);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidIdempotentHandlerException(handler, ex.getMessage());
		}
	}

	private static final Set<Class<?>> STREAMING_TYPES = Set.of(StreamingResponseBody.class,
			ResponseBodyEmitter.class);

	private static void rejectStreaming(MethodParameter returnType) {
		ResolvableType type = ResolvableType.forMethodParameter(returnType);
		if (ResponseEntity.class.isAssignableFrom(type.toClass()) || Future.class.isAssignableFrom(type.toClass())) {
			type = type.getGeneric(0);
		}
		Class<?> raw = type.toClass();
		for (Class<?> streaming : STREAMING_TYPES) {
			if (streaming.isAssignableFrom(raw)) {
				throw new IllegalArgumentException("it returns a streaming response (" + raw.getSimpleName()
						+ "), which cannot be stored whole and replayed; remove @Idempotent from it");
			}
		}
		if ("reactor.core.publisher.Flux".equals(raw.getName())) {
			throw new IllegalArgumentException(
					"it returns a Flux, which is streamed; remove @Idempotent from it or return a Mono");
		}
	}

	private static boolean isAsync(MethodParameter returnType) {
		Class<?> type = returnType.getParameterType();
		return java.util.concurrent.Callable.class.isAssignableFrom(type)
				|| java.util.concurrent.CompletionStage.class.isAssignableFrom(type) || Future.class.isAssignableFrom(type)
				|| org.springframework.web.context.request.async.DeferredResult.class.isAssignableFrom(type)
				|| org.springframework.web.context.request.async.WebAsyncTask.class.isAssignableFrom(type);
	}

	private Duration duration(String value, Duration inherited, String attribute) {
		String resolved = resolve(value);
		if (resolved.isEmpty()) {
			return inherited;
		}
		try {
			return DurationStyle.detectAndParse(resolved);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(attribute + " = \"" + value + "\" is not a duration (write 30s, 24h or PT30S)");
		}
	}

	private boolean bool(String value, boolean inherited, String attribute) {
		String resolved = resolve(value).toLowerCase(java.util.Locale.ROOT);
		return switch (resolved) {
			case "" -> inherited;
			case "true" -> true;
			case "false" -> false;
			default -> throw new IllegalArgumentException(attribute + " = \"" + value + "\" must be \"true\" or \"false\"");
		};
	}

	private List<String> resolveAll(String[] values) {
		List<String> resolved = new ArrayList<>(values.length);
		for (String value : values) {
			String one = resolve(value);
			if (!one.isEmpty()) {
				resolved.addAll(Arrays.stream(one.split(",")).map(String::trim).filter((s) -> !s.isEmpty()).toList());
			}
		}
		return Collections.unmodifiableList(resolved);
	}

	private String resolve(String value) {
		return this.environment.resolveRequiredPlaceholders(value).trim();
	}

	private record HandlerKey(Class<?> beanType, Method method) {
	}

	/**
	 * The request a handler lookup sees: attributes that handler mappings set are kept
	 * here, so the lookup leaves the real request as it found it.
	 */
	private static final class LookupRequest extends HttpServletRequestWrapper {

		private final Map<String, Object> attributes = new HashMap<>();

		private final Set<String> removed = new java.util.HashSet<>();

		LookupRequest(HttpServletRequest request) {
			super(request);
		}

		Object localAttribute(String name) {
			return this.attributes.get(name);
		}

		@Override
		public Object getAttribute(String name) {
			if (this.attributes.containsKey(name)) {
				return this.attributes.get(name);
			}
			return this.removed.contains(name) ? null : super.getAttribute(name);
		}

		@Override
		public Enumeration<String> getAttributeNames() {
			Set<String> names = new java.util.LinkedHashSet<>(Collections.list(super.getAttributeNames()));
			names.removeAll(this.removed);
			names.addAll(this.attributes.keySet());
			return Collections.enumeration(names);
		}

		@Override
		public void setAttribute(String name, Object value) {
			this.removed.remove(name);
			this.attributes.put(name, value);
		}

		@Override
		public void removeAttribute(String name) {
			this.attributes.remove(name);
			this.removed.add(name);
		}

	}

}
