package dev.idempotency.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.idempotency.Idempotent;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * An application with one handler per behaviour the filter tests exercise. Every handler
 * counts its executions, so tests can tell a replay from a second run.
 */
@SpringBootApplication
public class FilterTestApplication {

	/** Leaves out the auto-configurations that the test classpath has but these tests do not use. */
	public static final String WITHOUT_REDIS_AND_SECURITY = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration";

	@Bean
	Executions executions() {
		return new Executions();
	}

	/**
	 * Counts handler executions by name.
	 */
	public static final class Executions {

		private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

		int increment(String name) {
			return this.counts.computeIfAbsent(name, (k) -> new AtomicInteger()).incrementAndGet();
		}

		public int count(String name) {
			AtomicInteger count = this.counts.get(name);
			return (count != null) ? count.get() : 0;
		}

	}

	@RestController
	static class TestController {

		private final Executions executions;

		TestController(Executions executions) {
			this.executions = executions;
		}

		@Idempotent
		@PostMapping("/orders")
		ResponseEntity<Map<String, Object>> createOrder(@RequestBody Map<String, Object> order) {
			int n = this.executions.increment("orders");
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("execution", n);
			body.put("order", order);
			return ResponseEntity.created(URI.create("/orders/" + n)).header("X-Execution", Integer.toString(n)).body(body);
		}

		@Idempotent
		@PatchMapping("/orders/{id}")
		Map<String, Object> patchOrder(@PathVariable String id, @RequestBody Map<String, Object> patch) {
			int n = this.executions.increment("patch");
			return Map.of("id", id, "execution", n);
		}

		@GetMapping("/orders")
		List<String> listOrders() {
			this.executions.increment("list");
			return List.of("a", "b");
		}

		@PostMapping("/plain")
		Map<String, Object> plain() {
			return Map.of("execution", this.executions.increment("plain"));
		}

		@Idempotent(required = false)
		@PostMapping("/optional")
		Map<String, Object> optional() {
			return Map.of("execution", this.executions.increment("optional"));
		}

		@Idempotent
		@PostMapping("/slow")
		Map<String, Object> slow(@RequestParam(defaultValue = "1000") long millis) throws InterruptedException {
			int n = this.executions.increment("slow");
			Thread.sleep(millis);
			return Map.of("execution", n);
		}

		@Idempotent(lease = "500ms")
		@PostMapping("/slow-short-lease")
		Map<String, Object> slowShortLease(@RequestParam(defaultValue = "1500") long millis)
				throws InterruptedException {
			int n = this.executions.increment("slow-short-lease");
			Thread.sleep(millis);
			return Map.of("execution", n);
		}

		@Idempotent(maxWait = "${test.max-wait:10s}")
		@PostMapping("/slow-wait")
		Map<String, Object> slowWait(@RequestParam(defaultValue = "1000") long millis) throws InterruptedException {
			int n = this.executions.increment("slow-wait");
			Thread.sleep(millis);
			return Map.of("execution", n);
		}

		@Idempotent
		@PostMapping("/status/{code}")
		ResponseEntity<Map<String, Object>> status(@PathVariable int code) {
			int n = this.executions.increment("status-" + code);
			return ResponseEntity.status(code).body(Map.of("execution", n));
		}

		@Idempotent(releaseOn = "4xx")
		@PostMapping("/release-client-errors/{code}")
		ResponseEntity<Map<String, Object>> releaseClientErrors(@PathVariable int code) {
			int n = this.executions.increment("release-client-errors-" + code);
			return ResponseEntity.status(code).body(Map.of("execution", n));
		}

		@Idempotent
		@PostMapping("/boom")
		Map<String, Object> boom() {
			this.executions.increment("boom");
			throw new IllegalStateException("handler failed");
		}

		@Idempotent
		@PostMapping("/send-error")
		void sendError(HttpServletResponse response) throws java.io.IOException {
			this.executions.increment("send-error");
			response.sendError(403);
		}

		@Idempotent
		@PostMapping(path = "/big", produces = MediaType.TEXT_PLAIN_VALUE)
		ResponseEntity<String> big(@RequestParam int size) {
			this.executions.increment("big");
			return ResponseEntity.ok().header("X-Size", Integer.toString(size)).body("x".repeat(size));
		}

		@Idempotent
		@PostMapping(path = "/form", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
		Map<String, Object> form(@RequestParam MultiValueMap<String, String> fields) {
			return Map.of("execution", this.executions.increment("form"), "fields", fields);
		}

		@Idempotent
		@PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
		Map<String, Object> upload(@RequestParam org.springframework.web.multipart.MultipartFile file,
				@RequestParam String note) throws java.io.IOException {
			return Map.of("execution", this.executions.increment("upload"), "size", file.getSize(), "note", note,
					"content", new String(file.getBytes(), java.nio.charset.StandardCharsets.UTF_8));
		}

		@Idempotent(ignoredJsonPointers = "/sentAt")
		@PostMapping("/ignoring")
		Map<String, Object> ignoring(@RequestBody Map<String, Object> body) {
			return Map.of("execution", this.executions.increment("ignoring"));
		}

		@Idempotent
		@PostMapping("/headers")
		ResponseEntity<String> headers(HttpServletResponse response) {
			int n = this.executions.increment("headers");
			response.addHeader("Set-Cookie", "session=secret; Path=/");
			response.addHeader("X-Multi", "one");
			response.addHeader("X-Multi", "two");
			response.addHeader("X-Not-Replayed", "private");
			return ResponseEntity.ok().header("Content-Type", "text/plain;charset=UTF-8").body("execution " + n);
		}

		@Idempotent
		@PostMapping("/callable")
		Callable<Map<String, Object>> callable() {
			return () -> {
				Thread.sleep(100);
				return Map.of("execution", this.executions.increment("callable"));
			};
		}

		@Idempotent
		@PostMapping("/deferred")
		DeferredResult<ResponseEntity<Map<String, Object>>> deferred() {
			DeferredResult<ResponseEntity<Map<String, Object>>> result = new DeferredResult<>();
			CompletableFuture.runAsync(() -> {
				int n = this.executions.increment("deferred");
				result.setResult(ResponseEntity.status(201).body(Map.of("execution", n)));
			});
			return result;
		}

		@Idempotent
		@PostMapping("/future")
		CompletableFuture<Map<String, Object>> future() {
			return CompletableFuture.supplyAsync(() -> Map.of("execution", this.executions.increment("future")));
		}

		@Idempotent
		@PostMapping("/deferred-failure")
		DeferredResult<Map<String, Object>> deferredFailure() {
			DeferredResult<Map<String, Object>> result = new DeferredResult<>();
			CompletableFuture.runAsync(() -> {
				this.executions.increment("deferred-failure");
				result.setErrorResult(new IllegalStateException("async handler failed"));
			});
			return result;
		}

	}

	@Idempotent
	@RestController
	@RequestMapping("/class-level")
	static class ClassLevelController {

		private final Executions executions;

		ClassLevelController(Executions executions) {
			this.executions = executions;
		}

		@PostMapping
		Map<String, Object> create() {
			return Map.of("execution", this.executions.increment("class-level"));
		}

		@Idempotent(required = false)
		@PostMapping("/optional")
		Map<String, Object> optional() {
			return Map.of("execution", this.executions.increment("class-level-optional"));
		}

	}

}
