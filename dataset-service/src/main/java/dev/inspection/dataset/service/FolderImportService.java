package dev.inspection.dataset.service;

import dev.inspection.dataset.config.DatasetConfig;
import dev.inspection.dataset.domain.DatasetStatistics;
import dev.inspection.dataset.domain.FolderImportValidator;
import dev.inspection.dataset.domain.ImageInspector;
import dev.inspection.dataset.domain.ImportPathGuard;
import dev.inspection.dataset.domain.LabelRules;
import dev.inspection.dataset.domain.MvtecFolderScanner;
import dev.inspection.dataset.domain.NewImage;
import dev.inspection.dataset.domain.NotFoundException;
import dev.inspection.dataset.domain.ProgressListener;
import dev.inspection.dataset.domain.ScannedImage;
import dev.inspection.dataset.domain.ValidationSplitCarver;
import dev.inspection.dataset.persistence.DatasetEntity;
import dev.inspection.dataset.persistence.DatasetRepository;
import dev.inspection.dataset.persistence.ImageBatchWriter;
import dev.inspection.dataset.persistence.ImageRepository;
import dev.inspection.dataset.persistence.WriteResult;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Imports an MVTec AD folder: resolve the path inside the import roots, scan, validate every file,
 * then write everything in one transaction (nothing is written when any step fails).
 */
@ApplicationScoped
public class FolderImportService {
    private static final Logger LOG = Logger.getLogger(FolderImportService.class);
    /** A large import (thousands of files) must not hit the default 60 s transaction timeout. */
    private static final int WRITE_TIMEOUT_SECONDS = 1800;

    /** The result of an import. */
    public record Outcome(UUID datasetId, WriteResult result, DatasetStatistics statistics) {
    }

    private record Written(UUID datasetId, WriteResult result) {
    }

    /** Progress of both phases; write events count only the images that are new to the dataset. */
    public interface Progress {
        void validated(long processed, long total, String file);

        void written(long processed, long total, String file);
    }

    @Inject
    ImportPathGuard guard;

    @Inject
    ImageInspector inspector;

    @Inject
    DatasetConfig config;

    @Inject
    DatasetRepository datasets;

    @Inject
    ImageRepository images;

    @Inject
    ImageBatchWriter writer;

    public Outcome importFolder(String datasetName, String path, boolean createIfMissing, double validationFraction,
                                Progress progress) {
        LabelRules.requireDatasetName(datasetName, "dataset_name");
        ValidationSplitCarver carver = new ValidationSplitCarver(validationFraction);
        Path folder = guard.resolveFolder(path);
        Optional<UUID> existing = QuarkusTransaction.requiringNew()
                .call(() -> datasets.findByName(datasetName).map(d -> d.id));
        if (existing.isEmpty() && !createIfMissing) {
            throw new NotFoundException("dataset '" + datasetName + "' does not exist (set create_if_missing to create it)");
        }
        long started = System.nanoTime();
        List<ScannedImage> scanned = new MvtecFolderScanner(guard, config.limits().maxFilesPerImport()).scan(folder);
        String labelledBy = "import:" + folder.getFileName();
        List<NewImage> validated = new FolderImportValidator(inspector)
                .validate(scanned, carver, labelledBy, progress::validated);
        long validatedAt = System.nanoTime();
        ProgressListener written = progress::written;
        Written write = QuarkusTransaction.requiringNew().timeout(WRITE_TIMEOUT_SECONDS).call(() -> {
            UUID datasetId = existing.orElseGet(() -> datasets.findByName(datasetName)
                    .orElseGet(() -> datasets.createInCurrentTransaction(datasetName, "imported from " + path)).id);
            DatasetEntity dataset = datasets.requireLocked(datasetId);
            return new Written(datasetId, writer.write(dataset.id, validated, written));
        });
        WriteResult result = write.result();
        LOG.infof("imported %s into %s: %d files validated in %d ms, %d added, %d unchanged, written in %d ms",
                folder, datasetName, scanned.size(), (validatedAt - started) / 1_000_000, result.imagesAdded(),
                result.imagesUnchanged(), (System.nanoTime() - validatedAt) / 1_000_000);
        return new Outcome(write.datasetId(), result, images.statistics(write.datasetId()));
    }
}
