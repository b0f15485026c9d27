package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.core.attributes.SiteAttributeSwitches;
import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.DescribeBudgetSettings;
import io.headcount.vision.attributes.ExpressionHead;
import io.headcount.vision.attributes.FaceDescription;
import io.headcount.vision.attributes.SexAgeHead;
import io.headcount.vision.attributes.SexHead;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.quality.QualitySettings;
import io.headcount.vision.testing.TestImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DescribeFacesFunctionTest {

    private static final String MODELS =
            SharedAssets.model(YuNetModel.SPEC.fileName()).getParent().toString();
    private static final long MAX_LOST_MILLIS = 3000;
    private static final long T0 = 1_000_000L;

    private static BgrImage frame;
    private static DetectedFace[] faces;

    @BeforeAll
    static void twoRealFaces() {
        BgrImage image = TestImages.greyFrame(640, 360);
        List<BgrImage> crops = TestImages.adultFaces(2).stream().map(TestImages::read).toList();
        image = TestImages.paste(image, crops.get(0), 50, 80);
        frame = TestImages.paste(image, crops.get(1), 380, 100);
        try (YuNetDetector detector = YuNetDetector.open(DetectorSettings.yunet(MODELS))) {
            faces = detector.detect(frame).toArray(DetectedFace[]::new);
        }
        assertThat(faces).hasSize(2);
    }

    @Test
    void withoutBudgetDescribesEveryFaceDropsThePixelsAndLeavesSmallFacesWithoutAttributes()
            throws Exception {
        // Raise the size threshold between the two faces: the smaller one gets no attributes.
        float smaller = Math.min(faces[0].box().shorterSide(), faces[1].box().shorterSide());
        AttributeSettings settings =
                AttributeSettings.defaults(ModelManifest.defaults(), MODELS)
                        .withQuality(new QualitySettings(smaller + 0.5f, 0f, 90f));
        FrameInfo info = new FrameInfo("store-1", "cam-1", "gw-1", 3, 1000L);

        try (KeyedOneInputStreamOperatorTestHarness<String, DetectedFrame, DetectedFrame> harness =
                open(settings, DescribeBudgetSettings.off(), null)) {
            harness.processElement(new DetectedFrame(info, frame, faces), 1000L);
            FrameInfo end = new FrameInfo("store-1", "cam-1", "gw-1", 5, 1400L, true);
            harness.processElement(new DetectedFrame(end, null, new DetectedFace[0]), 1400L);

            List<DetectedFrame> described = harness.extractOutputValues();
            assertThat(described).hasSize(2);
            DetectedFrame first = described.get(0);
            assertThat(first.image()).as("pixels end here").isNull();
            assertThat(first.faces()).containsExactly(faces);
            for (int i = 0; i < faces.length; i++) {
                FaceDescription description = first.descriptions()[i];
                boolean large = faces[i].box().shorterSide() > smaller;
                assertThat(description.usable()).isEqualTo(large);
                assertThat(description.faceSize()).isEqualTo(faces[i].box().shorterSide());
                assertThat(description.sharpness()).isPositive();
                if (large) {
                    assertThat(description.female()).isNotNull();
                    assertThat(description.expressions()).hasSize(7);
                } else {
                    assertThat(description.female()).isNull();
                    assertThat(description.ageGroups()).isNull();
                    assertThat(description.masked()).isNull();
                    assertThat(description.expressions()).isNull();
                }
            }
            assertThat(described.get(1).descriptions()).isEmpty();
            // No budget, no state.
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void describesEachTracksFirstFaceThenAtTheBudgetsRateAcrossACheckpointAndForgetsIdleCameras()
            throws Exception {
        // Two per second, whatever the faces' sex: frames 100 ms apart, so every 5th frame.
        DescribeBudgetSettings budget = new DescribeBudgetSettings(2, 2, 0.95);
        AttributeSettings settings = AttributeSettings.defaults(ModelManifest.defaults(), MODELS);
        List<DetectedFrame> described = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, DetectedFrame, DetectedFrame> harness =
                open(settings, budget, null)) {
            for (int n = 0; n < 4; n++) {
                harness.processElement(tracked(n), T0 + 100 * n);
            }
            snapshot = harness.snapshot(1, T0 + 300);
            described.addAll(harness.extractOutputValues());
        }
        // A restart: the budget's memory comes back with the checkpoint.
        try (KeyedOneInputStreamOperatorTestHarness<String, DetectedFrame, DetectedFrame> harness =
                open(settings, budget, snapshot)) {
            for (int n = 4; n < 10; n++) {
                harness.processElement(tracked(n), T0 + 100 * n);
            }
            described.addAll(harness.extractOutputValues());
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
            // The camera stays idle past the tracker's maximum lost time: its budget goes.
            harness.processWatermark(new Watermark(T0 + 900 + MAX_LOST_MILLIS));
            assertThat(harness.numKeyedStateEntries()).isZero();
        }

        assertThat(described).hasSize(10);
        for (int n = 0; n < 10; n++) {
            DetectedFrame out = described.get(n);
            assertThat(out.image()).isNull();
            FaceDescription[] descriptions = out.descriptions();
            // Every face keeps its quality, described or not: observations need it.
            assertThat(descriptions)
                    .allSatisfy(
                            d -> {
                                assertThat(d.sharpness()).isPositive();
                                assertThat(d.yaw()).isNotNull();
                            });
            boolean due = n == 0 || n == 5;
            assertThat(descriptions[0].usable()).as("tracked face, frame %d", n).isEqualTo(due);
            if (due) {
                assertThat(descriptions[0].female()).isBetween(0f, 1f);
                assertThat(descriptions[0].expressions()).hasSize(7);
            } else {
                assertThat(descriptions[0].female()).isNull();
                assertThat(descriptions[0].ageGroups()).isNull();
            }
            // The face the tracker left without a track: nothing would fuse its attributes.
            assertThat(descriptions[1].usable()).isFalse();
        }
    }

    @Test
    void runsNoHeadAndGivesNoValueForWhatTheFramesSiteSwitchedOff() throws Exception {
        SiteAttributeSwitches switches =
                SiteAttributeSwitches.read(
                        "",
                        Map.of(
                                SiteAttributeSwitches.key("", "no-sex"), "sex",
                                SiteAttributeSwitches.key("", "nothing"),
                                        "sex,age,mask,expression"));
        AttributeSettings settings = AttributeSettings.defaults(ModelManifest.defaults(), MODELS);
        assertThat(settings.heads()).contains(SexAgeHead.ROLE, SexHead.ROLE, ExpressionHead.ROLE);
        Map<String, Histogram> modelTimes = new ConcurrentHashMap<>();
        DescribeFacesFunction shipped =
                InstantiationUtil.clone(
                        new DescribeFacesFunction(
                                settings, DescribeBudgetSettings.off(), MAX_LOST_MILLIS, switches),
                        DescribeFacesFunctionTest.class.getClassLoader());

        List<DetectedFrame> described;
        try (KeyedOneInputStreamOperatorTestHarness<String, DetectedFrame, DetectedFrame> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(shipped),
                        each -> each.frame().camera(),
                        Types.STRING,
                        modelTimesInto(modelTimes))) {
            harness.open();
            for (String site : List.of("store-1", "no-sex", "nothing")) {
                FrameInfo info = new FrameInfo(site, "cam-" + site, "gw-1", 1, 1000L);
                harness.processElement(new DetectedFrame(info, frame, faces), 1000L);
            }
            described = harness.extractOutputValues();
        }

        assertThat(described).hasSize(3);
        FaceDescription all = described.get(0).descriptions()[0];
        FaceDescription noSex = described.get(1).descriptions()[0];
        FaceDescription nothing = described.get(2).descriptions()[0];
        assertThat(all.female()).isNotNull();
        assertThat(noSex.usable()).isTrue();
        assertThat(noSex.female()).isNull();
        assertThat(noSex.ageGroups()).isNotNull();
        assertThat(noSex.expressions()).hasSize(7);
        assertThat(nothing.female()).isNull();
        assertThat(nothing.ageGroups()).isNull();
        assertThat(nothing.masked()).isNull();
        assertThat(nothing.expressions()).isNull();
        assertThat(nothing.sharpness()).as("quality is no attribute").isPositive();
        // One sample per frame a head ran on, none for "nothing"; FaceRes runs for no-sex too, for
        // the age groups its head splits (SexHead leaves its sex head out there).
        assertThat(modelTimes.get(SexHead.ROLE).getCount()).isEqualTo(2);
        assertThat(modelTimes.get(SexAgeHead.ROLE).getCount()).isEqualTo(2);
        assertThat(modelTimes.get(ExpressionHead.ROLE).getCount()).isEqualTo(2);
    }

    /** A task environment whose metric registry hands over each model-time histogram, by role. */
    private static MockEnvironment modelTimesInto(Map<String, Histogram> modelTimes) {
        TestingMetricRegistry registry =
                TestingMetricRegistry.builder()
                        .setRegisterConsumer(
                                (metric, name, group) -> {
                                    String role = group.getAllVariables().get("<model>");
                                    if (metric instanceof Histogram histogram && role != null) {
                                        modelTimes.put(role, histogram);
                                    }
                                })
                        .build();
        TaskMetricGroup task =
                TaskManagerMetricGroup.createTaskManagerMetricGroup(
                                registry, "localhost", ResourceID.generate())
                        .addJob(new JobID(), "inference")
                        .addTask(ExecutionAttemptID.randomId(), "describe");
        return new MockEnvironmentBuilder().setMetricGroup(task).build();
    }

    /** Frame {@code n}, 100 ms after the one before: face 0 on track "a", face 1 untracked. */
    private static DetectedFrame tracked(int n) {
        FrameInfo info = new FrameInfo("store-1", "cam-1", "gw-1", n, T0 + 100 * n);
        return new DetectedFrame(info, frame, faces, null, new String[] {"a", null});
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, DetectedFrame, DetectedFrame>
            open(
                    AttributeSettings settings,
                    DescribeBudgetSettings budget,
                    OperatorSubtaskState restoreFrom)
                    throws Exception {
        DescribeFacesFunction shipped =
                InstantiationUtil.clone(
                        new DescribeFacesFunction(settings, budget, MAX_LOST_MILLIS),
                        DescribeFacesFunctionTest.class.getClassLoader());
        KeyedOneInputStreamOperatorTestHarness<String, DetectedFrame, DetectedFrame> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(shipped),
                        each -> each.frame().camera(),
                        Types.STRING);
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }
}
