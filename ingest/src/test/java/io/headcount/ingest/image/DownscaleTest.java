package io.headcount.ingest.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.ingest.TestImages;
import io.headcount.ingest.image.Downscale.Size;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class DownscaleTest {

    @Test
    void fitsTheLongerSideAndKeepsTheAspectRatio() {
        assertThat(Downscale.fitWithin(1920, 1080, 640)).isEqualTo(new Size(640, 360));
        assertThat(Downscale.fitWithin(1080, 1920, 640)).isEqualTo(new Size(360, 640));
        assertThat(Downscale.fitWithin(1023, 731, 512)).isEqualTo(new Size(512, 366));
        assertThat(Downscale.fitWithin(4000, 10, 100))
                .isEqualTo(new Size(100, 1)); // never below 1 pixel
    }

    @Test
    void neverEnlarges() {
        assertThat(Downscale.fitWithin(200, 100, 640)).isEqualTo(new Size(200, 100));
        assertThat(Downscale.fitWithin(640, 480, 640)).isEqualTo(new Size(640, 480));
    }

    @Test
    void refusesNonPositiveSizes() {
        assertThatThrownBy(() -> Downscale.fitWithin(0, 10, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Downscale.fitWithin(10, 10, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resizesARealPhotoToTheFittedSize() {
        BufferedImage photo = TestImages.decode(TestImages.bytes(TestImages.TALL_PHOTO));

        BufferedImage small = Downscale.toMaxSide(photo, 100);

        assertThat(small.getWidth()).isEqualTo(60); // round(623 * 100 / 1042)
        assertThat(small.getHeight()).isEqualTo(100);
        assertThat(Downscale.toMaxSide(photo, 2000)).isSameAs(photo);
    }
}
