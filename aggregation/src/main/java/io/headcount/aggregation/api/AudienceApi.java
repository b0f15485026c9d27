package io.headcount.aggregation.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.headcount.aggregation.metrics.CameraHealth;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only HTTP API of the aggregation app (JSON): {@value #HEALTH_PATH}, {@value
 * #WINDOWS_PATH}, {@value #TOTALS_PATH}, {@value #CAMERA_HEALTH_PATH}, {@value #OPENAPI_PATH} and
 * Prometheus' {@value #METRICS_PATH}. It serves only what the app emitted on {@code audience-stats}
 * (already suppressed); see {@link WindowQueries} for how several instances answer alike.
 */
public final class AudienceApi implements AutoCloseable {

    public static final String HEALTH_PATH = "/health";
    public static final String WINDOWS_PATH = "/api/v1/windows";
    public static final String TOTALS_PATH = "/api/v1/totals";
    public static final String CAMERA_HEALTH_PATH = "/api/v1/cameras/health";
    public static final String OPENAPI_PATH = "/openapi.json";

    /** The totals' fixed range: since-start (default), day or hour. */
    public static final String RANGE = "range";

    /** An instant in the day or hour asked for (default: now). */
    public static final String AT = "at";

    public static final String METRICS_PATH = "/metrics";

    private static final Logger LOG = LoggerFactory.getLogger(AudienceApi.class);
    private static final String JSON_TYPE = "application/json";

    private final Javalin server;
    private final byte[] openApi;
    private final Supplier<KafkaStreams.State> state;
    private final ReadOnlyAccess access;
    private volatile PrometheusMeterRegistry prometheus;
    private final int minCellCount;
    private volatile WindowQueries queries;
    private final Map<String, Supplier<?>> healthParts = new ConcurrentSkipListMap<>();
    private volatile CameraHealth health;

    /**
     * Starts serving at once (health says the Streams state; queries and metrics answer 503 until
     * {@link #serve}): the bound port must be known before Streams is configured.
     *
     * @param port 0 for a free port ({@link #port()})
     */
    public AudienceApi(
            String host, int port, Supplier<KafkaStreams.State> state, int minCellCount) {
        this(host, port, state, minCellCount, ApiSettings.accessFromEnvironment());
    }

    /**
     * As above, with explicit access rules (read-only always; a bearer token where {@code access}
     * has one).
     */
    public AudienceApi(
            String host,
            int port,
            Supplier<KafkaStreams.State> state,
            int minCellCount,
            ReadOnlyAccess access) {
        this.state = state;
        this.minCellCount = minCellCount;
        this.access = access;
        this.openApi = resource("openapi.json");
        this.server =
                Javalin.create(
                        config -> {
                            config.startup.showJavalinBanner = false;
                            // Probes need no token; health reveals no data.
                            access.withOpenPaths(HEALTH_PATH).install(config);
                            config.routes.get(HEALTH_PATH, this::health);
                            config.routes.get(WINDOWS_PATH, this::windows);
                            config.routes.get(TOTALS_PATH, this::totals);
                            config.routes.get(CAMERA_HEALTH_PATH, this::cameraHealth);
                            config.routes.get(
                                    OPENAPI_PATH,
                                    ctx -> ctx.contentType(JSON_TYPE).result(openApi));
                            config.routes.get(METRICS_PATH, this::metrics);
                            config.routes.exception(
                                    BadRequestException.class,
                                    (e, ctx) -> error(ctx, 400, e.getMessage()));
                            config.routes.exception(
                                    UnavailableException.class,
                                    (e, ctx) -> error(ctx, 503, e.getMessage()));
                        });
        server.start(host, port);
        LOG.info("Aggregation API listening on {}:{}", host, server.port());
    }

    /** Answers queries, and {@value #METRICS_PATH} from {@code prometheus}, from now on. */
    public void serve(WindowQueries queries, PrometheusMeterRegistry prometheus) {
        serve(queries, prometheus, null);
    }

    /** As above, and {@value #CAMERA_HEALTH_PATH} from {@code health} (null: 503). */
    public void serve(
            WindowQueries queries, PrometheusMeterRegistry prometheus, CameraHealth health) {
        access.authorizationHeader().ifPresent(queries::forwardAuthorization);
        this.prometheus = prometheus;
        this.health = health;
        this.queries = queries;
    }

    /**
     * Adds {@code part} (e.g. the stats store's {@code StoreHealth}) to what {@value #HEALTH_PATH}
     * answers, under {@code name}. It never changes the status code, which follows the Streams
     * state alone: restarting the app does not bring back a database, so a probe must not restart
     * it for one.
     */
    public void reportInHealth(String name, Supplier<?> part) {
        healthParts.put(name, part);
    }

    public int port() {
        return server.port();
    }

    private void health(Context ctx) throws JsonProcessingException {
        KafkaStreams.State current = state.get();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("state", current.name());
        healthParts.forEach((name, part) -> answer.put(name, part.get()));
        ctx.status(current == KafkaStreams.State.RUNNING ? 200 : 503)
                .contentType(JSON_TYPE)
                .result(WindowQueries.JSON.writeValueAsString(answer));
    }

    private void windows(Context ctx) throws JsonProcessingException {
        QueryParameters query = QueryParameters.parse(ctx::queryParam);
        List<WindowView> windows =
                queries().windows(query, "true".equals(ctx.header(WindowQueries.LOCAL_HEADER)));
        ctx.contentType(JSON_TYPE).result(WindowQueries.JSON.writeValueAsString(windows));
    }

    /**
     * Totals of a fixed range only ({@code range=since-start|day|hour}, {@code at} picks the day or
     * hour, default now): arbitrary from/to bounds would let two totals be differenced.
     */
    private void totals(Context ctx) throws JsonProcessingException {
        if (ctx.queryParam(QueryParameters.FROM) != null
                || ctx.queryParam(QueryParameters.TO) != null) {
            throw new BadRequestException(
                    "totals are published for fixed ranges only: use range=since-start|day|hour"
                            + " (and at=INSTANT for another day or hour), not from/to");
        }
        QueryParameters query = QueryParameters.parse(ctx::queryParam);
        Totals.Range range = Totals.Range.parse(ctx.queryParam(RANGE));
        long at = QueryParameters.time(ctx.queryParam(AT), AT, System.currentTimeMillis());
        boolean local = "true".equals(ctx.header(WindowQueries.LOCAL_HEADER));
        List<Totals> cameras = queries().cameraTotals(query, range, at, minCellCount, local);
        Object answer =
                local
                        ? cameras
                        : Totals.sum(query.site(), query.camera(), range, cameras, minCellCount);
        ctx.contentType(JSON_TYPE).result(WindowQueries.JSON.writeValueAsString(answer));
    }

    /**
     * One line per camera this app's instances have seen records or dead letters of (see {@link
     * CameraHealth}), with the thresholds its status words apply; {@code site} and {@code camera}
     * filter as for the windows. A forwarded request gets this instance's lines only.
     */
    private void cameraHealth(Context ctx) throws JsonProcessingException {
        QueryParameters query = QueryParameters.parse(ctx::queryParam);
        CameraHealth board = health;
        if (board == null) {
            throw new UnavailableException("The app has not started yet");
        }
        boolean local = "true".equals(ctx.header(WindowQueries.LOCAL_HEADER));
        long now = System.currentTimeMillis();
        List<CameraHealth.Line> lines = queries().cameraHealth(board, query, local, now);
        Object answer = lines;
        if (!local) {
            CameraHealth.Thresholds thresholds = board.thresholds();
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("at", now);
            all.put("silentAfterSeconds", thresholds.silentAfterMillis() / 1000.0);
            all.put("lagMaxSeconds", thresholds.lagMaxMillis() / 1000.0);
            all.put("recentSeconds", thresholds.recentMillis() / 1000.0);
            all.put("cameras", lines);
            answer = all;
        }
        ctx.contentType(JSON_TYPE).result(WindowQueries.JSON.writeValueAsString(answer));
    }

    private void metrics(Context ctx) {
        if (prometheus == null) {
            throw new UnavailableException("The app has not started yet");
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(prometheus.scrape());
    }

    private WindowQueries queries() {
        WindowQueries current = queries;
        if (current == null) {
            throw new UnavailableException("The app has not started yet");
        }
        return current;
    }

    private static void error(Context ctx, int status, String message) {
        try {
            ctx.status(status)
                    .contentType(JSON_TYPE)
                    .result(WindowQueries.JSON.writeValueAsString(Map.of("error", message)));
        } catch (JsonProcessingException e) {
            ctx.status(status).result(message);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = AudienceApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
