package io.headcount.scoring.report;

import io.headcount.scoring.score.AttributeScore;
import io.headcount.scoring.score.DwellScore;
import io.headcount.scoring.score.ImpressionScore;
import io.headcount.scoring.score.NeverJudgeableScore;
import io.headcount.scoring.score.ScoreReport;
import io.headcount.scoring.score.TrackLine;
import io.headcount.scoring.score.WindowScore;
import io.headcount.scoring.score.WindowSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The score as one self-contained HTML page: the summary numbers, true vs counted visitors per
 * window and per-visitor vs per-impression sex accuracy as inline SVG, and the tables behind them.
 * No script, no external stylesheet or font: it opens from disk anywhere.
 */
public final class HtmlReport {

    /** Beyond this the track table is cut (the JSON report has every track). */
    static final int MAX_TRACK_ROWS = 500;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private HtmlReport() {}

    public static void write(ScoreReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toHtml(report), StandardCharsets.UTF_8);
    }

    public static String toHtml(ScoreReport report) {
        StringBuilder html = new StringBuilder(16_384);
        String title = "headcount score" + (report.camera() == null ? "" : " — " + report.camera());
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(title))
                .append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
                .append("th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}")
                .append("</style></head><body>\n<h1>")
                .append(Html.escape(title))
                .append("</h1>\n");
        summary(html, report);
        windows(html, report);
        attributes(html, report);
        tracks(html, report);
        return html.append("</body></html>\n").toString();
    }

    private static void summary(StringBuilder html, ScoreReport report) {
        DwellScore dwell = report.dwell();
        WindowSummary windows = report.windowSummary();
        html.append("<h2>Visitors</h2>\n<table>");
        row(html, "true visitors (ground truth)", String.valueOf(report.visitorsTrue()));
        row(html, "counted visitors (tracks)", String.valueOf(report.visitorsCounted()));
        row(html, "counted in emitted windows", Html.text(report.visitorsCountedInWindows()));
        row(html, "count error", Html.percent(report.countError()));
        row(
                html,
                "judgeable persons: true / counted (count error)",
                report.visitorsJudgeable()
                        + " / "
                        + report.visitorsCountedJudgeable()
                        + " ("
                        + Html.percent(report.countErrorJudgeable())
                        + ")");
        row(
                html,
                "fragmentation (extra tracks; of true visitors)",
                report.fragmentation() + " (" + Html.percent(report.fragmentationRate()) + ")");
        row(html, "fragmented visitors", String.valueOf(report.fragmentedVisitors()));
        row(html, "false visitors", String.valueOf(report.falseVisitors()));
        row(html, "missed visitors", String.valueOf(report.missedVisitors()));
        row(
                html,
                "ID switches (tracks with one)",
                report.idSwitches() + " (" + report.tracksWithIdSwitch() + ")");
        AttributeScore sex = report.attributes().get("sex");
        row(
                html,
                "sex accuracy, unmasked (per visitor; 95 % interval)",
                Html.percent(report.sexAccuracyUnmasked())
                        + Html.interval(sex.accuracyUnmaskedCi95()));
        row(
                html,
                "sex accuracy, masked (per visitor; 95 % interval)",
                Html.percent(report.sexAccuracyMasked()) + Html.interval(sex.accuracyMaskedCi95()));
        row(html, "sex determined share", Html.percent(report.determinedShare()));
        row(
                html,
                "sex determined share, 13 and over",
                Html.percent(report.determinedShare13AndOver()));
        row(html, "sex accuracy per impression", Html.percent(report.impressionSexAccuracy()));
        NeverJudgeableScore never = report.neverJudgeable();
        row(
                html,
                "never judgeable persons: matched / missed (sex determined, correct)",
                never.persons()
                        + ": "
                        + never.matched()
                        + " / "
                        + never.missed()
                        + " ("
                        + never.sexDetermined()
                        + ", "
                        + never.sexCorrect()
                        + ")");
        row(
                html,
                "dwell error per track, mean / mean absolute (ms)",
                Html.number(dwell.trackMeanErrorMillis())
                        + " / "
                        + Html.number(dwell.trackMeanAbsoluteErrorMillis()));
        row(
                html,
                "dwell error per person, mean / mean absolute (ms)",
                Html.number(dwell.personMeanErrorMillis())
                        + " / "
                        + Html.number(dwell.personMeanAbsoluteErrorMillis()));
        row(html, "windows (emitted)", windows.windows() + " (" + windows.windowsEmitted() + ")");
        row(
                html,
                "visitors per window, mean absolute error",
                windows.visitorsMeanAbsError() == null
                        ? "–"
                        : SvgCharts.format(windows.visitorsMeanAbsError()));
        row(
                html,
                "female share, mean absolute error (windows)",
                Html.percent(windows.femaleShareMeanAbsError())
                        + " ("
                        + windows.femaleShareWindows()
                        + ")");
        row(
                html,
                "masked share, mean absolute error (windows)",
                Html.percent(windows.maskedShareMeanAbsError())
                        + " ("
                        + windows.maskedShareWindows()
                        + ")");
        row(
                html,
                "female / masked share, largest error in windows of "
                        + windows.largeWindowMinVisitors()
                        + "+ true visitors",
                Html.percent(windows.femaleShareMaxAbsError())
                        + " / "
                        + Html.percent(windows.maskedShareMaxAbsError()));
        row(
                html,
                "matching",
                "min IoU "
                        + report.matching().minIou()
                        + (report.matching().truthHasBoxes()
                                ? ", by boxes"
                                : ", by time only (no boxes)"));
        html.append("</table>\n");
    }

    private static void windows(StringBuilder html, ScoreReport report) {
        html.append("<h2>Windows</h2>\n");
        List<SvgCharts.Group> groups = new ArrayList<>();
        for (WindowScore window : report.windows()) {
            groups.add(
                    new SvgCharts.Group(
                            TIME.format(window.windowStart()),
                            Arrays.asList(
                                    (double) window.visitorsTrue(),
                                    (double) window.visitorsCounted(),
                                    (double) window.visitorsTracked())));
        }
        html.append(
                        SvgCharts.groupedBars(
                                "true vs counted visitors per window",
                                List.of(
                                        "true visitors",
                                        "counted in the window",
                                        "tracks closing in it"),
                                groups,
                                0))
                .append('\n');
        html.append(
                        "<table><tr><th>window start (UTC)</th><th>end</th><th>emitted</th><th>true</th>")
                .append("<th>counted</th><th>error</th><th>tracks</th><th>female share true</th>")
                .append("<th>counted</th>")
                .append(
                        "<th>abs error</th><th>masked share true</th><th>counted</th><th>abs error</th></tr>");
        for (WindowScore w : report.windows()) {
            html.append("<tr><td>")
                    .append(w.windowStart())
                    .append("</td><td>")
                    .append(TIME.format(w.windowEnd()))
                    .append("</td><td>")
                    .append(w.emitted() ? "yes" : "no")
                    .append("</td><td>")
                    .append(w.visitorsTrue())
                    .append("</td><td>")
                    .append(w.visitorsCounted())
                    .append("</td><td>")
                    .append(w.visitorsError())
                    .append("</td><td>")
                    .append(w.visitorsTracked())
                    .append("</td><td>")
                    .append(Html.percent(w.femaleShareTrue()))
                    .append("</td><td>")
                    .append(w.sexSuppressed() ? "suppressed" : Html.percent(w.femaleShareCounted()))
                    .append("</td><td>")
                    .append(Html.percent(w.femaleShareAbsError()))
                    .append("</td><td>")
                    .append(Html.percent(w.maskedShareTrue()))
                    .append("</td><td>")
                    .append(
                            w.maskSuppressed()
                                    ? "suppressed"
                                    : Html.percent(w.maskedShareCounted()))
                    .append("</td><td>")
                    .append(Html.percent(w.maskedShareAbsError()))
                    .append("</td></tr>");
        }
        html.append("</table>\n");
    }

    private static void attributes(StringBuilder html, ScoreReport report) {
        html.append("<h2>Attributes</h2>\n");
        AttributeScore sex = report.attributes().get("sex");
        ImpressionScore impressions = report.impressions();
        html.append(
                        SvgCharts.groupedBars(
                                "sex accuracy per visitor and per impression",
                                List.of("per visitor (determined)", "per impression"),
                                List.of(
                                        new SvgCharts.Group(
                                                "unmasked",
                                                Arrays.asList(
                                                        sex.accuracyUnmasked(),
                                                        impressions.accuracyUnmasked())),
                                        new SvgCharts.Group(
                                                "masked",
                                                Arrays.asList(
                                                        sex.accuracyMasked(),
                                                        impressions.accuracyMasked())),
                                        new SvgCharts.Group(
                                                "all",
                                                Arrays.asList(
                                                        sex.accuracy(), impressions.accuracy()))),
                                1))
                .append('\n');
        html.append(
                        "<table><tr><th>attribute</th><th>visitors</th><th>determined</th><th>accuracy</th>")
                .append("<th>unmasked</th><th>masked</th><th>undetermined, unmasked</th>")
                .append("<th>undetermined, masked</th></tr>");
        for (Map.Entry<String, AttributeScore> entry : report.attributes().entrySet()) {
            AttributeScore a = entry.getValue();
            cells(
                    html,
                    Html.escape(entry.getKey()),
                    a.visitors(),
                    a.determined(),
                    Html.percent(a.accuracy()),
                    Html.percent(a.accuracyUnmasked()),
                    Html.percent(a.accuracyMasked()),
                    Html.percent(a.undeterminedShareUnmasked()),
                    Html.percent(a.undeterminedShareMasked()));
        }
        html.append("</table>\n");
        if (!report.maskByType().isEmpty()) {
            html.append("<p>Masked persons by mask type.</p>\n<table><tr><th>mask type</th>")
                    .append("<th>visitors</th><th>called masked</th><th>undetermined</th></tr>");
            for (Map.Entry<String, AttributeScore> entry : report.maskByType().entrySet()) {
                AttributeScore a = entry.getValue();
                cells(
                        html,
                        Html.escape(entry.getKey()),
                        a.visitors(),
                        a.correct(),
                        a.visitors() - a.determined());
            }
            html.append("</table>\n");
        }
        html.append("<p>Per impression: ")
                .append(impressions.impressions())
                .append(" impressions, accuracy ")
                .append(Html.percent(impressions.accuracy()))
                .append(" (unmasked ")
                .append(Html.percent(impressions.accuracyUnmasked()))
                .append(", masked ")
                .append(Html.percent(impressions.accuracyMasked()))
                .append(").</p>\n");
    }

    private static void tracks(StringBuilder html, ScoreReport report) {
        html.append("<h2>Counted visitors</h2>\n<table><tr><th>track</th><th>first seen</th>")
                .append("<th>last seen</th><th>observations</th><th>person</th><th>evidence</th>")
                .append(
                        "<th>mean IoU</th><th>ID switches</th><th>sex</th><th>true sex</th>"
                                + "<th>age group</th><th>true age group</th><th>mask</th>"
                                + "<th>truly masked</th><th>mask type</th></tr>");
        List<TrackLine> tracks = report.tracks();
        for (TrackLine t : tracks.subList(0, Math.min(tracks.size(), MAX_TRACK_ROWS))) {
            html.append("<tr><td>")
                    .append(Html.escape(t.trackId()))
                    .append("</td><td>")
                    .append(TIME.format(t.firstSeen()))
                    .append("</td><td>")
                    .append(TIME.format(t.lastSeen()))
                    .append("</td><td>")
                    .append(t.observations())
                    .append("</td><td>")
                    .append(t.person() == null ? "<b>false visitor</b>" : Html.escape(t.person()))
                    .append("</td><td>")
                    .append(t.evidence())
                    .append("</td><td>")
                    .append(t.meanIou() == null ? "–" : SvgCharts.format(t.meanIou()))
                    .append("</td><td>")
                    .append(t.idSwitches())
                    .append("</td><td>")
                    .append(Html.text(t.sex()))
                    .append("</td><td>")
                    .append(Html.text(t.sexTrue()))
                    .append("</td><td>")
                    .append(Html.text(t.ageGroup()))
                    .append("</td><td>")
                    .append(Html.text(t.ageGroupTrue()))
                    .append("</td><td>")
                    .append(Html.text(t.mask()))
                    .append("</td><td>")
                    .append(Html.text(t.personMasked()))
                    .append("</td><td>")
                    .append(Html.text(t.maskType()))
                    .append("</td></tr>");
        }
        html.append("</table>\n");
        if (tracks.size() > MAX_TRACK_ROWS) {
            html.append("<p>")
                    .append(tracks.size() - MAX_TRACK_ROWS)
                    .append(" more tracks in the JSON report.</p>\n");
        }
        html.append("<h2>Missed visitors</h2>\n<p>")
                .append(
                        report.missedPersons().isEmpty()
                                ? "none"
                                : Html.escape(String.join(", ", report.missedPersons())))
                .append("</p>\n");
    }

    /** A table row of cells, each already escaped or a number. */
    private static void cells(StringBuilder html, Object... cells) {
        html.append("<tr>");
        for (Object cell : cells) {
            html.append("<td>").append(cell).append("</td>");
        }
        html.append("</tr>");
    }

    private static void row(StringBuilder html, String label, String value) {
        html.append("<tr><td>")
                .append(Html.escape(label))
                .append("</td><td>")
                .append(value)
                .append("</td></tr>");
    }
}
