package io.headcount.ingest.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.ingest.TestImages;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    @Test
    void decodesJpegsAndPngsWithTheirFormat() throws UnreadableImageException {
        DecodedImage face = ImageDecoder.decode(TestImages.bytes(TestImages.PROGRESSIVE_FACE));
        DecodedImage mask = ImageDecoder.decode(TestImages.bytes(TestImages.RGBA_PNG));

        assertThat(face.isJpeg()).isTrue();
        assertThat(face.width()).isEqualTo(200);
        assertThat(mask.format()).isEqualTo("png");
        assertThat(mask.width()).isEqualTo(764);
        assertThat(mask.height()).isEqualTo(642);
    }

    @Test
    void aTruncatedJpegIsDamagedNotGrey() {
        byte[] whole = TestImages.bytes(TestImages.BASELINE_FACE);
        byte[] half = Arrays.copyOf(whole, whole.length / 2);

        // ImageIO alone would return a partly grey image here, with only a warning.
        assertThatThrownBy(() -> ImageDecoder.decode(half))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("damaged");
    }

    @Test
    void bytesOfNoImageFormatAreUnreadable() {
        assertThatThrownBy(() -> ImageDecoder.decode(new byte[0]))
                .isInstanceOf(UnreadableImageException.class);
        assertThatThrownBy(() -> ImageDecoder.decode("hello".getBytes()))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("not an image format");
    }

    @Test
    void anImageClaimingMorePixelsThanTheLimitIsRefusedBeforeDecoding() {
        byte[] png = TestImages.encode(TestImages.noise(4, 4, 1), "png");
        // Claim 20000 x 20000 in the IHDR chunk (bytes 16..23), with a valid checksum.
        ByteBuffer header = ByteBuffer.wrap(png);
        header.putInt(16, 20_000).putInt(20, 20_000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17); // chunk type and data
        header.putInt(29, (int) crc.getValue());

        assertThatThrownBy(() -> ImageDecoder.decode(png))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("20000x20000");
    }
}
