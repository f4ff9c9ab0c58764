package dev.idempotency.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Holds files that the docs show to the files the jar ships. A page includes a resource
 * with a marker line, {@code <!-- include: dev/idempotency/store/jdbc/migration/h2/V1__create_idempotency_record.sql -->},
 * followed by a fenced block that must hold exactly that resource.
 * {@code -Ddocs.update=true} rewrites the blocks from the resources.
 */
class IncludedResourcesTests {

	private static final Pattern INCLUDE = Pattern.compile("<!-- include: (\\S+) -->");

	private static final String MIGRATIONS = "dev/idempotency/store/jdbc/migration";

	@Test
	void includedBlocksHoldTheResources() throws IOException {
		try (Stream<Path> pages = Files.list(Docs.dir())) {
			for (Path page : pages.filter((file) -> file.toString().endsWith(".md")).sorted().toList()) {
				String text = Docs.read(page);
				if (INCLUDE.matcher(text).find()) {
					Docs.check(page, withIncludes(text), getClass().getSimpleName(),
							"the resources it includes (autoconfigure/src/main/resources)");
				}
			}
		}
	}

	@Test
	void storesPageShowsEveryMigration() throws IOException {
		Path root = Docs.mainOutput();
		Set<String> shipped = new TreeSet<>();
		try (Stream<Path> files = Files.walk(root.resolve(MIGRATIONS))) {
			files.filter((file) -> file.toString().endsWith(".sql"))
				.forEach((file) -> shipped.add(root.relativize(file).toString().replace('\\', '/')));
		}
		assertThat(shipped).as("migrations in the jar").isNotEmpty();
		Set<String> included = new TreeSet<>();
		Matcher matcher = INCLUDE.matcher(Docs.read(Docs.page("stores.md")));
		while (matcher.find()) {
			included.add(matcher.group(1));
		}
		assertThat(included)
			.as("migrations that docs/stores.md includes: add a line '<!-- include: <path> -->' for each new one "
					+ "and run ./mvnw -q -B -pl autoconfigure test -Dtest=IncludedResourcesTests -Ddocs.update=true")
			.containsAll(shipped);
	}

	/**
	 * The page with the fenced block after every include marker replaced by the resource.
	 */
	static String withIncludes(String text) {
		List<String> lines = text.lines().toList();
		StringBuilder out = new StringBuilder();
		int i = 0;
		while (i < lines.size()) {
			String line = lines.get(i++);
			out.append(line).append('\n');
			Matcher marker = INCLUDE.matcher(line.strip());
			if (!marker.matches()) {
				continue;
			}
			String path = marker.group(1);
			String fence = "```" + language(path);
			if (i < lines.size() && lines.get(i).startsWith("```")) {
				fence = lines.get(i);
				i++;
				while (i < lines.size() && !lines.get(i).equals("```")) {
					i++;
				}
				if (i == lines.size()) {
					fail("The block included after '" + line + "' is not closed");
				}
				i++;
			}
			String content = resource(path);
			out.append(fence).append('\n').append(content);
			if (!content.endsWith("\n")) {
				out.append('\n');
			}
			out.append("```\n");
		}
		return out.toString();
	}

	private static String resource(String path) {
		Path file = Docs.mainOutput().resolve(path);
		if (!Files.isRegularFile(file)) {
			fail("The docs include " + path + ", which the jar does not ship");
		}
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String language(String path) {
		int dot = path.lastIndexOf('.');
		return (dot < 0) ? "" : path.substring(dot + 1);
	}

}
