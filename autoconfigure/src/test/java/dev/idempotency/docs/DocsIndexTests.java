package dev.idempotency.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page under {@code docs/} is listed in {@code docs/README.md}, so none is written
 * and then never found; and links between the pages lead to a page and a heading that
 * exist.
 */
class DocsIndexTests {

	private static final Pattern LINK = Pattern.compile("\\]\\(([\\w.-]+\\.md)?(?:#([\\w-]+))?\\)");

	@Test
	void indexListsEveryPage() throws IOException {
		String index = Docs.read(Docs.page("README.md"));
		List<String> pages;
		try (Stream<Path> files = Files.list(Docs.dir())) {
			pages = files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith(".md") && !name.equals("README.md"))
				.sorted()
				.toList();
		}
		assertThat(pages).as("pages under docs/").isNotEmpty();
		assertThat(pages).as("pages that docs/README.md links to")
			.allSatisfy((page) -> assertThat(index).contains("](" + page + ")"));
	}

	@Test
	void linksBetweenPagesLeadToHeadingsThatExist() throws IOException {
		// Pages that others are still writing are linked from the repository's README.
		String readme = Docs.read(Docs.moduleDir().getParent().resolve("README.md"));
		List<String> broken = new ArrayList<>();
		try (Stream<Path> files = Files.list(Docs.dir())) {
			for (Path page : files.filter((file) -> file.toString().endsWith(".md")).sorted().toList()) {
				Matcher link = LINK.matcher(Docs.read(page));
				while (link.find()) {
					String target = (link.group(1) != null) ? link.group(1) : page.getFileName().toString();
					Path targetPage = Docs.page(target);
					if (!Files.exists(targetPage)) {
						if (!readme.contains("(docs/" + target + ")")) {
							broken.add(page.getFileName() + ": " + link.group() + " (no such page)");
						}
						continue;
					}
					if (link.group(2) != null && !anchors(Docs.read(targetPage)).contains(link.group(2))) {
						broken.add(page.getFileName() + ": " + link.group() + " (no such heading)");
					}
				}
			}
		}
		assertThat(broken).as("links between the pages under docs/").isEmpty();
	}

	/**
	 * The anchors GitHub gives the headings of a page: lower case, punctuation dropped,
	 * spaces turned into hyphens.
	 */
	private static Set<String> anchors(String page) {
		Set<String> anchors = new HashSet<>();
		boolean fenced = false;
		for (String line : page.lines().toList()) {
			if (line.startsWith("```")) {
				fenced = !fenced;
			}
			if (!fenced && line.startsWith("#")) {
				String text = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
				anchors.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
			}
		}
		return anchors;
	}

}
