package io.headcount.vision.attributes;

/**
 * What {@link DescribeBudget} remembers of one camera's tracks: the keyed state of the job's {@code
 * describe-faces}. A Flink POJO (public fields, public no-argument constructor, an array of POJOs)
 * so it is serialized without Kryo. No pixel, no attribute beyond one number per track.
 */
public final class DescribeBudgetState {

    /** The event-time timer that clears this state when the camera stays idle; 0 when none. */
    public long idleTimer;

    public TrackBudget[] tracks = new TrackBudget[0];

    public DescribeBudgetState() {}

    public boolean isEmpty() {
        return tracks.length == 0;
    }

    /** One track's budget. A Flink POJO. */
    public static final class TrackBudget {

        public String trackId;

        /** Capture time of the track's latest face, epoch milliseconds. */
        public long lastSeen;

        /** Capture time of its latest description; meaningless while {@code described} is 0. */
        public long lastDescribed;

        /** Descriptions so far. */
        public int described;

        /** The best quality rank of its faces since its latest description. */
        public float bestSinceDescribed;

        /** Quality-weighted log-odds of female over its descriptions, as the aggregation fuses. */
        public double femaleLogOdds;

        public TrackBudget() {}
    }
}
