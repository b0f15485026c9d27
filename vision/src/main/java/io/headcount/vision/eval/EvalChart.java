package io.headcount.vision.eval;

import static io.headcount.core.Html.escape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page (inline SVG, no scripts, no external files) with the accuracy/coverage
 * curve of each attribute in an {@link Evaluation} report: one line for all faces and one per
 * {@code masked} value (unmasked, real masked, synthetic masked), one point per confidence
 * threshold.
 */
public final class EvalChart {

    private static final String[] COLOURS = {"#222222", "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e"};
    private static final int WIDTH = 420;
    private static final int HEIGHT = 300;
    private static final int MARGIN = 45;

    /** How a {@code masked} column value is shown. */
    private static final Map<String, String> MASKED_NAMES =
            Map.of("no", "unmasked", "yes", "real masked", "synthetic", "synthetic masked");

    private EvalChart() {}

    @SuppressWarnings("unchecked")
    public static String html(Map<String, Object> report) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">")
                .append("<title>headcount eval</title><style>")
                .append("body{font-family:sans-serif;margin:20px}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}")
                .append("</style></head><body>\n<h1>headcount eval</h1>\n<p>")
                .append(escape(String.valueOf(report.get("manifest"))))
                .append("<br>model set ")
                .append(escape(String.valueOf(report.get("model_set"))))
                .append(", ")
                .append(escape(String.valueOf(report.get("model_versions"))))
                .append("<br>detection rate ")
                .append(percent(report.get("detection_rate")))
                .append("</p>\n");
        for (String attribute : List.of("sex", "age_group", "mask")) {
            Object json = report.get(attribute);
            if (!(json instanceof Map<?, ?> score)
                    || ((Number) score.get("labelled")).intValue() == 0) {
                continue;
            }
            Map<String, Map<String, Object>> lines = new LinkedHashMap<>();
            lines.put("all", (Map<String, Object>) score);
            Object byMasked = score.get("by_masked");
            if (byMasked instanceof Map<?, ?> groups) {
                groups.forEach(
                        (value, summary) ->
                                lines.put(
                                        MASKED_NAMES.getOrDefault(
                                                value.toString(), value.toString()),
                                        (Map<String, Object>) summary));
            }
            out.append("<h2>").append(attribute).append("</h2>\n");
            out.append(svg(lines)).append('\n').append(table(lines));
        }
        return out.append("</body></html>\n").toString();
    }

    private static String svg(Map<String, Map<String, Object>> lines) {
        StringBuilder svg = new StringBuilder();
        svg.append(
                String.format(
                        Locale.ROOT, "<svg width=\"%d\" height=\"%d\">", WIDTH + 160, HEIGHT));
        int plotW = WIDTH - 2 * MARGIN;
        int plotH = HEIGHT - 2 * MARGIN;
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                                + " stroke=\"#888\"/>",
                        MARGIN,
                        MARGIN,
                        plotW,
                        plotH));
        for (int tick = 0; tick <= 10; tick += 2) {
            double v = tick / 10.0;
            svg.append(text(MARGIN + v * plotW, HEIGHT - MARGIN + 15, String.valueOf(tick * 10)));
            // Accuracy axis from 50 % to 100 %: below 50 % a binary answer is worse than chance.
            svg.append(text(MARGIN - 20, HEIGHT - MARGIN - v * plotH + 4, (50 + tick * 5) + ""));
        }
        svg.append(text(MARGIN + plotW / 2.0, HEIGHT - 8, "coverage %"));
        svg.append(text(12, MARGIN - 12, "accuracy %"));
        int colour = 0;
        for (Map.Entry<String, Map<String, Object>> line : lines.entrySet()) {
            String stroke = COLOURS[colour++ % COLOURS.length];
            List<String> points = new ArrayList<>();
            for (Map<String, Object> row : rows(line.getValue())) {
                if (row.get("accuracy") == null) {
                    continue;
                }
                double coverage = ((Number) row.get("coverage")).doubleValue();
                double accuracy = ((Number) row.get("accuracy")).doubleValue();
                double y = Math.max(0, (accuracy - 0.5) / 0.5);
                points.add(
                        String.format(
                                Locale.ROOT,
                                "%.1f,%.1f",
                                MARGIN + coverage * plotW,
                                HEIGHT - MARGIN - y * plotH));
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
                    .append(stroke)
                    .append("\" points=\"")
                    .append(String.join(" ", points))
                    .append("\"/>");
            int legendY = MARGIN + 16 * (colour - 1);
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                                    + " stroke-width=\"2\"/>",
                            WIDTH,
                            legendY,
                            WIDTH + 20,
                            legendY,
                            stroke));
            svg.append(text(WIDTH + 25, legendY + 4, line.getKey()).replace("middle", "start"));
        }
        return svg.append("</svg>").toString();
    }

    private static String table(Map<String, Map<String, Object>> lines) {
        StringBuilder table = new StringBuilder("<table><tr><th>threshold</th>");
        lines.keySet().forEach(name -> table.append("<th>").append(escape(name)).append("</th>"));
        table.append("</tr>\n");
        int count = AttributeScore.THRESHOLDS.length;
        for (int i = 0; i < count; i++) {
            table.append("<tr><td>")
                    .append(String.format(Locale.ROOT, "%.2f", AttributeScore.THRESHOLDS[i]))
                    .append("</td>");
            for (Map<String, Object> summary : lines.values()) {
                Map<String, Object> row = rows(summary).get(i);
                table.append("<td>")
                        .append(percent(row.get("accuracy")))
                        .append(" @ ")
                        .append(percent(row.get("coverage")))
                        .append("</td>");
            }
            table.append("</tr>\n");
        }
        return table.append("</table><p>accuracy @ coverage</p>\n").toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> summary) {
        return (List<Map<String, Object>>) summary.get("by_threshold");
    }

    private static String text(double x, double y, String label) {
        return String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
                x,
                y,
                escape(label));
    }

    private static String percent(Object value) {
        return value instanceof Number n
                ? String.format(Locale.ROOT, "%.1f %%", 100 * n.doubleValue())
                : "-";
    }
}
