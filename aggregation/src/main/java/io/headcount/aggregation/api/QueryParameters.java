package io.headcount.aggregation.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * What a windows or totals request asks for: windows of {@code site} (all sites when null) and
 * {@code camera} (all cameras of the site when null) whose start is in {@code [from, to)}.
 *
 * @param fromMillis inclusive, epoch milliseconds
 * @param toMillis exclusive, epoch milliseconds
 */
public record QueryParameters(String site, String camera, long fromMillis, long toMillis) {

    public static final String SITE = "site";
    public static final String CAMERA = "camera";
    public static final String FROM = "from";
    public static final String TO = "to";

    /** Whether one site/camera key is asked for (answered by the instance that owns it). */
    public boolean isSingleCamera() {
        return camera != null;
    }

    /**
     * @param parameter a request's query parameter by name, null when absent
     * @throws BadRequestException naming the bad parameter
     */
    public static QueryParameters parse(Function<String, String> parameter) {
        String site = id(parameter.apply(SITE), SITE);
        String camera = id(parameter.apply(CAMERA), CAMERA);
        if (camera != null && site == null) {
            throw new BadRequestException(
                    "camera needs a site: camera ids are unique per site only");
        }
        long from = time(parameter.apply(FROM), FROM, 0L);
        long to = time(parameter.apply(TO), TO, Long.MAX_VALUE);
        if (from >= to) {
            throw new BadRequestException("from must be before to");
        }
        return new QueryParameters(site, camera, from, to);
    }

    /** The query string that asks the same (for forwarding), parameters URL-encoded. */
    public String toQueryString() {
        StringBuilder query = new StringBuilder();
        append(query, SITE, site);
        append(query, CAMERA, camera);
        append(query, FROM, fromMillis == 0 ? null : Long.toString(fromMillis));
        append(query, TO, toMillis == Long.MAX_VALUE ? null : Long.toString(toMillis));
        return query.toString();
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(query.length() == 0 ? "" : "&")
                    .append(name)
                    .append('=')
                    .append(
                            java.net.URLEncoder.encode(
                                    value, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static String id(String value, String name) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new BadRequestException(name + " must not be blank");
        }
        return value;
    }

    /** An ISO-8601 instant ({@code 2026-11-27T10:00:00Z}) or epoch milliseconds. */
    static long time(String value, String name, long absent) {
        if (value == null) {
            return absent;
        }
        String text = value.trim();
        if (text.matches("-?\\d{1,19}")) {
            try {
                long millis = Long.parseLong(text);
                if (millis < 0) {
                    throw new BadRequestException(name + " must not be before 1970: " + value);
                }
                return millis;
            } catch (NumberFormatException e) {
                throw new BadRequestException(name + " is out of range: " + value);
            }
        }
        try {
            long millis = Instant.parse(text).toEpochMilli();
            if (millis < 0) {
                throw new BadRequestException(name + " must not be before 1970: " + value);
            }
            return millis;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new BadRequestException(
                    name
                            + " must be an ISO-8601 instant (2026-11-27T10:00:00Z) or epoch milliseconds: "
                            + value);
        }
    }
}
