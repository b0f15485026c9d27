package io.headcount.models.faceapi;

/** The face-api.js networks the converter knows. */
public enum FaceApiNetwork {
    AGE_GENDER("age-gender"),
    EXPRESSION("expression");

    private final String id;

    FaceApiNetwork(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static FaceApiNetwork of(String id) {
        for (FaceApiNetwork network : values()) {
            if (network.id.equals(id)) {
                return network;
            }
        }
        throw new IllegalArgumentException("unknown face-api network " + id);
    }
}
