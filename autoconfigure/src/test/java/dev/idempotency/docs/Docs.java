package dev.idempotency.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.idempotency.autoconfigure.IdempotencyProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Reads and, with {@code -Ddocs.update=true}, rewrites the pages under {@code docs/}, so
 * that the tests of this package can hold the documentation to the code.
 */
final class Docs {

	/** Whether the tests rewrite the docs instead of failing when they differ. */
	static final boolean UPDATE = Boolean.getBoolean("docs.update");

	private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

	private Docs() {
	}

	/**
	 * The module directory ({@code autoconfigure/}), found from where the test classes
	 * were compiled to rather than from the working directory.
	 * @return the module directory
	 */
	static Path moduleDir() {
		return location(Docs.class).getParent().getParent();
	}

	/**
	 * Where the main classes and resources were compiled to: what the jar holds.
	 * @return {@code target/classes}
	 */
	static Path mainOutput() {
		return location(IdempotencyProperties.class);
	}

	/**
	 * The {@code docs/} directory of the repository.
	 * @return the directory
	 */
	static Path dir() {
		Path docs = moduleDir().getParent().resolve("docs");
		assertThat(docs).as("the docs directory next to the module").isDirectory();
		return docs;
	}

	static Path page(String name) {
		return dir().resolve(name);
	}

	static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Compare a page with what it should say; rewrite it in update mode, else fail with
	 * a diff and the command that regenerates it.
	 * @param page the page
	 * @param expected what it should hold
	 * @param test the simple name of the test that regenerates it
	 * @param source what the page is checked against, for the message
	 */
	static void check(Path page, String expected, String test, String source) {
		String actual = read(page);
		if (actual.equals(expected)) {
			return;
		}
		if (UPDATE) {
			try {
				Files.writeString(page, expected, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return;
		}
		fail("docs/" + page.getFileName() + " differs from " + source + firstDifference(actual, expected)
				+ "\nRegenerate it with: ./mvnw -q -B -pl autoconfigure test -Dtest=" + test + " -Ddocs.update=true");
	}

	private static String firstDifference(String actual, String expected) {
		List<String> is = actual.lines().toList();
		List<String> shouldBe = expected.lines().toList();
		int line = 0;
		while (line < is.size() && line < shouldBe.size() && is.get(line).equals(shouldBe.get(line))) {
			line++;
		}
		return ", first at line " + (line + 1) + ":\n  the page has:    "
				+ ((line < is.size()) ? is.get(line) : "(end of file)") + "\n  it should have:  "
				+ ((line < shouldBe.size()) ? shouldBe.get(line) : "(end of file)");
	}

	/**
	 * Replace what stands between two marker lines.
	 * @param text the page
	 * @param begin the prefix of the line that opens the section
	 * @param end the line that closes it
	 * @param section the new content, ending with a line feed
	 * @return the page with the section replaced
	 */
	static String replaceSection(String text, String begin, String end, String section) {
		int open = text.indexOf(begin);
		if (open < 0) {
			fail("Missing the line '" + begin + "...' that opens the generated section");
		}
		int contentStart = text.indexOf('\n', open) + 1;
		int close = text.indexOf(end, contentStart);
		if (close < 0) {
			fail("Missing the line '" + end + "' that closes the generated section");
		}
		return text.substring(0, contentStart) + section + text.substring(close);
	}

	/**
	 * The body rows of the first table after a heading, as cells.
	 * @param text the page
	 * @param heading the heading line, exactly
	 * @return the rows, without the header and separator rows
	 */
	static List<List<String>> table(String text, String heading) {
		List<String> lines = text.lines().toList();
		int at = lines.indexOf(heading);
		if (at < 0) {
			fail("Missing the heading '" + heading + "'");
		}
		int first = at + 1;
		while (first < lines.size() && !lines.get(first).startsWith("|")) {
			if (lines.get(first).startsWith("#")) {
				fail("No table under '" + heading + "'");
			}
			first++;
		}
		List<List<String>> rows = new ArrayList<>();
		for (int i = first + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
			rows.add(cells(lines.get(i)));
		}
		return rows;
	}

	private static List<String> cells(String row) {
		String inner = row.strip();
		inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
		List<String> cells = new ArrayList<>();
		for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
			cells.add(cell.strip());
		}
		return cells;
	}

	/**
	 * The code spans of a table cell or a line.
	 * @param text the text
	 * @return what stands between backticks, in order
	 */
	static List<String> codeSpans(String text) {
		List<String> spans = new ArrayList<>();
		Matcher matcher = BACKTICKED.matcher(text);
		while (matcher.find()) {
			spans.add(matcher.group(1));
		}
		return spans;
	}

	private static Path location(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
