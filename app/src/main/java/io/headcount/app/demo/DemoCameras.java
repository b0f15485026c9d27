package io.headcount.app.demo;

import io.headcount.ingest.CameraRunner;
import io.headcount.ingest.CameraSettings;
import io.headcount.ingest.RunSummary;
import io.headcount.ingest.publish.FramePublisher;
import io.headcount.ingest.source.FrameSource;
import io.headcount.schemas.FrameEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's cameras, each publishing its source in real time on its own thread through one shared
 * publisher, like a gateway. With a frame limit they end with an end-of-stream record (so their
 * last windows close); without one they run until {@link #close()}.
 */
public final class DemoCameras implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCameras.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** One camera to run: who it is, and its source (closed by {@link DemoCameras}). */
    public record Camera(CameraSettings settings, FrameSource source) {}

    private final List<Camera> cameras;
    private final List<CameraRunner> runners = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, RunSummary> finished = new ConcurrentHashMap<>();

    private DemoCameras(List<Camera> cameras) {
        this.cameras = List.copyOf(cameras);
    }

    /** Starts one thread per camera. */
    public static DemoCameras start(
            List<Camera> cameras, FramePublisher publisher, MeterRegistry registry) {
        return start(cameras, publisher, registry, frame -> {});
    }

    /**
     * As above; {@code published} also gets each frame handed to the publisher, on the camera's
     * thread (the live view's in-memory copy).
     */
    public static DemoCameras start(
            List<Camera> cameras,
            FramePublisher publisher,
            MeterRegistry registry,
            Consumer<FrameEvent> published) {
        DemoCameras demo = new DemoCameras(cameras);
        for (Camera camera : demo.cameras) {
            CameraRunner runner =
                    new CameraRunner(camera.settings(), camera.source(), publisher, registry)
                            .withProgressEvery(Duration.ZERO)
                            .onPublished(published);
            Thread thread =
                    new Thread(
                            () -> {
                                try {
                                    demo.finished.put(camera.settings().camera(), runner.run());
                                } catch (RuntimeException e) {
                                    LOG.error("Camera {} failed", camera.settings().camera(), e);
                                }
                            },
                            "demo-camera-" + camera.settings().camera());
            thread.setDaemon(true);
            demo.runners.add(runner);
            demo.threads.add(thread);
            thread.start();
        }
        return demo;
    }

    /** Whether every camera has returned (reached its frame limit, failed or was stopped). */
    public boolean allDone() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /** What the cameras that returned did, by camera id. */
    public Map<String, RunSummary> finished() {
        return Map.copyOf(finished);
    }

    /** Stops every camera after its current frame, waits for them, and closes the sources. */
    @Override
    public void close() throws InterruptedException {
        runners.forEach(CameraRunner::stop);
        for (Thread thread : threads) {
            // A stopped camera returns within one frame interval; an interrupt would also cut its
            // final flush.
            thread.join(STOP_TIMEOUT.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(STOP_TIMEOUT.toMillis());
            }
        }
        cameras.forEach(camera -> camera.source().close());
    }
}
