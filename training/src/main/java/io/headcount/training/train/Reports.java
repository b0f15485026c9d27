package io.headcount.training.train;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Markdown tables of a {@code train-head} report. */
public final class Reports {

    private Reports() {}

    @SuppressWarnings("unchecked")
    public static String sexTable(Map<String, Object> report) {
        StringBuilder md = new StringBuilder("| set | model | n | all: acc / cov |");
        for (double t : Curve.THRESHOLDS) {
            if (t > 0.5) {
                md.append(String.format(Locale.ROOT, " t=%.2f |", t));
            }
        }
        md.append(" acc@70% |\n|---|---|---|---|");
        md.append("---|".repeat(Curve.THRESHOLDS.length - 1)).append("---|\n");
        Map<String, Object> sex = (Map<String, Object>) report.get("sex");
        for (Map.Entry<String, Object> set : sex.entrySet()) {
            for (Map.Entry<String, Object> model :
                    ((Map<String, Object>) set.getValue()).entrySet()) {
                md.append(
                        row(set.getKey(), model.getKey(), (Map<String, Object>) model.getValue()));
            }
        }
        return md.toString();
    }

    @SuppressWarnings("unchecked")
    public static String maskTable(Map<String, Object> report) {
        StringBuilder md = new StringBuilder("| set | n | all: acc / cov |");
        for (double t : Curve.THRESHOLDS) {
            if (t > 0.5) {
                md.append(String.format(Locale.ROOT, " t=%.2f |", t));
            }
        }
        md.append(" acc@70% |\n|---|---|---|");
        md.append("---|".repeat(Curve.THRESHOLDS.length - 1)).append("---|\n");
        Map<String, Object> mask = (Map<String, Object>) report.get("mask");
        for (Map.Entry<String, Object> set : mask.entrySet()) {
            md.append(row(set.getKey(), null, (Map<String, Object>) set.getValue()));
        }
        return md.toString();
    }

    @SuppressWarnings("unchecked")
    private static String row(String set, String model, Map<String, Object> curve) {
        StringBuilder md = new StringBuilder("| ").append(set).append(" | ");
        if (model != null) {
            md.append(model).append(" | ");
        }
        md.append(curve.get("labelled"))
                .append(" | ")
                .append(pair(curve.get("accuracy"), curve.get("coverage")))
                .append(" |");
        for (Map<String, Object> row : (List<Map<String, Object>>) curve.get("by_threshold")) {
            if (((Number) row.get("threshold")).doubleValue() > 0.5) {
                md.append(' ').append(pair(row.get("accuracy"), row.get("coverage"))).append(" |");
            }
        }
        md.append(' ').append(percent(curve.get("accuracy_at_coverage_70"))).append(" |\n");
        return md.toString();
    }

    private static String pair(Object accuracy, Object coverage) {
        return percent(accuracy) + " / " + percent(coverage);
    }

    private static String percent(Object value) {
        return value instanceof Number n && !Double.isNaN(n.doubleValue())
                ? String.format(Locale.ROOT, "%.1f", 100 * n.doubleValue())
                : "-";
    }
}
