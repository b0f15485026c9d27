package io.headcount.scoring.report;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG bar charts, drawn by hand so that the HTML report needs no script or stylesheet from
 * anywhere (it is opened from disk, often offline, and must show the same numbers years later).
 */
final class SvgCharts {

    /** One group of bars (e.g. one window), one value per series; null draws no bar. */
    record Group(String label, List<Double> values) {}

    static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759"};

    private static final int HEIGHT = 220;
    private static final int TOP = 20;
    private static final int BOTTOM = 50;
    private static final int LEFT = 50;

    private SvgCharts() {}

    /**
     * Grouped bars with a legend; {@code max} is the value at the top of the axis (e.g. 1 for
     * accuracies), or 0 to fit the largest value.
     */
    static String groupedBars(String title, List<String> series, List<Group> groups, double max) {
        double top = max > 0 ? max : 1;
        for (Group group : groups) {
            for (Double value : group.values()) {
                if (max <= 0 && value != null && value > top) {
                    top = value;
                }
            }
        }
        if (max <= 0) {
            top = Math.ceil(top / 4) * 4; // whole-number ticks for counts
        }
        int barWidth = Math.max(4, Math.min(24, 600 / Math.max(1, groups.size() * series.size())));
        int groupWidth = barWidth * series.size() + 8;
        int width = LEFT + groups.size() * groupWidth + 20;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                                + " role=\"img\" aria-label=\"%s\">",
                        Math.max(width, 320),
                        HEIGHT + 20,
                        Html.escape(title)));
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
                        LEFT,
                        TOP + plotHeight,
                        width,
                        TOP + plotHeight));
        for (int tick = 0; tick <= 4; tick++) {
            double value = top * tick / 4;
            int y = TOP + plotHeight - (int) Math.round(plotHeight * tick / 4.0);
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%s</text>"
                                    + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>",
                            LEFT - 4,
                            y + 3,
                            format(value),
                            LEFT,
                            y,
                            width,
                            y));
        }
        for (int g = 0; g < groups.size(); g++) {
            Group group = groups.get(g);
            int x0 = LEFT + 4 + g * groupWidth;
            for (int s = 0; s < series.size() && s < group.values().size(); s++) {
                Double value = group.values().get(s);
                if (value == null) {
                    continue;
                }
                int barHeight = (int) Math.round(plotHeight * Math.min(value, top) / top);
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
                                        + "<title>%s, %s: %s</title></rect>",
                                x0 + s * barWidth,
                                TOP + plotHeight - barHeight,
                                barWidth - 1,
                                barHeight,
                                COLOURS[s % COLOURS.length],
                                Html.escape(group.label()),
                                Html.escape(series.get(s)),
                                format(value)));
            }
            if (groups.size() <= 12 || g % Math.ceil(groups.size() / 12.0) == 0) {
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>",
                                x0,
                                TOP + plotHeight + 14,
                                Html.escape(group.label())));
            }
        }
        for (int s = 0; s < series.size(); s++) {
            int x = LEFT + s * 150;
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                                    + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>",
                            x,
                            HEIGHT,
                            COLOURS[s % COLOURS.length],
                            x + 14,
                            HEIGHT + 9,
                            Html.escape(series.get(s))));
        }
        return svg.append("</svg>").toString();
    }

    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e9
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
