package io.headcount.scoring.truth;

/** A ground truth file that cannot be read, with the file and line at fault. */
public final class GroundTruthFormatException extends RuntimeException {

    private final String source;
    private final long line;

    /**
     * @param source the file's name as the user knows it
     * @param line 1-based line number, or 0 when the fault is not on one line
     */
    public GroundTruthFormatException(String source, long line, String problem) {
        super(source + (line > 0 ? " line " + line : "") + ": " + problem);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    /** 1-based line number, or 0 when the fault is not on one line. */
    public long line() {
        return line;
    }
}
