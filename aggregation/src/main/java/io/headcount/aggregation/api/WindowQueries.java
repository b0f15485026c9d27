package io.headcount.aggregation.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headcount.aggregation.counting.RangeTotals;
import io.headcount.aggregation.domain.SiteCamera;
import io.headcount.aggregation.metrics.CameraHealth;
import io.headcount.schemas.AudienceStats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads emitted windows from the topology's window store of emitted stats ({@code
 * audience-windows}) across every instance of the app (interactive queries). One camera's windows
 * live on the instance that owns its key ({@code site/camera}, partitioned like the repartition
 * topic): a request elsewhere is forwarded there. A request for a site or for everything asks every
 * instance that has the store for its own part ({@link #LOCAL_HEADER}) and merges the answers.
 */
public final class WindowQueries {

    /**
     * Header of a forwarded request: answer from this instance's own partitions, forward nothing.
     */
    public static final String LOCAL_HEADER = "X-Headcount-Local";

    static final ObjectMapper JSON = new ObjectMapper();

    private static final TypeReference<List<WindowView>> WINDOW_LIST = new TypeReference<>() {};
    private static final TypeReference<List<Totals>> TOTALS_LIST = new TypeReference<>() {};
    private static final TypeReference<List<CameraHealth.Line>> HEALTH_LIST =
            new TypeReference<>() {};

    private static final Comparator<WindowView> ORDER =
            Comparator.comparing(WindowView::site)
                    .thenComparing(WindowView::camera)
                    .thenComparing(WindowView::start);

    private final KafkaStreams streams;
    private final String storeName;
    private final String totalsStoreName;
    private final HostInfo self;
    private final HttpClient http;
    private volatile String forwardedAuthorization;

    /**
     * @param storeName the window store of the emitted stats, keyed {@code site/camera}
     * @param self this instance's {@code application.server}
     */
    public WindowQueries(KafkaStreams streams, String storeName, HostInfo self) {
        this(streams, storeName, null, self);
    }

    /**
     * @param totalsStoreName the key-value store of the cameras' {@link RangeTotals} per day
     *     (partitioned like the windows), null when there is none
     */
    public WindowQueries(
            KafkaStreams streams, String storeName, String totalsStoreName, HostInfo self) {
        this.streams = streams;
        this.storeName = storeName;
        this.totalsStoreName = totalsStoreName;
        this.self = self;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * @param local answer from this instance's partitions only (a forwarded request)
     * @return the windows, ordered by site, camera and start
     */
    public List<WindowView> windows(QueryParameters query, boolean local) {
        List<WindowView> windows = new ArrayList<>();
        if (query.isSingleCamera()) {
            HostInfo owner = owner(query);
            if (local && !self.equals(owner)) {
                // Forwarded here, but the camera moved on (a rebalance): an empty answer would be
                // wrong.
                throw new UnavailableException(
                        "This instance no longer owns the camera's windows; ask again");
            }
            windows.addAll(from(owner, query));
        } else if (local) {
            windows.addAll(localWindows(query));
        } else {
            for (StreamsMetadata instance : streams.streamsMetadataForStore(this.storeName)) {
                windows.addAll(from(instance.hostInfo(), query));
            }
        }
        windows.sort(ORDER);
        return windows;
    }

    /**
     * Each camera's published totals of {@code range} at {@code at} (only released counts leave the
     * instance that owns the camera).
     *
     * @param local answer from this instance's partitions only (a forwarded request)
     */
    public List<Totals> cameraTotals(
            QueryParameters query, Totals.Range range, long at, int minCellCount, boolean local) {
        if (totalsStoreName == null) {
            throw new UnavailableException("This app keeps no totals");
        }
        String forwarded = query.toQueryString() + "&range=" + range.label() + "&at=" + at;
        List<Totals> totals = new ArrayList<>();
        if (query.isSingleCamera()) {
            HostInfo owner = owner(query);
            if (local && !self.equals(owner)) {
                throw new UnavailableException(
                        "This instance no longer owns the camera's totals; ask again");
            }
            totals.addAll(
                    self.equals(owner)
                            ? localTotals(query, range, at, minCellCount)
                            : remote(owner, AudienceApi.TOTALS_PATH, forwarded, TOTALS_LIST));
        } else if (local) {
            totals.addAll(localTotals(query, range, at, minCellCount));
        } else {
            for (StreamsMetadata instance : streams.streamsMetadataForStore(totalsStoreName)) {
                totals.addAll(
                        self.equals(instance.hostInfo())
                                ? localTotals(query, range, at, minCellCount)
                                : remote(
                                        instance.hostInfo(),
                                        AudienceApi.TOTALS_PATH,
                                        forwarded,
                                        TOTALS_LIST));
            }
        }
        return totals;
    }

    /**
     * Each camera's health line: every instance's own (the instance that reads a camera's input
     * partition sees its records), merged; where two instances have a line for one camera (after a
     * rebalance), the one whose records arrived last.
     *
     * @param local answer from this instance only (a forwarded request)
     */
    public List<CameraHealth.Line> cameraHealth(
            CameraHealth board, QueryParameters query, boolean local, long now) {
        List<CameraHealth.Line> lines = new ArrayList<>();
        if (local) {
            lines.addAll(board.lines(now));
        } else {
            for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
                lines.addAll(
                        self.equals(instance.hostInfo())
                                ? board.lines(now)
                                : remote(
                                        instance.hostInfo(),
                                        AudienceApi.CAMERA_HEALTH_PATH,
                                        query.toQueryString(),
                                        HEALTH_LIST));
            }
            if (lines.isEmpty()) {
                // Not yet in the group (starting): this instance's own view.
                lines.addAll(board.lines(now));
            }
        }
        Map<String, CameraHealth.Line> byCamera = new TreeMap<>();
        for (CameraHealth.Line line : lines) {
            if ((query.site() == null || query.site().equals(line.site()))
                    && (query.camera() == null || query.camera().equals(line.camera()))) {
                byCamera.merge(line.camera(), line, WindowQueries::fresher);
            }
        }
        return new ArrayList<>(byCamera.values());
    }

    private static CameraHealth.Line fresher(CameraHealth.Line a, CameraHealth.Line b) {
        long arrivalA = a.lastArrival() == null ? Long.MIN_VALUE : a.lastArrival();
        long arrivalB = b.lastArrival() == null ? Long.MIN_VALUE : b.lastArrival();
        return arrivalB > arrivalA ? b : a;
    }

    private List<Totals> localTotals(
            QueryParameters query, Totals.Range range, long at, int minCellCount) {
        Map<String, List<RangeTotals>> days = new TreeMap<>();
        try {
            ReadOnlyKeyValueStore<String, RangeTotals> store =
                    streams.store(
                            StoreQueryParameters.fromNameAndType(
                                    totalsStoreName,
                                    QueryableStoreTypes.<String, RangeTotals>keyValueStore()));
            try (KeyValueIterator<String, RangeTotals> all = store.all()) {
                all.forEachRemaining(
                        entry -> {
                            String cell = entry.key.substring(0, entry.key.lastIndexOf('/'));
                            SiteCamera camera = SiteCamera.parse(cell);
                            if ((query.site() == null || query.site().equals(camera.site()))
                                    && (query.camera() == null
                                            || query.camera().equals(camera.camera()))) {
                                days.computeIfAbsent(cell, c -> new ArrayList<>()).add(entry.value);
                            }
                        });
            }
        } catch (InvalidStateStoreException e) {
            throw new UnavailableException(
                    "The totals store is not queryable now: " + e.getMessage(), e);
        }
        List<Totals> totals = new ArrayList<>();
        days.forEach(
                (cell, ofCamera) -> {
                    SiteCamera camera = SiteCamera.parse(cell);
                    totals.add(
                            Totals.ofCamera(
                                    camera.site(),
                                    camera.camera(),
                                    range,
                                    at,
                                    ofCamera,
                                    minCellCount));
                });
        return totals;
    }

    private HostInfo owner(QueryParameters query) {
        KeyQueryMetadata owner =
                streams.queryMetadataForKey(
                        this.storeName,
                        new SiteCamera(query.site(), query.camera()).key(),
                        Serdes.String().serializer());
        if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            throw new UnavailableException(
                    "No instance owns this camera's windows now (starting or rebalancing)");
        }
        return owner.activeHost();
    }

    private List<WindowView> from(HostInfo host, QueryParameters query) {
        return self.equals(host) ? localWindows(query) : remoteWindows(host, query);
    }

    private List<WindowView> localWindows(QueryParameters query) {
        ReadOnlyWindowStore<String, AudienceStats> store;
        try {
            store =
                    streams.store(
                            StoreQueryParameters.fromNameAndType(
                                    this.storeName,
                                    QueryableStoreTypes.<String, AudienceStats>windowStore()));
        } catch (InvalidStateStoreException e) {
            throw new UnavailableException(
                    "The windows store is not queryable now: " + e.getMessage(), e);
        }
        long last = query.toMillis() - 1;
        List<WindowView> windows = new ArrayList<>();
        try {
            if (query.isSingleCamera()) {
                try (WindowStoreIterator<AudienceStats> found =
                        store.fetch(
                                new SiteCamera(query.site(), query.camera()).key(),
                                java.time.Instant.ofEpochMilli(query.fromMillis()),
                                java.time.Instant.ofEpochMilli(last))) {
                    found.forEachRemaining(entry -> windows.add(WindowView.of(entry.value)));
                }
            } else {
                try (KeyValueIterator<Windowed<String>, AudienceStats> found =
                        store.fetchAll(
                                java.time.Instant.ofEpochMilli(query.fromMillis()),
                                java.time.Instant.ofEpochMilli(last))) {
                    while (found.hasNext()) {
                        KeyValue<Windowed<String>, AudienceStats> entry = found.next();
                        if (query.site() == null || query.site().equals(entry.value.getSite())) {
                            windows.add(WindowView.of(entry.value));
                        }
                    }
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new UnavailableException(
                    "The windows store moved during the query: " + e.getMessage(), e);
        }
        return windows;
    }

    /**
     * The {@code Authorization} header sent with each query forwarded to another instance, when the
     * API requires a token (every instance of a deployment has the same).
     */
    public void forwardAuthorization(String headerValue) {
        this.forwardedAuthorization = headerValue;
    }

    private List<WindowView> remoteWindows(HostInfo host, QueryParameters query) {
        return remote(host, AudienceApi.WINDOWS_PATH, query.toQueryString(), WINDOW_LIST);
    }

    private <T> T remote(HostInfo host, String path, String queryString, TypeReference<T> type) {
        URI uri =
                URI.create("http://" + host.host() + ":" + host.port() + path + "?" + queryString);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri)
                        .header(LOCAL_HEADER, "true")
                        .timeout(Duration.ofSeconds(10))
                        .GET();
        String authorization = forwardedAuthorization;
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new UnavailableException(
                        "Instance "
                                + host
                                + " answered "
                                + response.statusCode()
                                + ": "
                                + response.body());
            }
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new UnavailableException(
                    "Instance " + host + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("Interrupted while asking " + host, e);
        }
    }
}
