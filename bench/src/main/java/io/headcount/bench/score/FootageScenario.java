package io.headcount.bench.score;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's own footage, a video file or a folder of images, with a hand-made annotation in the CSV
 * format of {@code scoring}'s {@code AnnotationCsvReader} (scoring/README.md).
 *
 * @param video a video file FFmpeg decodes; null when {@code images} is given
 * @param images a folder of JPEG/PNG frames, in file-name order; null when {@code video} is given
 * @param persons the annotation's persons file
 * @param boxes the annotation's boxes file; null to match tracks by time alone
 * @param start the instant of the footage's time 0 as the annotation's ISO-8601 times have it; null
 *     when the annotation uses seconds since the footage's start only
 * @param framesPerSecond video: the rate to sample it at, 0 for every frame; images: the rate the
 *     folder was taken at (image n is at n / rate seconds)
 * @param maxSide downscale frames whose longer side exceeds this; 0 for their own size
 */
public record FootageScenario(
        Path video,
        Path images,
        Path persons,
        Path boxes,
        Instant start,
        double framesPerSecond,
        int maxSide)
        implements Scenario {

    public FootageScenario {
        Objects.requireNonNull(persons, "persons");
        if ((video == null) == (images == null)) {
            throw new IllegalArgumentException("give either a video file or an image folder");
        }
        if (!(framesPerSecond >= 0 && Double.isFinite(framesPerSecond))) {
            throw new IllegalArgumentException(
                    "framesPerSecond must be 0 or positive, got " + framesPerSecond);
        }
        if (images != null && framesPerSecond == 0) {
            throw new IllegalArgumentException("an image folder needs its frame rate");
        }
        if (maxSide < 0) {
            throw new IllegalArgumentException("maxSide must be 0 or positive, got " + maxSide);
        }
    }

    /** The footage's own path, for logs. */
    public Path footage() {
        return video != null ? video : images;
    }
}
