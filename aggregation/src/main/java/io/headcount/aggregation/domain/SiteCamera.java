package io.headcount.aggregation.domain;

import java.util.Objects;

/**
 * The cell a count belongs to. Its key form {@code site/camera} is stable and reversible: a {@code
 * /} or {@code %} inside an id is percent-encoded, so plain ids read as themselves and no two cells
 * share a key.
 */
public record SiteCamera(String site, String camera) {

    public SiteCamera {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(camera, "camera");
    }

    public String key() {
        return escape(site) + "/" + escape(camera);
    }

    /**
     * The key of this cell's window starting at {@code windowStartMillis}: {@code
     * site/camera/start}.
     */
    public String windowKey(long windowStartMillis) {
        return key() + "/" + windowStartMillis;
    }

    /** Key of an open track in the tracks store: {@code site/camera/trackId}, percent-encoded. */
    public String trackStoreKey(String trackId) {
        return key() + "/" + escape(trackId);
    }

    /**
     * Key of a visitor on the {@code tracks} topic: {@code camera/trackId}, percent-encoded like
     * the cell keys (track ids are random per camera, so the site is not needed to tell them
     * apart).
     */
    public static String trackKey(String camera, String trackId) {
        return escape(camera) + "/" + escape(trackId);
    }

    /**
     * @throws IllegalArgumentException for text that is not a {@link #key()}
     */
    public static SiteCamera parse(String key) {
        int slash = key.indexOf('/');
        if (slash < 0 || key.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("Not a site/camera key: " + key);
        }
        return new SiteCamera(
                unescape(key.substring(0, slash)), unescape(key.substring(slash + 1)));
    }

    private static String escape(String id) {
        return id.replace("%", "%25").replace("/", "%2F");
    }

    private static String unescape(String id) {
        return id.replace("%2F", "/").replace("%25", "%");
    }

    /**
     * {@code value} as 16 hex digits, as {@code String.format("%016x", value)} writes it (without
     * its parsing of a format per call, which showed in the profile), so keys that end in it sort
     * by it (non-negative values).
     */
    public static String fixedWidthHex(long value) {
        String hex = Long.toHexString(value);
        return "0000000000000000".substring(hex.length()) + hex;
    }
}
