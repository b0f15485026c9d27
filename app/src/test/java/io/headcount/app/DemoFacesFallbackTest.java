package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.ingest.source.synthetic.DrawnMasks;
import io.headcount.ingest.source.synthetic.FaceManifest;
import io.headcount.ingest.source.synthetic.LabelledFace;
import io.headcount.ingest.source.synthetic.Person;
import io.headcount.ingest.source.synthetic.SyntheticCameraSource;
import io.headcount.ingest.source.synthetic.SyntheticFrame;
import io.headcount.ingest.source.synthetic.SyntheticOptions;
import io.headcount.models.DemoFaces;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code demo} on a fresh machine: with the data folder pointed at an empty folder (no shared face
 * data, no mask templates), the synthetic cameras get the demo faces, fetched with the npm client,
 * and masks drawn by headcount, and show men and women, some of them masked.
 */
class DemoFacesFallbackTest {

    @TempDir Path data;

    @AfterEach
    void forgetTheDataFolder() {
        System.clearProperty("headcount.data");
    }

    @Test
    void anEmptyDataFolderGetsTheDemoFacesAndTheCamerasShowPeople() throws Exception {
        System.setProperty("headcount.data", data.toString());
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs();
        StringWriter console = new StringWriter();

        DemoCommand.SyntheticFaces faces = demo.syntheticFaces(new PrintWriter(console, true));

        assertThat(faces.manifest()).isEqualTo(DemoFaces.manifest(data));
        assertThat(faces.masked()).isEqualTo(0.3);
        assertThat(faces.maskTemplates()).isEqualTo(data.resolve("mask-templates/drawn"));
        assertThat(console.toString())
                .contains("fetching @vladmandic/face-api@1.7.15 with the npm client")
                .contains("fetching @vladmandic/human@3.3.6 with the npm client")
                .contains("56 of 56 faces cropped")
                .contains("masks drawn by headcount");
        List<LabelledFace> manifest = FaceManifest.read(faces.manifest());
        assertThat(manifest).hasSize(56);
        assertThat(manifest.stream().filter(face -> face.sex().equals("male"))).hasSize(28);
        SyntheticOptions options =
                SyntheticOptions.of(faces.manifest(), Instant.EPOCH)
                        .withMasks(faces.maskTemplates(), faces.masked());
        try (SyntheticCameraSource camera = SyntheticCameraSource.open(options)) {
            // People walk in from the edges: within the first 10 s someone is in view.
            long framesWithFaces = 0;
            for (int i = 0; i < 300; i++) {
                Optional<SyntheticFrame> frame = camera.nextFrame();
                assertThat(frame).isPresent();
                framesWithFaces += frame.get().boxes().isEmpty() ? 0 : 1;
            }
            assertThat(framesWithFaces).isPositive();
            List<Person> people = camera.people();
            assertThat(people).extracting(person -> person.face().sex()).contains("male", "female");
            assertThat(people)
                    .filteredOn(Person::masked)
                    .isNotEmpty()
                    .extracting(Person::mask)
                    .allMatch(DrawnMasks.NAMES::contains);
            assertThat(people).filteredOn(person -> !person.masked()).isNotEmpty();
        }
    }
}
