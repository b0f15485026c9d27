package io.headcount.app.demo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headcount.aggregation.api.ApiSettings;
import io.headcount.aggregation.api.AudienceApi;
import io.headcount.aggregation.api.Totals;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a site's published totals since the start from the embedded aggregation app's API (the one
 * place totals are released, so the page shows exactly what the API publishes).
 */
public final class SiteTotals {

    private static final Logger LOG = LoggerFactory.getLogger(SiteTotals.class);
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;
    private final Optional<String> authorization;

    /**
     * @param apiPort the aggregation API's port on 127.0.0.1
     */
    public SiteTotals(int apiPort, String site) {
        this.uri =
                URI.create(
                        "http://127.0.0.1:"
                                + apiPort
                                + AudienceApi.TOTALS_PATH
                                + "?range=since-start&site="
                                + URLEncoder.encode(site, StandardCharsets.UTF_8));
        // The embedded API requires the token of HEADCOUNT_API_TOKEN when one is set.
        this.authorization = ApiSettings.accessFromEnvironment().authorizationHeader();
    }

    /** The totals now; empty (logged at debug) when the API cannot answer at the moment. */
    public Optional<Totals> sinceStart() {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
        authorization.ifPresent(value -> request.header("Authorization", value));
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.debug(
                        "Totals not available now: {} {}", response.statusCode(), response.body());
                return Optional.empty();
            }
            return Optional.of(JSON.readValue(response.body(), Totals.class));
        } catch (IOException e) {
            LOG.debug("Totals not available now", e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
