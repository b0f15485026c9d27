package io.headcount.ingest.gateway;

import io.headcount.core.Assets;
import io.headcount.ingest.source.Backoff;
import io.headcount.ingest.source.ImageFolderOptions;
import io.headcount.ingest.source.synthetic.SyntheticOptions;
import io.headcount.schemas.topics.Topics;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code cameras.yaml}:
 *
 * <pre>
 * gateway: gw-store-1                 # gateway id
 * kafka:
 *   bootstrapServers: 127.0.0.1:9092
 *   topic: frames                     # optional
 *   producer: {linger.ms: 10}         # optional extra producer properties
 * checkpoint: gw-store-1.checkpoint   # optional: resume finite sources after a restart
 * progressEvery: 5s                   # optional, 0 for no progress lines
 * defaults: {fps: 10, maxSide: 1280}  # optional: camera fields shared by all cameras
 * cameras:
 *   - site: store-1
 *     camera: cam-entrance
 *     source: {type: video, path: entrance.mp4}   # folder|video (path), mjpeg|rtsp (url), synthetic
 *     fps: 10
 *     maxSide: 1280                   # optional, 0 = own size
 *     jpegQuality: 0.85               # optional
 *     loop: false                     # optional
 *     realTime: true                  # optional (default true)
 *     start: 2026-11-27T10:00:00Z     # optional capture time of the first frame / a video's time 0
 *     maxFrames: 0                    # optional, 0 = no limit
 *     reconnect: {initial: 1s, max: 60s, attempts: 0}   # optional, attempts 0 = never give up
 * </pre>
 *
 * Relative paths are resolved against the file's folder. Every error names the camera and the
 * field.
 */
public final class GatewayConfigLoader {

    private static final Set<String> SOURCE_TYPES =
            Set.of(
                    SourceConfig.FOLDER,
                    SourceConfig.VIDEO,
                    SourceConfig.MJPEG,
                    SourceConfig.RTSP,
                    SourceConfig.SYNTHETIC);

    private final Path baseFolder;

    private GatewayConfigLoader(Path baseFolder) {
        this.baseFolder = baseFolder;
    }

    /**
     * @throws ConfigException if the file is missing, not YAML, or a field is missing or wrong
     */
    public static GatewayConfig load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            Path parent = file.toAbsolutePath().getParent();
            return new GatewayConfigLoader(parent).parse(YamlFields.of(file.toString(), root));
        } catch (IOException e) {
            throw new ConfigException("cannot read gateway config " + file + ": " + e, e);
        } catch (YAMLException e) {
            throw new ConfigException(
                    "gateway config " + file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** Parses YAML text; relative paths resolve against {@code baseFolder}. */
    public static GatewayConfig parse(String yaml, Path baseFolder) {
        try {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
            return new GatewayConfigLoader(baseFolder.toAbsolutePath())
                    .parse(YamlFields.of("gateway config", root));
        } catch (YAMLException e) {
            throw new ConfigException("gateway config is not valid YAML: " + e.getMessage(), e);
        }
    }

    private GatewayConfig parse(YamlFields root) {
        String gateway = root.string("gateway");
        YamlFields kafka = root.mapping("kafka");
        if (kafka == null) {
            throw root.error("kafka", "is required (with bootstrapServers)");
        }
        String bootstrap = kafka.string("bootstrapServers");
        String topic = kafka.string("topic", Topics.FRAMES.name());
        Map<String, String> producer = new LinkedHashMap<>();
        YamlFields producerFields = kafka.mapping("producer");
        if (producerFields != null) {
            producerFields
                    .values()
                    .forEach(
                            (key, value) -> {
                                if (value == null
                                        || value instanceof Map
                                        || value instanceof Iterable) {
                                    throw new ConfigException(
                                            producerFields.where()
                                                    + ": property '"
                                                    + key
                                                    + "' must be a single value");
                                }
                                producer.put(key, String.valueOf(value));
                            });
        }
        kafka.rejectUnknown();
        Path checkpoint = root.has("checkpoint") ? path(root, "checkpoint") : null;
        Duration progress = root.duration("progressEvery", Duration.ofSeconds(5));
        Map<String, Object> defaults =
                root.has("defaults") ? root.mapping("defaults").values() : Map.of();
        Object list = root.raw("cameras");
        if (!(list instanceof List<?> cameraNodes) || cameraNodes.isEmpty()) {
            throw root.error(
                    "cameras",
                    "must be a non-empty list of cameras, got " + YamlFields.describe(list));
        }
        root.rejectUnknown();
        List<CameraConfig> cameras = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < cameraNodes.size(); i++) {
            Object node = cameraNodes.get(i);
            String name =
                    node instanceof Map<?, ?> map && map.get("camera") != null
                            ? "'" + map.get("camera") + "' "
                            : "";
            Map<String, Object> merged = new LinkedHashMap<>(defaults);
            if (node instanceof Map<?, ?> map) {
                map.forEach((k, v) -> merged.put(String.valueOf(k), v));
            }
            CameraConfig camera =
                    camera(
                            YamlFields.of(
                                    "camera " + name + "(cameras[" + i + "])",
                                    node instanceof Map ? merged : node));
            if (!ids.add(camera.camera())) {
                throw new ConfigException(
                        "camera '"
                                + camera.camera()
                                + "' (cameras["
                                + i
                                + "]): field 'camera': "
                                + "the id is used by another camera of this gateway");
            }
            cameras.add(camera);
        }
        return new GatewayConfig(
                gateway, bootstrap, topic, producer, checkpoint, progress, cameras);
    }

    private CameraConfig camera(YamlFields f) {
        String site = f.string("site");
        String camera = f.string("camera");
        double fps = f.positive("fps", null);
        long maxSide = f.count("maxSide", 0);
        float quality =
                (float) f.fraction("jpegQuality", ImageFolderOptions.DEFAULT_JPEG_QUALITY, false);
        boolean loop = f.flag("loop", false);
        boolean realTime = f.flag("realTime", true);
        Instant start = f.instant("start");
        long maxFrames = f.count("maxFrames", 0);
        Backoff backoff = backoff(f);
        YamlFields sourceFields = f.mapping("source");
        if (sourceFields == null) {
            throw f.error("source", "is required, e.g. {type: video, path: clip.mp4}");
        }
        SourceConfig source = source(sourceFields, f);
        f.rejectUnknown();
        if (maxSide > 0 && maxSide < 16) {
            throw f.error("maxSide", "must be 0 (own size) or at least 16, got " + maxSide);
        }
        if (loop && !source.finite()) {
            throw f.error(
                    "loop",
                    "only files, folders and the synthetic camera can loop, not " + source.type());
        }
        return new CameraConfig(
                site,
                camera,
                source,
                fps,
                (int) maxSide,
                quality,
                loop,
                realTime,
                start,
                maxFrames,
                backoff);
    }

    private static Backoff backoff(YamlFields camera) {
        YamlFields f = camera.mapping("reconnect");
        if (f == null) {
            return Backoff.defaults();
        }
        Duration initial = f.duration("initial", Backoff.defaults().initial());
        Duration max = f.duration("max", Backoff.defaults().max());
        long attempts = f.count("attempts", 0);
        f.rejectUnknown();
        if (initial.isZero() || max.compareTo(initial) < 0) {
            throw f.error(
                    "max",
                    "must be at least 'initial' (" + initial + "), and 'initial' more than 0");
        }
        return new Backoff(initial, max, (int) Math.min(attempts, Integer.MAX_VALUE));
    }

    private SourceConfig source(YamlFields f, YamlFields camera) {
        String type = f.string("type").toLowerCase(Locale.ROOT);
        if (!SOURCE_TYPES.contains(type)) {
            throw f.error(
                    "type",
                    "must be one of "
                            + new java.util.TreeSet<>(SOURCE_TYPES)
                            + ", got \""
                            + type
                            + "\"");
        }
        SourceConfig config =
                switch (type) {
                    case SourceConfig.FOLDER -> {
                        Path folder = path(f, "path");
                        if (!Files.isDirectory(folder)) {
                            throw f.error("path", "not a folder: " + folder);
                        }
                        yield new SourceConfig(type, folder.toString(), null);
                    }
                    // A video that is missing now is retried (it may be mounted later); the path
                    // must be given.
                    case SourceConfig.VIDEO ->
                            new SourceConfig(type, path(f, "path").toString(), null);
                    case SourceConfig.MJPEG ->
                            new SourceConfig(type, url(f, Set.of("http", "https")), null);
                    case SourceConfig.RTSP ->
                            new SourceConfig(type, url(f, Set.of("rtsp", "rtsps")), null);
                    default -> synthetic(f, camera);
                };
        f.rejectUnknown();
        return config;
    }

    private SourceConfig synthetic(YamlFields f, YamlFields camera) {
        Path manifest =
                f.has("manifest")
                        ? path(f, "manifest")
                        : Assets.fromEnvironment()
                                .data()
                                .resolve("faces-sex/utkface_crop_part1/manifest.csv");
        if (!Files.isRegularFile(manifest)) {
            throw f.error("manifest", "no such face manifest: " + manifest);
        }
        double masked = f.fraction("masked", 0, true);
        Path templates =
                f.has("maskTemplates")
                        ? path(f, "maskTemplates")
                        : masked > 0
                                ? Assets.fromEnvironment()
                                        .data()
                                        .resolve("mask-templates/maskthface/templates")
                                : null;
        if (templates != null && !Files.isDirectory(templates)) {
            throw f.error("maskTemplates", "not a folder: " + templates);
        }
        SyntheticOptions defaults = SyntheticOptions.of(manifest, Instant.EPOCH);
        try {
            SyntheticOptions options =
                    new SyntheticOptions(
                            manifest,
                            null, // files resolve from the manifest's folder upwards
                            templates,
                            null, // masked people get a template pasted on
                            (int) f.count("width", defaults.width()),
                            (int) f.count("height", defaults.height()),
                            1, // the camera's fps, set when the camera starts
                            f.count("frames", defaults.frames()),
                            Instant.EPOCH, // the camera's start, set when the camera starts
                            (int) f.count("density", defaults.density()),
                            f.positive("speed", defaults.speed()),
                            (int) f.count("minFace", defaults.minFace()),
                            (int) f.count("maxFace", defaults.maxFace()),
                            masked,
                            f.string("background", defaults.background()),
                            f.count("seed", defaults.seed()),
                            defaults.jpegQuality(),
                            f.has("groundTruth") ? path(f, "groundTruth") : null,
                            f.string("scene", SyntheticOptions.SIMPLE));
            return new SourceConfig(SourceConfig.SYNTHETIC, options.describeScene(), options);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(f.where() + ": " + e.getMessage(), e);
        }
    }

    private Path path(YamlFields f, String field) {
        Path path = Path.of(f.string(field));
        return path.isAbsolute() ? path : baseFolder.resolve(path).normalize();
    }

    private static String url(YamlFields f, Set<String> schemes) {
        String text = f.string("url");
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null
                    || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    || uri.getHost() == null) {
                throw f.error(
                        "url",
                        "must be a "
                                + String.join(" or ", new java.util.TreeSet<>(schemes))
                                + " URL with a host, got \""
                                + text
                                + "\"");
            }
            return text;
        } catch (java.net.URISyntaxException e) {
            throw f.error("url", "not a URL: \"" + text + "\" (" + e.getReason() + ")");
        }
    }
}
