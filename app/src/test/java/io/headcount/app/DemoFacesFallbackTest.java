package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.ingest.source.synthetic.FaceManifest;
import io.headcount.ingest.source.synthetic.SyntheticCameraSource;
import io.headcount.ingest.source.synthetic.SyntheticFrame;
import io.headcount.ingest.source.synthetic.SyntheticOptions;
import io.headcount.models.DemoFaces;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code demo} on a fresh machine: with the data folder pointed at an empty folder (no shared face
 * data, no mask templates), the synthetic cameras get the demo faces, fetched with the npm client,
 * and show people.
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
        assertThat(faces.masked()).isZero();
        assertThat(console.toString())
                .contains("fetching @vladmandic/face-api@1.7.15 with the npm client")
                .contains("22 of 22 faces cropped")
                .contains("nobody wears a mask");
        assertThat(FaceManifest.read(faces.manifest())).hasSize(22);
        SyntheticOptions options = SyntheticOptions.of(faces.manifest(), Instant.EPOCH);
        try (SyntheticCameraSource camera = SyntheticCameraSource.open(options)) {
            // People walk in from the edges: within the first 10 s someone is in view.
            long framesWithFaces = 0;
            for (int i = 0; i < 100; i++) {
                Optional<SyntheticFrame> frame = camera.nextFrame();
                assertThat(frame).isPresent();
                framesWithFaces += frame.get().boxes().isEmpty() ? 0 : 1;
            }
            assertThat(framesWithFaces).isPositive();
        }
    }
}
