package dev.idempotency.docs;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.idempotency.Idempotent;
import dev.idempotency.autoconfigure.IdempotencyProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Holds {@code docs/configuration.md} to the code: its property reference is rendered
 * from the metadata that {@code spring-boot-configuration-processor} generates at compile
 * time, the defaults in that metadata are checked against the real defaults of
 * {@link IdempotencyProperties}, and the table of {@link Idempotent} attributes against
 * the annotation. {@code -Ddocs.update=true} rewrites the generated section.
 */
class ConfigurationReferenceTests {

	static final String BEGIN = "<!-- BEGIN GENERATED:";

	static final String END = "<!-- END GENERATED -->";

	/**
	 * One section per metadata group, in this order. A new group fails the test until it
	 * has a title here.
	 */
	private static final Map<String, String> GROUP_TITLES = new LinkedHashMap<>();

	static {
		GROUP_TITLES.put("idempotency", "Requests, lifetimes and limits");
		GROUP_TITLES.put("idempotency.key", "The key header");
		GROUP_TITLES.put("idempotency.conflict", "Concurrent retries");
		GROUP_TITLES.put("idempotency.replay", "Replays");
		GROUP_TITLES.put("idempotency.fingerprint", "The fingerprint");
		GROUP_TITLES.put("idempotency.scope", "Scope");
		GROUP_TITLES.put("idempotency.filter", "The filter");
		GROUP_TITLES.put("idempotency.store", "Store selection and failure mode");
		GROUP_TITLES.put("idempotency.store.in-memory", "In-memory store");
		GROUP_TITLES.put("idempotency.store.redis", "Redis (Redis and tiered stores)");
		GROUP_TITLES.put("idempotency.store.redis.breaker", "Redis breaker (tiered store)");
		GROUP_TITLES.put("idempotency.store.jdbc", "Database (JDBC and tiered stores)");
		GROUP_TITLES.put("idempotency.store.jdbc.reaper", "Reaper (JDBC and tiered stores)");
		GROUP_TITLES.put("management.endpoint.idempotency", "Actuator endpoint");
	}

	private static final Map<String, String> TYPE_NAMES = Map.of("java.lang.Boolean", "boolean", "java.lang.Integer",
			"int", "java.lang.String", "String", "java.time.Duration", "Duration",
			"org.springframework.util.unit.DataSize", "DataSize", "java.util.List<java.lang.String>",
			"list of String");

	private static final Pattern ANNOTATION = Pattern.compile("(?<![`\\w])(@[A-Z]\\w*)");

	@Test
	void referenceIsRenderedFromTheMetadata() {
		Path page = Docs.page("configuration.md");
		String expected = Docs.replaceSection(Docs.read(page), BEGIN, END, render(metadata()));
		Docs.check(page, expected, getClass().getSimpleName(),
				"the properties metadata (target/classes/META-INF/spring-configuration-metadata.json)");
	}

	@Test
	void metadataDefaultsAreTheRealDefaults() {
		BeanWrapperImpl defaults = new BeanWrapperImpl(new IdempotencyProperties());
		List<String> wrong = new ArrayList<>();
		for (JsonNode property : properties(metadata())) {
			String name = property.get("name").asString();
			if (!name.startsWith("idempotency.")) {
				continue;
			}
			String path = beanPath(name);
			assertThat(defaults.isReadableProperty(path)).as("%s is a property of IdempotencyProperties", name)
				.isTrue();
			Object real = defaults.getPropertyValue(path);
			JsonNode documented = property.get("defaultValue");
			if (documented == null || documented.isNull()) {
				if (real != null && !(real instanceof Collection<?> collection && collection.isEmpty())) {
					wrong.add(name + ": the metadata has no default, but IdempotencyProperties starts with " + real
							+ " (add it to src/main/resources/META-INF/additional-spring-configuration-metadata.json)");
				}
				continue;
			}
			Object bound = bindAlone(name, documented);
			if (!real.equals(bound)) {
				wrong.add(name + ": the metadata says " + documented + ", but IdempotencyProperties starts with " + real);
			}
		}
		assertThat(wrong).as("defaults in the properties metadata that the code contradicts").isEmpty();
	}

	@Test
	void additionalMetadataNamesRealPropertiesWithTheirRealDefaults() {
		JsonNode additional = JsonMapper.builder()
			.build()
			.readTree(Docs.read(Docs.moduleDir()
				.resolve("src/main/resources/META-INF/additional-spring-configuration-metadata.json")));
		BeanWrapperImpl defaults = new BeanWrapperImpl(new IdempotencyProperties());
		for (JsonNode property : additional.path("properties").values()) {
			String name = property.get("name").asString();
			String path = beanPath(name);
			assertThat(defaults.isReadableProperty(path))
				.as("%s in additional-spring-configuration-metadata.json is a property of IdempotencyProperties", name)
				.isTrue();
			if (property.has("defaultValue")) {
				assertThat(bindAlone(name, property.get("defaultValue")))
					.as("the default of %s in additional-spring-configuration-metadata.json", name)
					.isEqualTo(defaults.getPropertyValue(path));
			}
		}
	}

	@Test
	void annotationAttributesAreDocumented() {
		String page = Docs.read(Docs.page("configuration.md"));
		Set<String> propertyNames = properties(metadata()).stream()
			.map((property) -> property.get("name").asString())
			.collect(Collectors.toSet());
		Map<String, List<String>> documented = new TreeMap<>();
		for (List<String> row : Docs.table(page, "## `@Idempotent` attributes")) {
			documented.put(Docs.codeSpans(row.get(0)).get(0), row);
		}
		Map<String, Method> attributes = new TreeMap<>();
		for (Method method : Idempotent.class.getDeclaredMethods()) {
			attributes.put(method.getName(), method);
		}
		assertThat(documented.keySet()).as("attributes in the @Idempotent table of docs/configuration.md")
			.isEqualTo(attributes.keySet());
		attributes.forEach((name, method) -> {
			List<String> row = documented.get(name);
			assertThat(Docs.codeSpans(row.get(1))).as("type of %s", name)
				.containsExactly(method.getReturnType().getSimpleName());
			assertThat(Docs.codeSpans(row.get(2))).as("default of %s", name)
				.containsExactly(annotationDefault(method.getDefaultValue()));
			for (String inherited : Docs.codeSpans(row.get(3))) {
				assertThat(propertyNames).as("property that %s inherits", name).contains(inherited);
			}
		});
	}

	static JsonNode metadata() {
		Path file = Docs.mainOutput().resolve("META-INF/spring-configuration-metadata.json");
		assertThat(file).as("metadata generated by spring-boot-configuration-processor (compile first)").exists();
		return JsonMapper.builder().build().readTree(Docs.read(file));
	}

	private static Collection<JsonNode> properties(JsonNode metadata) {
		return metadata.path("properties").values();
	}

	static String render(JsonNode metadata) {
		Set<String> groups = new TreeSet<>();
		metadata.path("groups").values().forEach((group) -> groups.add(group.get("name").asString()));
		Set<String> untitled = new TreeSet<>(groups);
		untitled.removeAll(GROUP_TITLES.keySet());
		if (!untitled.isEmpty()) {
			fail("Give the new property groups " + untitled + " a title in " + ConfigurationReferenceTests.class.getName());
		}
		Map<String, List<JsonNode>> byGroup = new LinkedHashMap<>();
		GROUP_TITLES.keySet().forEach((group) -> byGroup.put(group, new ArrayList<>()));
		for (JsonNode property : properties(metadata)) {
			String name = property.get("name").asString();
			String group = name.substring(0, name.lastIndexOf('.'));
			if (!byGroup.containsKey(group)) {
				fail("Property " + name + " is in no titled group");
			}
			byGroup.get(group).add(property);
		}
		StringBuilder out = new StringBuilder();
		byGroup.forEach((group, members) -> {
			if (members.isEmpty()) {
				return;
			}
			members.sort((a, b) -> a.get("name").asString().compareTo(b.get("name").asString()));
			out.append("\n### ").append(GROUP_TITLES.get(group)).append("\n\n");
			out.append("| Property | Type | Default | Description |\n");
			out.append("|---|---|---|---|\n");
			for (JsonNode property : members) {
				out.append("| `").append(property.get("name").asString()).append("` | ");
				out.append(type(property.path("type").asString())).append(" | ");
				out.append(defaultValue(property.get("defaultValue"), property.path("type").asString()))
					.append(" | ");
				out.append(cell(property.path("description").asString(""))).append(" |\n");
			}
		});
		out.append('\n');
		return out.toString();
	}

	private static String type(String type) {
		String known = TYPE_NAMES.get(type);
		if (known != null) {
			return known;
		}
		Class<?> resolved = ClassUtils.resolveClassName(type, ConfigurationReferenceTests.class.getClassLoader());
		if (resolved.isEnum()) {
			return Arrays.stream(resolved.getEnumConstants())
				.map((constant) -> "`" + ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-') + "`")
				.collect(Collectors.joining(", "));
		}
		fail("Say how to show the type " + type + " in " + ConfigurationReferenceTests.class.getName());
		return type;
	}

	private static String defaultValue(JsonNode value, String type) {
		if (value == null || value.isNull()) {
			return type.startsWith("java.util.List") ? "empty" : "none";
		}
		return "`" + propertyValue(value) + "`";
	}

	/**
	 * A metadata value as it would be written in {@code application.properties}.
	 */
	private static String propertyValue(JsonNode value) {
		if (value.isArray()) {
			return value.values().stream().map(JsonNode::asString).collect(Collectors.joining(","));
		}
		return value.asString();
	}

	private static String cell(String text) {
		return ANNOTATION.matcher(text.replace("|", "\\|").replace("\n", " ")).replaceAll("`$1`");
	}

	/**
	 * The value a default from the metadata binds to, bound as the only property.
	 */
	private static Object bindAlone(String name, JsonNode value) {
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(name, propertyValue(value))));
		IdempotencyProperties bound = binder.bind("idempotency", Bindable.of(IdempotencyProperties.class)).get();
		return new BeanWrapperImpl(bound).getPropertyValue(beanPath(name));
	}

	/**
	 * {@code store.in-memory.max-records} as a bean path: {@code store.inMemory.maxRecords}.
	 */
	private static String beanPath(String name) {
		String relative = name.startsWith("idempotency.") ? name.substring("idempotency.".length()) : name;
		return Arrays.stream(relative.split("\\.")).map((segment) -> {
			StringBuilder camel = new StringBuilder();
			boolean upper = false;
			for (char c : segment.toCharArray()) {
				if (c == '-') {
					upper = true;
				}
				else {
					camel.append(upper ? Character.toUpperCase(c) : c);
					upper = false;
				}
			}
			return camel.toString();
		}).collect(Collectors.joining("."));
	}

	private static String annotationDefault(Object value) {
		if (value instanceof String text) {
			return "\"" + text + "\"";
		}
		if (value instanceof String[] array) {
			return Arrays.stream(array).map((text) -> "\"" + text + "\"").collect(Collectors.joining(", ", "{", "}"));
		}
		return String.valueOf(value);
	}

}
