package dev.inspection.dataset.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** The service's own settings (see application.properties for what each one means and its default). */
@ConfigMapping(prefix = "inspection.dataset")
public interface DatasetConfig {

    /** Folders ImportFolder may read from; relative entries are resolved against the working directory. */
    List<String> importRoots();

    Limits limits();

    /** Rows per database page in StreamImages and StreamSnapshotImages. */
    @WithDefault("32")
    int streamChunkSize();

    interface Limits {
        @WithDefault("52428800")
        long maxImageBytes();

        @WithDefault("40000000")
        long maxPixels();

        @WithDefault("1000")
        int maxImagesPerUpload();

        @WithDefault("536870912")
        long maxUploadBytes();

        @WithDefault("20000")
        int maxFilesPerImport();
    }
}
