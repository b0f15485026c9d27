package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.headcount.app.demo.DemoServer;
import io.headcount.embedded.CommittedFeed;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.SharedAssets;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md section 5.6: with {@code demo --show-video} the page shows real frames, and still no
 * pixel reaches any topic or the disk. The demo runs in a JVM of its own whose temporary folder
 * (where the broker, the aggregation app and Flink keep everything they write) is a fresh one; once
 * the view has served a frame with tracked faces and a window with visitors has closed, every
 * record of every topic but {@code frames} (internal, changelog and dead-letter topics included,
 * aborted transactions too) and every file the demo wrote are searched for JPEG and PNG data. The
 * {@code frames} topic's own partition folder is the control: there the search must find JPEGs.
 */
class LiveViewPrivacyIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(6);

    /** Far above any record of the product but a frame (a FaceObservation is a few hundred). */
    private static final int MAX_RECORD_BYTES = 8 * 1024;

    private static final Pattern KAFKA = Pattern.compile("Kafka of this run: (\\S+)");
    private static final Pattern FRAMES_PARTITION = Pattern.compile("frames(\\.dlq)?-\\d+");

    @TempDir Path folder;

    @Test
    void withTheViewOnNoPixelReachesAnyTopicOrTheDisk() throws Exception {
        SharedAssets.data("faces-sex/utkface_crop_part1/manifest.csv");
        SharedAssets.model("det_yunet_n_dynamic.onnx");
        Path temporary = Files.createDirectories(folder.resolve("tmp"));
        Path log = folder.resolve("demo.log");
        Path workingDirectory = Path.of("").toAbsolutePath();
        Instant started = Instant.now();
        int port = freePort();
        Process demo = startDemo(temporary, log, port);
        try {
            String bootstrap = awaitLine(demo, log, KAFKA);
            String page = "http://127.0.0.1:" + port;
            JsonNode view =
                    JsonEndpoint.await(
                            page + DemoServer.VIEW_PATH,
                            TIMEOUT,
                            data -> !data.get("frame").isNull() && tracked(data.get("frame")) > 0,
                            demo::isAlive,
                            () -> demoLog(log));
            assertThat(view.at("/frame/image").asText()).startsWith("data:image/jpeg;base64,/9j/");
            JsonEndpoint.await(
                    page + DemoServer.DASHBOARD_PATH,
                    TIMEOUT,
                    LiveViewPrivacyIT::hasVisitors,
                    demo::isAlive,
                    () -> demoLog(log));

            Map<String, Integer> records = searchTopics(bootstrap);
            assertThat(records.keySet())
                    .as("every topic was searched")
                    .contains(
                            Topics.FACE_OBSERVATIONS.name(),
                            Topics.TRACKS.name(),
                            Topics.AUDIENCE_STATS.name(),
                            Topics.FRAMES.name() + Topics.DEAD_LETTER_SUFFIX)
                    .doesNotContain(Topics.FRAMES.name());
            assertThat(records.get(Topics.FACE_OBSERVATIONS.name())).isPositive();
            assertThat(records.get(Topics.AUDIENCE_STATS.name())).isPositive();

            List<Path> framePartitions = new ArrayList<>();
            List<String> imagesOutsideFrames = new ArrayList<>();
            try (Stream<Path> files = Files.walk(temporary)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (nativeCode(file) || !containsImage(file)) {
                        continue;
                    }
                    Path partition = file.getParent();
                    if (FRAMES_PARTITION.matcher(partition.getFileName().toString()).matches()) {
                        framePartitions.add(partition);
                    } else {
                        imagesOutsideFrames.add(temporary.relativize(file).toString());
                    }
                }
            }
            assertThat(framePartitions)
                    .as("control: the search finds the frames in the frames topic's own log")
                    .isNotEmpty();
            assertThat(imagesOutsideFrames).as("files with image data outside frames").isEmpty();
            System.out.printf(
                    "Searched %d records of %d topics (records per topic: %s) and every file in %s;"
                            + " images only in %s%n",
                    records.values().stream().mapToInt(Integer::intValue).sum(),
                    records.size(),
                    records,
                    temporary,
                    framePartitions);
            try (Stream<Path> files = Files.walk(workingDirectory)) {
                assertThat(
                                files.filter(f -> !f.startsWith(workingDirectory.resolve("target")))
                                        .filter(Files::isRegularFile)
                                        .filter(f -> modifiedSince(f, started))
                                        .toList())
                        .as("files the demo wrote in its working directory")
                        .isEmpty();
            }
        } finally {
            demo.destroy();
            if (!demo.waitFor(60, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
    }

    /**
     * Reads every record of every topic but {@code frames}, uncommitted ones too, and fails on one
     * that holds image data or is larger than any record but a frame; returns the records per
     * topic.
     */
    private static Map<String, Integer> searchTopics(String bootstrap) throws Exception {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Set<String> topics;
        try (Admin admin = Admin.create(config)) {
            topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        }
        Map<String, Integer> counts = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                CommittedFeed.consumer(
                        config,
                        "live-view-privacy-it",
                        IsolationLevel.READ_UNCOMMITTED,
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            List<String> searched =
                    topics.stream().filter(t -> !t.equals(Topics.FRAMES.name())).toList();
            searched.forEach(topic -> counts.put(topic, 0));
            List<TopicPartition> partitions = CommittedFeed.assignFromBeginning(consumer, searched);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    fail("Could not read every topic to its end within a minute");
                }
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    counts.merge(record.topic(), 1, Integer::sum);
                    List<byte[]> parts = new ArrayList<>();
                    parts.add(record.key());
                    parts.add(record.value());
                    for (Header header : record.headers()) {
                        parts.add(header.value());
                    }
                    for (byte[] part : parts) {
                        if (part == null) {
                            continue;
                        }
                        String where =
                                record.topic() + "-" + record.partition() + "@" + record.offset();
                        assertThat(imageAt(part)).as("image data in %s", where).isEqualTo(-1);
                        assertThat(part.length)
                                .as("bytes of %s", where)
                                .isLessThan(MAX_RECORD_BYTES);
                    }
                }
            }
        }
        return counts;
    }

    /** The offset of a JPEG (start of image, then a marker) or PNG signature; -1 if none. */
    static int imageAt(byte[] data) {
        for (int i = 0; i + 3 < data.length; i++) {
            int b0 = data[i] & 0xff;
            if (b0 == 0xff
                    && (data[i + 1] & 0xff) == 0xd8
                    && (data[i + 2] & 0xff) == 0xff
                    && jpegMarker(data[i + 3] & 0xff)) {
                return i;
            }
            if (b0 == 0x89
                    && i + 7 < data.length
                    && data[i + 1] == 'P'
                    && data[i + 2] == 'N'
                    && data[i + 3] == 'G'
                    && data[i + 4] == 0x0d
                    && data[i + 5] == 0x0a
                    && data[i + 6] == 0x1a
                    && data[i + 7] == 0x0a) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The markers a JPEG starts with after its start of image: APPn, quantization, frame, comment.
     */
    private static boolean jpegMarker(int marker) {
        return (marker >= 0xe0 && marker <= 0xef)
                || marker == 0xdb
                || marker == 0xc0
                || marker == 0xc4
                || marker == 0xfe;
    }

    private static boolean containsImage(Path file) throws IOException {
        // Whole files, in chunks that overlap by a signature's length.
        byte[] buffer = new byte[1 << 20];
        int carried = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.readNBytes(buffer, carried, buffer.length - carried)) > 0) {
                int length = carried + read;
                byte[] chunk =
                        length == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, length);
                if (imageAt(chunk) >= 0) {
                    return true;
                }
                carried = Math.min(7, length);
                System.arraycopy(buffer, length - carried, buffer, 0, carried);
            }
        }
        return false;
    }

    /** Libraries the JVM unpacked (ONNX Runtime, RocksDB): code, not data the demo wrote. */
    private static boolean nativeCode(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".so") || name.endsWith(".jar") || name.contains(".so.");
    }

    private static boolean modifiedSince(Path file, Instant time) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isAfter(time);
        } catch (IOException gone) {
            return false;
        }
    }

    private static long tracked(JsonNode frame) {
        return StreamSupport.stream(frame.get("faces").spliterator(), false)
                .filter(face -> face.get("track").asInt() > 0)
                .count();
    }

    private static boolean hasVisitors(JsonNode dashboard) {
        return StreamSupport.stream(dashboard.get("windows").spliterator(), false)
                .anyMatch(w -> w.get("visitors").asLong() > 0);
    }

    /**
     * {@code headcount demo --show-video} in a JVM of its own, its temporary folder {@code tmp}.
     */
    private static Process startDemo(Path tmp, Path log, int port) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!argument.startsWith("-Djava.io.tmpdir") && !argument.startsWith("-agentlib")) {
                command.add(argument);
            }
        }
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Headcount.class.getName());
        command.addAll(
                List.of(
                        "demo",
                        "--show-video",
                        "--cameras",
                        "1",
                        "--port",
                        Integer.toString(port),
                        "--window",
                        "5s",
                        "--grace",
                        "5s",
                        "--duration",
                        "10m",
                        "--status-every",
                        "0s"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static String awaitLine(Process demo, Path log, Pattern line) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = line.matcher(Files.readString(log));
            if (matcher.find()) {
                return matcher.group(1);
            }
            if (!demo.isAlive()) {
                fail("The demo ended:%n%s", Files.readString(log));
            }
            Thread.sleep(500);
        }
        return fail("No line %s within %s:%n%s", line, TIMEOUT, Files.readString(log));
    }

    private static String demoLog(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
