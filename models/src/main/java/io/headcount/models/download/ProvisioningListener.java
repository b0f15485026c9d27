package io.headcount.models.download;

/** Hears what provisioning does, for a console or a log. */
public interface ProvisioningListener {

    /** A step started or ended, e.g. "downloading det_yunet_n_dynamic.onnx from ...". */
    void step(String message);

    /** Bytes of {@code file} transferred so far out of {@code total} (-1 if unknown). */
    default void progress(String file, long done, long total) {}

    /** A listener that ignores everything. */
    static ProvisioningListener silent() {
        return message -> {};
    }
}
