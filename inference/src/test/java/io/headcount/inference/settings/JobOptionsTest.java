package io.headcount.inference.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.core.attributes.Attribute;
import io.headcount.core.options.OptionValues;
import io.headcount.vision.attributes.MaskCorroboration;
import io.headcount.vision.attributes.RegionSearch;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.onnx.FrameBatching;
import io.headcount.vision.onnx.OnnxSettings;
import io.headcount.vision.settings.AttributeOptions;
import io.headcount.vision.settings.DetectorOptions;
import io.headcount.vision.settings.ModelOptions;
import io.headcount.vision.settings.TrackerOptions;
import io.headcount.vision.track.TrackerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobOptionsTest {

    @Test
    void defaultsMatchTheProductTopicsAndTheDetectorContract() {
        JobOptions options = JobOptions.defaults();

        assertThat(options.framesTopic()).isEqualTo("frames");
        assertThat(options.observationsTopic()).isEqualTo("face-observations");
        assertThat(options.framesProcessedTopic()).isEqualTo("frames-processed");
        assertThat(options.deadLettersTopic()).isEqualTo("frames.dlq");
        assertThat(options.exactlyOnce()).isTrue();
        assertThat(options.bounded()).isFalse();
        assertThat(options.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.restartAttempts()).isEqualTo(-1);
        DetectorSettings detector = options.detector();
        assertThat(detector.longestSide()).isEqualTo(640);
        assertThat(detector.scoreThreshold()).isEqualTo(0.6f);
        assertThat(detector.nmsIou()).isEqualTo(0.3f);
        assertThat(detector.onnx()).isEqualTo(OnnxSettings.defaults());
        assertThat(Path.of(detector.modelDirectory())).endsWith(Path.of("shared", "models"));
    }

    @Test
    void argumentsOverrideTheEnvironmentWhichOverridesTheFile(@TempDir Path folder)
            throws Exception {
        Path file = folder.resolve("inference.properties");
        Files.writeString(
                file,
                "kafka.bootstrap.servers=file:9092\n"
                        + "detector.longest-side=320\n"
                        + "onnx.intra-op-threads=4\n");
        Map<String, String> environment =
                Map.of(
                        "HEADCOUNT_KAFKA_BOOTSTRAP_SERVERS",
                        "env:9092",
                        "HEADCOUNT_DETECTOR_LONGEST_SIDE",
                        "480");

        JobOptions options =
                JobOptions.fromArgs(
                        new String[] {
                            "--config", file.toString(), "--detector.longest-side", "960"
                        },
                        environment::get);

        assertThat(options.bootstrapServers()).isEqualTo("env:9092");
        assertThat(options.detector().longestSide()).isEqualTo(960);
        assertThat(options.detector().onnx().intraOpThreads()).isEqualTo(4);
    }

    @Test
    void refusesUnknownKeysAndBadValues() {
        assertThatThrownBy(() -> JobOptions.fromMap(Map.of("detector.longest-sid", "640")))
                .hasMessageContaining("unknown inference option detector.longest-sid");
        assertThatThrownBy(
                        () ->
                                JobOptions.fromMap(
                                        Map.of(DetectorOptions.DETECTOR_LONGEST_SIDE, "600")))
                .hasMessageContaining("multiple of 32");
        assertThatThrownBy(
                        () ->
                                JobOptions.fromMap(
                                        Map.of(KafkaOptions.DELIVERY_GUARANTEE, "exactly_once")))
                .hasMessageContaining("exactly-once or at-least-once");
        assertThatThrownBy(
                        () ->
                                JobOptions.fromMap(
                                        Map.of(CheckpointOptions.CHECKPOINT_INTERVAL_MS, "10s")))
                .hasMessageContaining(CheckpointOptions.CHECKPOINT_INTERVAL_MS);
        assertThatThrownBy(
                        () -> JobOptions.fromMap(Map.of(KafkaOptions.STARTING_OFFSETS, "newest")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withReplacesOneSetting() {
        JobOptions options = JobOptions.defaults().with(KafkaOptions.BOUNDED, "true");

        assertThat(options.bounded()).isTrue();
        assertThat(options.asMap()).containsEntry(KafkaOptions.BOUNDED, "true");
    }

    @Test
    void environmentVariableNamesFollowTheKeys() {
        assertThat(
                        OptionValues.environmentVariable(
                                CheckpointOptions.WATERMARK_OUT_OF_ORDERNESS_MS))
                .isEqualTo("HEADCOUNT_WATERMARK_OUT_OF_ORDERNESS_MS");
    }

    @Test
    void attributeHeadsQualityAndSessionSettingsPerModelComeFromOptions() {
        JobOptions options =
                JobOptions.fromMap(
                        Map.of(
                                AttributeOptions.ATTRIBUTE_HEADS,
                                " mask , sex-age ",
                                AttributeOptions.ATTRIBUTE_MAX_BATCH,
                                "8",
                                AttributeOptions.QUALITY_MIN_FACE_SIZE,
                                "40",
                                ModelOptions.ONNX_INTRA_OP_THREADS,
                                "2",
                                ModelOptions.roleKey("mask", "intra-op-threads"),
                                "4",
                                ModelOptions.roleKey("detector", "optimization"),
                                "basic",
                                ModelOptions.ONNX_EXECUTION_PROVIDER,
                                "cuda"));

        io.headcount.vision.attributes.AttributeSettings attributes = options.attributes();
        assertThat(attributes.heads()).containsExactly("mask", "sex-age");
        assertThat(attributes.maxBatch()).isEqualTo(8);
        assertThat(attributes.quality().minFaceSize()).isEqualTo(40f);
        assertThat(attributes.onnxOf("mask").intraOpThreads()).isEqualTo(4);
        assertThat(attributes.onnxOf("sex-age").intraOpThreads()).isEqualTo(2);
        assertThat(attributes.onnxOf("mask").executionProvider())
                .isEqualTo(OnnxSettings.ExecutionProvider.CUDA);
        assertThat(options.detector().onnx().optimization())
                .isEqualTo(OnnxSettings.GraphOptimization.BASIC);
        assertThat(options.detector().onnx().intraOpThreads()).isEqualTo(2);
        assertThat(options.modelSet()).isEqualTo("default-2026.12.3");
        assertThat(
                        JobOptions.fromMap(Map.of(AttributeOptions.ATTRIBUTE_HEADS, ""))
                                .attributes()
                                .heads())
                .isEmpty();
    }

    @Test
    void headsBatchAcrossCamerasOnCudaOnlyUnlessSet() {
        assertThat(JobOptions.defaults().describeBatching()).isEqualTo(FrameBatching.off());
        assertThat(
                        JobOptions.fromMap(Map.of(ModelOptions.ONNX_EXECUTION_PROVIDER, "cuda"))
                                .describeBatching())
                .isEqualTo(new FrameBatching(8, java.time.Duration.ofMillis(20)));
        assertThat(
                        JobOptions.fromMap(
                                        Map.of(
                                                AttributeOptions.ATTRIBUTE_BATCH_FRAMES,
                                                "4",
                                                AttributeOptions.ATTRIBUTE_BATCH_WAIT,
                                                "5ms"))
                                .describeBatching())
                .isEqualTo(new FrameBatching(4, java.time.Duration.ofMillis(5)));
        assertThatThrownBy(
                        () ->
                                JobOptions.fromMap(
                                        Map.of(AttributeOptions.ATTRIBUTE_BATCH_FRAMES, "many")))
                .hasMessageContaining("attributes.batch-frames must be auto or a whole number");
    }

    @Test
    void detectorBatchesAcrossCamerasOnCudaOnlyUnlessSet() {
        assertThat(JobOptions.defaults().detectorBatching()).isEqualTo(FrameBatching.off());
        assertThat(
                        JobOptions.fromMap(Map.of(ModelOptions.ONNX_EXECUTION_PROVIDER, "cuda"))
                                .detectorBatching())
                .isEqualTo(new FrameBatching(8, java.time.Duration.ofMillis(20)));
        assertThat(
                        JobOptions.fromMap(
                                        Map.of(
                                                DetectorOptions.DETECTOR_BATCH_FRAMES,
                                                "4",
                                                DetectorOptions.DETECTOR_BATCH_WAIT,
                                                "5ms"))
                                .detectorBatching())
                .isEqualTo(new FrameBatching(4, java.time.Duration.ofMillis(5)));
        assertThatThrownBy(
                        () ->
                                JobOptions.fromMap(
                                        Map.of(DetectorOptions.DETECTOR_BATCH_FRAMES, "many")))
                .hasMessageContaining("detector.batch-frames must be auto or a whole number");
        assertThatThrownBy(
                        () ->
                                JobOptions.fromMap(
                                        Map.of(DetectorOptions.DETECTOR_BATCH_FRAMES, "0")))
                .hasMessageContaining("at least 1 frame");
    }

    @Test
    void theDetectionStageKeepsLiftedFacesTheTrackersLowBandAndSearchesAroundMaskFindings() {
        assertThat(JobOptions.defaults().maskCorroboration())
                .isEqualTo(
                        new MaskCorroboration(
                                0.6f,
                                MaskCorroboration.DEFAULT_FLOOR,
                                0.3f,
                                0.6f,
                                RegionSearch.DEFAULT_MAX_REGIONS));

        MaskCorroboration off =
                JobOptions.fromMap(
                                Map.of(
                                        DetectorOptions.DETECTOR_CORROBORATED_SCORE, "0.6",
                                        TrackerOptions.TRACKER_LOW_SCORE, "0.6",
                                        DetectorOptions.DETECTOR_SEARCH_REGIONS, "0"))
                        .maskCorroboration();
        assertThat(off).isEqualTo(new MaskCorroboration(0.6f, 0.6f, 0.6f, 0.6f, 0));
        assertThatThrownBy(
                        () ->
                                JobOptions.fromMap(
                                                Map.of(
                                                        DetectorOptions.DETECTOR_SEARCH_REGIONS,
                                                        "-1"))
                                        .maskCorroboration())
                .hasMessageContaining("regions searched per frame");
    }

    @Test
    void trackerSettingsComeFromOptionsOnByteTracksDefaults() {
        assertThat(JobOptions.defaults().tracker()).isEqualTo(TrackerSettings.defaults());

        TrackerSettings tracker =
                JobOptions.fromMap(
                                Map.of(
                                        TrackerOptions.TRACKER_HITS_TO_CONFIRM, "5",
                                        TrackerOptions.TRACKER_MAX_MISSES, "30",
                                        TrackerOptions.TRACKER_MAX_LOST_MS, "6000",
                                        TrackerOptions.TRACKER_HIGH_SCORE, "0.7",
                                        TrackerOptions.TRACKER_LOW_SCORE, "0.2"))
                        .tracker();

        assertThat(tracker.hitsToConfirm()).isEqualTo(5);
        assertThat(tracker.maxMisses()).isEqualTo(30);
        assertThat(tracker.maxLostMillis()).isEqualTo(6000);
        assertThat(tracker.highScore()).isEqualTo(0.7f);
        assertThat(tracker.lowScore()).isEqualTo(0.2f);
        assertThat(tracker.newTrackScore()).isEqualTo(0.7f);
        assertThat(tracker.firstPassIou()).isEqualTo(TrackerSettings.defaults().firstPassIou());
    }

    @Test
    void refusesTrackerSettingsTheTrackerRefuses() {
        assertThatThrownBy(
                        () -> JobOptions.fromMap(Map.of(TrackerOptions.TRACKER_LOW_SCORE, "0.8")))
                .hasMessageContaining("lowScore <= highScore");
        assertThatThrownBy(
                        () ->
                                JobOptions.fromMap(
                                        Map.of(TrackerOptions.TRACKER_HITS_TO_CONFIRM, "0")))
                .hasMessageContaining("hitsToConfirm >= 1");
        assertThatThrownBy(
                        () -> JobOptions.fromMap(Map.of(TrackerOptions.TRACKER_MAX_LOST_MS, "3s")))
                .hasMessageContaining(TrackerOptions.TRACKER_MAX_LOST_MS);
    }

    @Test
    void refusesAnUnknownHeadOrExecutionProvider() {
        assertThatThrownBy(
                        () ->
                                JobOptions.fromMap(
                                        Map.of(AttributeOptions.ATTRIBUTE_HEADS, "sex-age,beard")))
                .hasMessageContaining("unknown attribute head beard");
        assertThatThrownBy(
                        () ->
                                JobOptions.fromMap(
                                        Map.of(ModelOptions.ONNX_EXECUTION_PROVIDER, "tpu")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheSitesAttributeSwitchesAsTheAggregationDoesAndRefusesAnUnknownAttribute() {
        JobOptions options =
                JobOptions.fromMap(Map.of("site.paris.attributes.disabled", "sex, Mask"))
                        .with("site.lyon.attributes.disabled", "expression");

        assertThat(options.siteSwitches().disabled("paris"))
                .containsExactlyInAnyOrder(Attribute.SEX, Attribute.MASK);
        assertThat(options.siteSwitches().disabled("lyon")).containsExactly(Attribute.EXPRESSION);
        assertThat(options.siteSwitches().disabled("berlin")).isEmpty();
        assertThat(options.asMap()).containsEntry("site.paris.attributes.disabled", "sex, Mask");
        assertThatThrownBy(
                        () ->
                                JobOptions.fromMap(
                                        Map.of("site.paris.attributes.disabled", "gender")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("site.paris.attributes.disabled")
                .hasMessageContaining("gender");
    }
}
