package io.headcount.app.replay;

import static io.headcount.core.Html.escape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A self-contained HTML page of a {@link Comparison}: inline SVG bar charts (production and
 * candidate side by side), no script and nothing fetched from the network.
 */
public final class ComparisonChart {

    private static final String PRODUCTION_COLOUR = "#4c72b0";
    private static final String CANDIDATE_COLOUR = "#dd8452";
    private static final int HEIGHT = 250;

    private ComparisonChart() {}

    @SuppressWarnings("unchecked")
    public static String html(Map<String, Object> report) {
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>headcount compare ")
                .append(escape(String.valueOf(report.get("candidate"))))
                .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1100px}")
                .append(
                        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
                .append(
                        "h2{margin-top:1.5em}.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px}")
                .append("</style></head><body>\n");
        page.append("<h1>Candidate ")
                .append(escape(String.valueOf(report.get("candidate"))))
                .append(" against production</h1><p>")
                .append(escape(report.get("from") + " to " + report.get("to")))
                .append(" &middot; model sets ")
                .append(escape(String.valueOf(report.get("modelSets"))))
                .append("</p><p class=\"legend\"><span style=\"background:")
                .append(PRODUCTION_COLOUR)
                .append("\"></span>production<span style=\"background:")
                .append(CANDIDATE_COLOUR)
                .append("\"></span>candidate</p>\n");

        Map<String, Object> totals = (Map<String, Object>) report.get("totals");
        Map<String, Long> production = (Map<String, Long>) totals.get("production");
        Map<String, Long> candidate = (Map<String, Long>) totals.get("candidate");
        page.append(
                "<h2>Totals</h2><table><tr><th></th><th>production</th><th>candidate</th><th>difference</th></tr>");
        production.forEach(
                (key, value) ->
                        page.append("<tr><th>")
                                .append(escape(key))
                                .append("</th><td>")
                                .append(value)
                                .append("</td><td>")
                                .append(candidate.get(key))
                                .append("</td><td>")
                                .append(candidate.get(key) - value)
                                .append("</td></tr>"));
        page.append("</table>\n");

        List<Map<String, Object>> windows = (List<Map<String, Object>>) report.get("windows");
        for (String measure : List.of("visitors", "faceObservations", "frames")) {
            List<String> labels = new ArrayList<>();
            List<Double> a = new ArrayList<>();
            List<Double> b = new ArrayList<>();
            for (Map<String, Object> window : windows) {
                labels.add(
                        window.get("camera")
                                + " "
                                + shortTime(String.valueOf(window.get("windowStart"))));
                a.add(value((Map<String, Long>) window.get("production"), measure));
                b.add(value((Map<String, Long>) window.get("candidate"), measure));
            }
            page.append("<h2>").append(escape(measure)).append(" per window</h2>");
            page.append(bars(labels, a, b, false));
        }

        Map<String, Map<String, Map<String, Object>>> attributes =
                (Map<String, Map<String, Map<String, Object>>>) report.get("attributes");
        attributes.forEach(
                (name, sides) -> {
                    TreeSet<String> values = new TreeSet<>(sides.get("production").keySet());
                    values.addAll(sides.get("candidate").keySet());
                    if (values.isEmpty()) {
                        return;
                    }
                    List<Double> a = new ArrayList<>();
                    List<Double> b = new ArrayList<>();
                    for (String value : values) {
                        a.add(share((Map<String, Object>) sides.get("production").get(value)));
                        b.add(share((Map<String, Object>) sides.get("candidate").get(value)));
                    }
                    page.append("<h2>").append(escape(name)).append(": share of visitors</h2>");
                    page.append(bars(new ArrayList<>(values), a, b, true));
                });

        Map<String, Object> tracks = (Map<String, Object>) report.get("tracks");
        page.append("<h2>Visitors matched by time and box</h2><p>")
                .append(escape(String.valueOf(tracks.get("matching"))))
                .append(
                        "</p><table><tr><th>matched</th><th>production only</th><th>candidate only</th></tr><tr><td>")
                .append(tracks.get("matched"))
                .append("</td><td>")
                .append(tracks.get("productionOnly"))
                .append("</td><td>")
                .append(tracks.get("candidateOnly"))
                .append(
                        "</td></tr></table><table><tr><th>attribute</th><th>compared</th><th>agree</th><th>rate</th></tr>");
        ((Map<String, Map<String, Object>>) tracks.get("agreement"))
                .forEach(
                        (name, agreement) ->
                                page.append("<tr><th>")
                                        .append(escape(name))
                                        .append("</th><td>")
                                        .append(agreement.get("compared"))
                                        .append("</td><td>")
                                        .append(agreement.get("agree"))
                                        .append("</td><td>")
                                        .append(
                                                agreement.get("rate") == null
                                                        ? "-"
                                                        : String.format(
                                                                Locale.ROOT,
                                                                "%.3f",
                                                                (Double) agreement.get("rate")))
                                        .append("</td></tr>"));
        page.append("</table>\n");

        Map<String, Object> confidence = (Map<String, Object>) report.get("confidence");
        List<String> binLabels = new ArrayList<>();
        for (int bin = 0; bin < Comparison.BINS; bin++) {
            binLabels.add(String.format(Locale.ROOT, "%.2f", (double) bin / Comparison.BINS));
        }
        confidence.forEach(
                (name, value) -> {
                    if (name.equals("binEdges")) {
                        return;
                    }
                    Map<String, List<Long>> sides = (Map<String, List<Long>>) value;
                    page.append("<h2>")
                            .append(escape(name))
                            .append(" confidence (count per bin)</h2>");
                    page.append(
                            bars(
                                    binLabels,
                                    sides.get("production").stream()
                                            .map(Long::doubleValue)
                                            .toList(),
                                    sides.get("candidate").stream().map(Long::doubleValue).toList(),
                                    false));
                });
        page.append("</body></html>\n");
        return page.toString();
    }

    /** Grouped bars, two per label; {@code percent} prints values as shares. */
    static String bars(List<String> labels, List<Double> a, List<Double> b, boolean percent) {
        double max = 0;
        for (int i = 0; i < labels.size(); i++) {
            max = Math.max(max, Math.max(a.get(i), b.get(i)));
        }
        if (max <= 0) {
            max = 1;
        }
        int group = 28;
        int left = 50;
        // Room on the right and below for the last label, written at 45 degrees.
        int width = left + Math.max(1, labels.size()) * group + 80;
        int bottom = HEIGHT - 80;
        StringBuilder svg = new StringBuilder();
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">",
                        width,
                        HEIGHT));
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
                                + "<text x=\"%d\" y=\"14\" font-size=\"10\" text-anchor=\"end\">%s</text>",
                        left,
                        bottom,
                        width - 5,
                        bottom,
                        left - 4,
                        format(max, percent)));
        for (int i = 0; i < labels.size(); i++) {
            int x = left + i * group + 3;
            bar(svg, x, a.get(i), max, bottom, PRODUCTION_COLOUR, percent);
            bar(svg, x + 11, b.get(i), max, bottom, CANDIDATE_COLOUR, percent);
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\" font-size=\"9\" transform=\"rotate(45 %d %d)\">%s</text>",
                            x,
                            bottom + 12,
                            x,
                            bottom + 12,
                            escape(labels.get(i))));
        }
        return svg.append("</svg>\n").toString();
    }

    private static void bar(
            StringBuilder svg,
            int x,
            double value,
            double max,
            int bottom,
            String colour,
            boolean percent) {
        double height = (bottom - 20) * value / max;
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<rect x=\"%d\" y=\"%.1f\" width=\"10\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>",
                        x,
                        bottom - height,
                        height,
                        colour,
                        format(value, percent)));
    }

    private static String format(double value, boolean percent) {
        return percent
                ? String.format(Locale.ROOT, "%.1f%%", 100 * value)
                : String.format(Locale.ROOT, "%.0f", value);
    }

    private static double value(Map<String, Long> counts, String measure) {
        return counts == null ? 0 : counts.get(measure);
    }

    @SuppressWarnings("unchecked")
    private static double share(Map<String, Object> cell) {
        return cell == null ? 0 : (Double) cell.get("share");
    }

    private static String shortTime(String instant) {
        int t = instant.indexOf('T');
        return t < 0 ? instant : instant.substring(t + 1).replace("Z", "");
    }
}
