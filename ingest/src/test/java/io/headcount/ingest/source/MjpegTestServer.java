package io.headcount.ingest.source;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MJPEG camera for tests: JDK's HTTP server on 127.0.0.1 streaming JPEGs as
 * multipart/x-mixed-replace. Each connection sends {@code framesPerConnection} parts (cycling
 * through the images) at {@code interval}, then closes, like a camera that drops the stream. The
 * first {@code failingConnections} connections get HTTP 503.
 */
public final class MjpegTestServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger partsSent = new AtomicInteger();

    public MjpegTestServer(
            List<byte[]> jpegs,
            long intervalMillis,
            int framesPerConnection,
            int failingConnections,
            boolean contentLength)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(
                Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, "mjpeg-test-server");
                            t.setDaemon(true);
                            return t;
                        }));
        server.createContext(
                "/stream",
                exchange -> {
                    int connection = connections.incrementAndGet();
                    if (connection <= failingConnections) {
                        exchange.sendResponseHeaders(503, -1);
                        exchange.close();
                        return;
                    }
                    exchange.getResponseHeaders()
                            .add(
                                    "Content-Type",
                                    "multipart/x-mixed-replace; boundary=--frameboundary");
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write("preamble to ignore\r\n".getBytes(StandardCharsets.US_ASCII));
                        for (int i = 0; i < framesPerConnection; i++) {
                            byte[] jpeg = jpegs.get(partsSent.getAndIncrement() % jpegs.size());
                            String headers =
                                    "--frameboundary\r\nContent-Type: image/jpeg\r\n"
                                            + (contentLength
                                                    ? "Content-Length: " + jpeg.length + "\r\n"
                                                    : "")
                                            + "\r\n";
                            out.write(headers.getBytes(StandardCharsets.US_ASCII));
                            out.write(jpeg);
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            TimeUnit.MILLISECONDS.sleep(intervalMillis);
                        }
                    } catch (IOException | InterruptedException e) {
                        // the client went away
                    }
                    exchange.close();
                });
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/stream");
    }

    public int connections() {
        return connections.get();
    }

    public int partsSent() {
        return partsSent.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
