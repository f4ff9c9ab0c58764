package dev.idempotency.benchmarks.load;

import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart, in SVG, of each scenario's throughput as a share of the
 * baseline's, on a logarithmic scale (replays run many times faster than new keys),
 * with the two throughput targets marked.
 */
final class ThroughputPlot {

	private static final int LABEL_WIDTH = 300;

	private static final int BAR_AREA = 420;

	private static final int ROW_HEIGHT = 26;

	private static final int TOP = 52;

	private ThroughputPlot() {
	}

	static String svg(List<Bar> bars) {
		double max = Math.max(2.0, bars.stream().mapToDouble(Bar::ratio).max().orElse(1) * 1.2);
		double min = Math.min(0.25, bars.stream().mapToDouble(Bar::ratio).min().orElse(1) / 1.2);
		int height = TOP + bars.size() * ROW_HEIGHT + 30;
		int width = LABEL_WIDTH + BAR_AREA + 80;
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
						+ "font-size=\"13\">%n",
				width, height));
		svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
		svg.append(String.format(Locale.ROOT,
				"<text x=\"%d\" y=\"20\" font-weight=\"bold\">Throughput as a share of the starter disabled "
						+ "(POST /payments, log scale)</text>%n",
				10));
		for (int i = 0; i < bars.size(); i++) {
			Bar bar = bars.get(i);
			double ratio = bar.ratio();
			int y = TOP + i * ROW_HEIGHT;
			int barWidth = x(ratio, min, max) - LABEL_WIDTH;
			String colour = switch (bar.kind()) {
				case BASELINE -> "#9e9e9e";
				case REPLAY -> "#2e7d32";
				case NEW_KEY -> "#1565c0";
			};
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
					LABEL_WIDTH - 8, y + 15, escape(bar.label())));
			svg.append(String.format(Locale.ROOT,
					"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"%s\"/>%n", LABEL_WIDTH, y + 2, barWidth,
					colour));
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%.2f×</text>%n",
					LABEL_WIDTH + barWidth + 6, y + 15, ratio));
		}
		int bottom = TOP + bars.size() * ROW_HEIGHT;
		for (double mark : new double[] { 0.85, 1.0, 1.5 }) {
			int x = x(mark, min, max);
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c62828\" stroke-dasharray=\"%s\"/>%n", x,
					TOP - 4, x, bottom, (mark == 1.0) ? "2,2" : "6,3"));
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
					+ "fill=\"#c62828\">%s</text>%n", x, (mark < 1.0) ? TOP - 8 : bottom + 16,
					(mark == 1.0) ? "1×" : mark + "×"));
		}
		svg.append("</svg>\n");
		return svg.toString();
	}

	private static int x(double ratio, double min, double max) {
		double share = Math.log(Math.max(ratio, min) / min) / Math.log(max / min);
		return LABEL_WIDTH + (int) Math.round(share * BAR_AREA);
	}

	enum Kind {

		BASELINE, NEW_KEY, REPLAY

	}

	/**
	 * One scenario's bar.
	 *
	 * @param label what it measured
	 * @param ratio its throughput as a share of the baseline's
	 * @param kind what colour it gets
	 */
	record Bar(String label, double ratio, Kind kind) {

	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
