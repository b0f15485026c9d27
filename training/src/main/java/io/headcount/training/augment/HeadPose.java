package io.headcount.training.augment;

import io.headcount.vision.detect.DetectedFace;

/**
 * Which mask template view fits a face, from the detector's landmarks: how far the nose tip sits
 * from the eyes' midpoint along the eye line, in eye distances. A face turned so that its nose
 * points to the image left gets the {@code _left} template, whose top anchor (nose bridge) lies
 * left of centre (masks.cfg), and the other way round.
 */
public enum HeadPose {
    FRONTAL(""),
    LEFT("_left"),
    RIGHT("_right");

    /** Nose offset (eye distances) beyond which a side view fits better than the frontal one. */
    public static final double SIDE_OFFSET = 0.12;

    private final String suffix;

    HeadPose(String suffix) {
        this.suffix = suffix;
    }

    /** The template name suffix of this view in masks.cfg. */
    public String suffix() {
        return suffix;
    }

    public static HeadPose of(DetectedFace face) {
        return of(noseOffset(face));
    }

    static HeadPose of(double offset) {
        if (offset < -SIDE_OFFSET) {
            return LEFT;
        }
        return offset > SIDE_OFFSET ? RIGHT : FRONTAL;
    }

    /** Signed nose offset along the eye line (image left negative), in eye distances. */
    public static double noseOffset(DetectedFace face) {
        double ux = face.landmarkX(1) - face.landmarkX(0);
        double uy = face.landmarkY(1) - face.landmarkY(0);
        double eyes = Math.hypot(ux, uy);
        if (eyes == 0) {
            return 0;
        }
        double mx = (face.landmarkX(0) + face.landmarkX(1)) / 2;
        double my = (face.landmarkY(0) + face.landmarkY(1)) / 2;
        return ((face.landmarkX(2) - mx) * ux + (face.landmarkY(2) - my) * uy) / (eyes * eyes);
    }
}
