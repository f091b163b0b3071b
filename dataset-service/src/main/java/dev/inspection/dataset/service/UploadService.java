package dev.inspection.dataset.service;

import dev.inspection.dataset.domain.ProgressListener;
import dev.inspection.dataset.persistence.DatasetRepository;
import dev.inspection.dataset.persistence.ImageBatchWriter;
import dev.inspection.dataset.persistence.ImageRepository;
import dev.inspection.dataset.persistence.ImageRow;
import dev.inspection.dataset.persistence.WriteResult;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Writes a completed upload in one transaction. */
@ApplicationScoped
public class UploadService {
    /** The result of an upload; {@code records} follow the upload order. */
    public record Outcome(WriteResult result, List<ImageRow> records) {
    }

    @Inject
    DatasetRepository datasets;

    @Inject
    ImageRepository images;

    @Inject
    ImageBatchWriter writer;

    public Outcome write(UUID datasetId, UploadBatch batch) {
        return QuarkusTransaction.requiringNew().timeout(600).call(() -> {
            datasets.requireLocked(datasetId);
            WriteResult result = writer.write(datasetId, batch.distinctImages(), ProgressListener.NONE);
            Map<String, ImageRow> byId = new HashMap<>();
            for (ImageRow row : images.rows(datasetId, batch.distinctImages().stream().map(i -> i.imageId()).toList())) {
                byId.put(row.imageId(), row);
            }
            List<ImageRow> records = new ArrayList<>(batch.order().size());
            for (String id : batch.order()) {
                records.add(byId.get(id));
            }
            long unchanged = batch.order().size() - result.imagesAdded();
            return new Outcome(new WriteResult(result.imagesAdded(), unchanged, result.masksAdded()), records);
        });
    }
}
