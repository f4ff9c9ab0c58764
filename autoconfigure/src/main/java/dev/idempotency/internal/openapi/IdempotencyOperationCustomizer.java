package dev.idempotency.internal.openapi;

import dev.idempotency.internal.web.IdempotentHandlers;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.web.method.HandlerMethod;

/**
 * Documents what the starter adds to every {@code @Idempotent} operation in the
 * application's OpenAPI document: the {@code Idempotency-Key} request header (required
 * or not), the {@code Idempotent-Replayed} response header, and the 400, 409, 413, 422 and
 * 503 problem responses.
 */
public final class IdempotencyOperationCustomizer implements OperationCustomizer {

	private static final String PROBLEM_JSON = "application/problem+json";

	private final IdempotentHandlers handlers;

	public IdempotencyOperationCustomizer(IdempotentHandlers handlers) {
		this.handlers = handlers;
	}

	@Override
	public Operation customize(Operation operation, HandlerMethod handlerMethod) {
		Boolean required = this.handlers.keyRequired(handlerMethod);
		if (required == null) {
			return operation;
		}
		String header = this.handlers.keyHeader();
		boolean documented = operation.getParameters() != null && operation.getParameters()
			.stream()
			.anyMatch((parameter) -> "header".equals(parameter.getIn()) && header.equalsIgnoreCase(parameter.getName()));
		if (!documented) {
			operation.addParametersItem(new HeaderParameter().name(header)
				.required(required)
				.description("Unique key of this operation; send the same key on every retry. "
						+ "A Structured Field string (\"abc\") or a bare value, at most 255 printable ASCII characters.")
				.schema(new StringSchema().maxLength(255).example("8e03978e-40d5-43e8-bc93-6894a57f9324")));
		}
		ApiResponses responses = operation.getResponses();
		if (responses == null) {
			responses = new ApiResponses();
			operation.setResponses(responses);
		}
		responses.values().forEach((response) -> response.addHeaderObject("Idempotent-Replayed",
				new Header().description("true when this response is a replay of the stored outcome of an earlier request with the same key")
					.schema(new StringSchema()._enum(java.util.List.of("true")))));
		addProblem(responses, "400", required
				? "The Idempotency-Key header is missing or malformed, or the JSON body repeats a member name"
				: "The Idempotency-Key header is malformed, or the JSON body repeats a member name");
		addProblem(responses, "409", "A request with this key is still being processed; retry after Retry-After seconds");
		addProblem(responses, "413", "The request body is larger than the limit for idempotent requests");
		addProblem(responses, "422", "This key was already used with a different request");
		addProblem(responses, "503", "The idempotency store is unavailable; retry after Retry-After seconds");
		return operation;
	}

	private static void addProblem(ApiResponses responses, String status, String description) {
		ApiResponse existing = responses.get(status);
		if (existing != null) {
			if (existing.getDescription() == null || existing.getDescription().isBlank()) {
				existing.setDescription(description);
			}
			return;
		}
		responses.addApiResponse(status, new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(new ObjectSchema()
				.addProperty("type", new StringSchema())
				.addProperty("title", new StringSchema())
				.addProperty("status", new io.swagger.v3.oas.models.media.IntegerSchema())
				.addProperty("detail", new StringSchema())
				.addProperty("instance", new StringSchema())))));
	}

}
