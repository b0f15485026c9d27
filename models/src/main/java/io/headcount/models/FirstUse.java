package io.headcount.models;

import io.headcount.core.Assets;
import io.headcount.models.download.ProvisioningListener;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code headcount run} and {@code demo} call before they start: makes sure the default model
 * set is in the model folder ({@link Assets#models()}), fetching what is missing. When every file
 * is there and verifies, it reads each once and touches no network. The digests are remembered for
 * the process ({@link io.headcount.core.FileDigests}): the pull's re-checks, and a check at load
 * that asks the same memo, do not read an unchanged file again.
 */
public final class FirstUse {

    private FirstUse() {}

    /**
     * Ensures the default model set in the configured model folder.
     *
     * @return the model folder
     * @throws ModelProvisioningException naming each file that is missing and could not be fetched
     */
    public static Path ensureDefaultModels(ProvisioningListener listener) {
        Path folder = Assets.fromEnvironment().models();
        ModelProvisioner provisioner = ModelProvisioner.standard();
        ModelDirectory directory = new ModelDirectory(folder);
        List<CatalogEntry> defaults = provisioner.catalog().defaultSet();
        if (directory.check(defaults).stream().allMatch(FileCheck::ok)) {
            return folder;
        }
        listener.step("Some default models are missing in " + folder + "; fetching them ...");
        provisioner.pull(directory, defaults, ModelProvisioner.Options.defaults(), listener);
        return folder;
    }
}
