package io.headcount.models;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A local HTTP server laid out like the upstream raw-file host ({@code /owner/name/commit/path}),
 * serving the shared model files, with single-range support so resumed downloads can be tested.
 * Tests can corrupt what it serves, make it ignore ranges, or cut a response short.
 */
final class MirrorServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile UnaryOperator<byte[]> transform = UnaryOperator.identity();
    private volatile boolean honourRanges = true;
    private volatile long cutAfterBytes = -1;
    private volatile long stallAfterBytes = -1;
    private final java.util.concurrent.CountDownLatch closed =
            new java.util.concurrent.CountDownLatch(1);

    MirrorServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves every upstream catalog entry whose file is in {@code folder}. */
    MirrorServer serving(ModelCatalog catalog, Path folder) {
        for (CatalogEntry entry : catalog.models()) {
            if (entry.source() instanceof ModelSource.Upstream upstream
                    && Files.isRegularFile(folder.resolve(entry.file()))) {
                files.put(upstream.url(URI.create("/")).toString(), folder.resolve(entry.file()));
            }
        }
        return this;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Each request as {@code PATH [Range: ...]}. */
    List<String> requests() {
        return requests;
    }

    void corruptWith(UnaryOperator<byte[]> transform) {
        this.transform = transform;
    }

    void ignoreRanges() {
        honourRanges = false;
    }

    /** Ends the next responses after this many body bytes, as a dropped connection would. */
    void cutAfter(long bytes) {
        cutAfterBytes = bytes;
    }

    /** Sends this many body bytes, then nothing more until the server stops. */
    void stallAfter(long bytes) {
        stallAfterBytes = bytes;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(path + (range == null ? "" : " " + range));
        Path file = files.get(path);
        if (file == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] content = transform.apply(Files.readAllBytes(file));
        int status = 200;
        int from = 0;
        if (range != null && honourRanges && range.startsWith("bytes=")) {
            from = Integer.parseInt(range.substring(6, range.indexOf('-')));
            if (from >= content.length) {
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            status = 206;
            exchange.getResponseHeaders()
                    .add(
                            "Content-Range",
                            "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        }
        int length = content.length - from;
        long cut = cutAfterBytes;
        long stall = stallAfterBytes;
        // A cut response is sent chunked, so it can end early without breaking the protocol.
        exchange.sendResponseHeaders(status, cut >= 0 ? 0 : length);
        try (OutputStream body = exchange.getResponseBody()) {
            if (stall >= 0) {
                body.write(content, from, (int) Math.min(stall, length));
                body.flush();
                closed.await();
                return;
            }
            body.write(content, from, cut >= 0 ? (int) Math.min(cut, length) : length);
        } catch (IOException e) {
            // The client went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
