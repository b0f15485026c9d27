package io.headcount.ingest.source.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masks drawn without the shared templates: loadable as templates, covering mouth and chin only.
 */
class DrawnMasksTest {

    @TempDir Path folder;

    @Test
    void theDrawnTemplatesLoadAndCoverTheLowerFaceButNotTheEyes() throws IOException {
        MaskOverlay masks = MaskOverlay.load(DrawnMasks.write(folder));

        assertThat(masks.size()).isEqualTo(DrawnMasks.NAMES.size());
        for (int template = 0; template < masks.size(); template++) {
            assertThat(DrawnMasks.NAMES).contains(masks.name(template));
            BufferedImage face = grey(200);
            masks.apply(face, template);
            // Eyes and forehead (upper 45 %) untouched; mouth (60 % down) and chin (85 %) covered.
            for (int y = 0; y < 90; y++) {
                for (int x = 0; x < 200; x++) {
                    assertThat(face.getRGB(x, y) & 0xFFFFFF).isEqualTo(0x808080);
                }
            }
            assertThat(face.getRGB(100, 120) & 0xFFFFFF).isNotEqualTo(0x808080);
            assertThat(face.getRGB(100, 170) & 0xFFFFFF).isNotEqualTo(0x808080);
            assertThat(changedShare(face, 40, 110, 160, 180)).isGreaterThan(0.9);
        }
    }

    @Test
    void aGasMaskTemplateIsLeftOutAsTheAugmenterLeavesItOut() throws IOException {
        Path templates = DrawnMasks.write(folder);
        Files.copy(
                templates.resolve(DrawnMasks.NAMES.get(0) + ".png"), templates.resolve("gas.png"));

        MaskOverlay masks = MaskOverlay.load(templates);

        assertThat(masks.size()).isEqualTo(DrawnMasks.NAMES.size());
        for (int template = 0; template < masks.size(); template++) {
            assertThat(masks.name(template)).isNotEqualTo("gas");
        }
    }

    @Test
    void drawingAgainGivesTheSameTemplates() throws IOException {
        MaskOverlay first = MaskOverlay.load(DrawnMasks.write(folder.resolve("a")));
        MaskOverlay second = MaskOverlay.load(DrawnMasks.write(folder.resolve("b")));
        BufferedImage one = grey(160);
        BufferedImage two = grey(160);
        first.apply(one, 0);
        second.apply(two, 0);
        for (int y = 0; y < 160; y++) {
            for (int x = 0; x < 160; x++) {
                assertThat(one.getRGB(x, y)).isEqualTo(two.getRGB(x, y));
            }
        }
    }

    private static BufferedImage grey(int side) {
        BufferedImage face = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = face.createGraphics();
        g.setColor(new Color(0x808080));
        g.fillRect(0, 0, side, side);
        g.dispose();
        return face;
    }

    private static double changedShare(BufferedImage face, int x0, int y0, int x1, int y1) {
        int changed = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                changed += (face.getRGB(x, y) & 0xFFFFFF) != 0x808080 ? 1 : 0;
            }
        }
        return changed / (double) ((x1 - x0) * (y1 - y0));
    }
}
