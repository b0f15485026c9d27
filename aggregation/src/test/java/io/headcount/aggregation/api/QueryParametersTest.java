package io.headcount.aggregation.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryParametersTest {

    private static final long TEN_OH_ONE = Instant.parse("2026-11-27T10:01:00Z").toEpochMilli();

    private static QueryParameters parse(Map<String, String> parameters) {
        return QueryParameters.parse(parameters::get);
    }

    @Test
    void readsIsoInstantsAndEpochMillis() {
        QueryParameters query =
                parse(
                        Map.of(
                                "site",
                                "berlin",
                                "camera",
                                "entrance",
                                "from",
                                "2026-11-27T10:00:00Z",
                                "to",
                                Long.toString(TEN_OH_ONE)));
        assertThat(query.site()).isEqualTo("berlin");
        assertThat(query.camera()).isEqualTo("entrance");
        assertThat(query.isSingleCamera()).isTrue();
        assertThat(query.fromMillis())
                .isEqualTo(Instant.parse("2026-11-27T10:00:00Z").toEpochMilli());
        assertThat(query.toMillis()).isEqualTo(TEN_OH_ONE);
    }

    @Test
    void absentParametersAskForEverything() {
        QueryParameters query = parse(Map.of());
        assertThat(query.site()).isNull();
        assertThat(query.isSingleCamera()).isFalse();
        assertThat(query.fromMillis()).isZero();
        assertThat(query.toMillis()).isEqualTo(Long.MAX_VALUE);
        assertThat(query.toQueryString()).isEmpty();
    }

    @Test
    void aCameraNeedsItsSite() {
        assertThatThrownBy(() -> parse(Map.of("camera", "entrance")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("camera needs a site");
    }

    @Test
    void rejectsBlankIdsBadTimesAndEmptyRanges() {
        assertThatThrownBy(() -> parse(Map.of("site", " ")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("site");
        assertThatThrownBy(() -> parse(Map.of("from", "yesterday")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("from must be an ISO-8601 instant");
        assertThatThrownBy(() -> parse(Map.of("to", "-5")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("1970");
        assertThatThrownBy(() -> parse(Map.of("to", "99999999999999999999")))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> parse(Map.of("from", "2000", "to", "2000")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("from must be before to");
    }

    @Test
    void theQueryStringAsksTheSame() {
        QueryParameters query =
                parse(Map.of("site", "a&b", "camera", "c/d", "from", "1000", "to", "2000"));
        assertThat(query.toQueryString()).isEqualTo("site=a%26b&camera=c%2Fd&from=1000&to=2000");
        Map<String, String> decoded = new java.util.HashMap<>();
        for (String pair : query.toQueryString().split("&")) {
            String[] parts = pair.split("=");
            decoded.put(
                    parts[0],
                    java.net.URLDecoder.decode(parts[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(parse(decoded)).isEqualTo(query);
    }
}
