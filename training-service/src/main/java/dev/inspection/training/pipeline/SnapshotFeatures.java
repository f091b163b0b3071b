package dev.inspection.training.pipeline;

import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.FeatureMap;
import dev.inspection.api.common.v1.Image;
import dev.inspection.api.common.v1.Tensor;
import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.dataset.v1.Split;
import dev.inspection.api.feature.v1.BackboneInfo;
import dev.inspection.api.feature.v1.ExtractOptions;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.OutputKind;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.core.image.ImageDecoder;
import dev.inspection.core.image.Preprocessor;
import dev.inspection.core.tensor.Float16;
import dev.inspection.core.tensor.LittleEndian;
import dev.inspection.training.clients.DatasetClient;
import dev.inspection.training.clients.FeatureClient;
import dev.inspection.training.jobs.CancellationToken;
import dev.inspection.training.jobs.TrainingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Brings a snapshot's images into the feature store: streams the members with their bytes from the
 * dataset service, asks the feature service for float16 patch embeddings of the ones not cached yet
 * (in batches), and keeps each member's label, split and network-aligned mask.
 */
public final class SnapshotFeatures {

    /** Reports extraction progress: members done out of the snapshot's total. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);
    }

    /**
     * A snapshot member whose features are in the store.
     *
     * @param mask the ground-truth mask resized and cropped like the image ({@code crop * crop} bytes),
     *             null for normal images and anomalies without a mask
     */
    public record Member(String imageId, Split split, Label label, String defectType, byte[] mask) {
        public boolean anomalous() {
            return label == Label.ANOMALOUS;
        }
    }

    /**
     * The loaded members and the shape of their features. Holds their cache entries until closed (a
     * cache over its budget evicts only what nobody holds).
     *
     * @param gridSide side of the square patch grid (36 at 288)
     */
    public record Loaded(FeatureKey key, List<Member> members, int gridSide, int dim, FeatureStore.Hold hold)
            implements AutoCloseable {
        public int rowsPerImage() {
            return gridSide * gridSide;
        }

        @Override
        public void close() {
            hold.close();
        }
    }

    private final DatasetClient dataset;
    private final FeatureClient features;
    private final FeatureStore store;
    private final int batchSize;
    private final ImageDecoder decoder = new ImageDecoder();

    public SnapshotFeatures(DatasetClient dataset, FeatureClient features, FeatureStore store, int batchSize) {
        this.dataset = dataset;
        this.features = features;
        this.store = store;
        this.batchSize = batchSize;
    }

    /**
     * @param wanted       which members to load (e.g. all, or the TEST split only)
     * @param total        members expected (for progress), 0 if unknown
     */
    public Loaded load(String snapshotId, BackboneInfo backbone, Preprocessing preprocessing, Predicate<ImageRecord> wanted,
                       long total, CancellationToken cancellation, Progress progress) {
        FeatureKey key = new FeatureKey(snapshotId, backbone.getSha256(), Preprocessings.canonical(preprocessing));
        FeatureStore.Hold hold = store.hold(List.of(key));
        try {
            return loadHeld(key, hold, backbone, preprocessing, wanted, total, cancellation, progress);
        } catch (RuntimeException | Error e) {
            hold.close();
            throw e;
        }
    }

    private Loaded loadHeld(FeatureKey key, FeatureStore.Hold hold, BackboneInfo backbone, Preprocessing preprocessing,
                            Predicate<ImageRecord> wanted, long total, CancellationToken cancellation, Progress progress) {
        String snapshotId = key.snapshotId();
        Preprocessor maskAligner = new Preprocessor(Preprocessings.toSpec(preprocessing));
        ExtractOptions options = ExtractOptions.newBuilder().setBackboneId(backbone.getId())
                .setOutput(OutputKind.PATCH_EMBEDDINGS).setDtype(DType.FLOAT16).setPreprocessing(preprocessing).build();
        List<Member> members = new ArrayList<>();
        List<ImageRecord> pending = new ArrayList<>(batchSize);
        int[] shape = new int[2];
        long[] done = {0};
        dataset.streamImages(snapshotId, cancellation, record -> {
            if (!wanted.test(record)) {
                return;
            }
            members.add(new Member(record.getImageId(), record.getSplit(), record.getLabel(), record.getDefectType(),
                    record.getLabel() == Label.ANOMALOUS && record.hasMask() && !record.getMask().getPng().isEmpty()
                            ? alignMask(record, maskAligner) : null));
            if (store.contains(key, record.getImageId())) {
                readShape(key, record.getImageId(), shape);
                progress.update(++done[0], total);
            } else {
                pending.add(record);
                if (pending.size() >= batchSize) {
                    extract(key, pending, options, shape);
                    done[0] += pending.size();
                    pending.clear();
                    progress.update(done[0], total);
                }
            }
        });
        if (!pending.isEmpty()) {
            cancellation.throwIfCancelled();
            extract(key, pending, options, shape);
            done[0] += pending.size();
            progress.update(done[0], total);
        }
        if (members.isEmpty()) {
            return new Loaded(key, members, 0, 0, hold);
        }
        int side = (int) Math.round(Math.sqrt(shape[0]));
        if (side * side != shape[0]) {
            throw new IllegalStateException("patch embeddings have " + shape[0] + " rows, not a square grid");
        }
        return new Loaded(key, members, side, shape[1], hold);
    }

    private void readShape(FeatureKey key, String imageId, int[] shape) {
        try {
            int[] s = store.shape(key, imageId);
            checkShape(shape, s[0], s[1], imageId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void extract(FeatureKey key, List<ImageRecord> records, ExtractOptions options, int[] shape) {
        List<Image> images = new ArrayList<>(records.size());
        for (ImageRecord r : records) {
            images.add(Image.newBuilder().setEncoded(r.getImageBytes()).setName(r.getSourceName()).build());
        }
        List<ExtractResponse> responses = features.extractBatch(images, options);
        for (int i = 0; i < records.size(); i++) {
            String imageId = records.get(i).getImageId();
            FeatureMap map = patchEmbeddings(responses.get(i), imageId);
            if (!backboneMatches(responses.get(i), key)) {
                throw TrainingException.failedPrecondition("feature service answered with backbone sha256 "
                        + responses.get(i).getBackboneSha256() + ", expected " + key.backboneSha256());
            }
            Tensor t = map.getTensor();
            int rows = (int) t.getShape(0);
            int dim = (int) t.getShape(1);
            checkShape(shape, rows, dim, imageId);
            float[] values = decode(t, rows * dim, imageId);
            try {
                store.put(key, imageId, values, rows, dim);
            } catch (IOException e) {
                throw new UncheckedIOException("could not cache features of image " + imageId, e);
            }
        }
    }

    private static boolean backboneMatches(ExtractResponse response, FeatureKey key) {
        return response.getBackboneSha256().isEmpty() || response.getBackboneSha256().equals(key.backboneSha256());
    }

    private static FeatureMap patchEmbeddings(ExtractResponse response, String imageId) {
        for (FeatureMap map : response.getFeaturesList()) {
            if (map.getName().equals("patch_embeddings")) {
                if (map.getTensor().getShapeCount() != 2) {
                    throw new IllegalStateException("patch embeddings of image " + imageId + " have shape "
                            + map.getTensor().getShapeList() + ", expected [rows, dim]");
                }
                return map;
            }
        }
        throw new IllegalStateException("feature service returned no patch_embeddings for image " + imageId);
    }

    private static float[] decode(Tensor t, int count, String imageId) {
        int bytesPer = t.getDtype() == DType.FLOAT16 ? 2 : 4;
        if (t.getData().size() != (long) count * bytesPer) {
            throw new IllegalStateException("features of image " + imageId + " hold " + t.getData().size()
                    + " bytes, expected " + (long) count * bytesPer);
        }
        byte[] data = t.getData().toByteArray();
        float[] values = new float[count];
        if (bytesPer == 2) {
            Float16.decode(data, 0, values, 0, count);
        } else {
            LittleEndian.getFloats(data, 0, values, 0, count);
        }
        return values;
    }

    private static void checkShape(int[] shape, int rows, int dim, String imageId) {
        if (shape[0] == 0) {
            shape[0] = rows;
            shape[1] = dim;
        } else if (shape[0] != rows || shape[1] != dim) {
            throw new IllegalStateException("features of image " + imageId + " are " + rows + "x" + dim
                    + ", other images " + shape[0] + "x" + shape[1]);
        }
    }

    private byte[] alignMask(ImageRecord record, Preprocessor aligner) {
        return aligner.preprocessEncodedMask(decoder, record.getMask().getPng().toByteArray(),
                "mask of " + record.getSourceName());
    }

    /** Reads the embeddings of some members as {@link FeatureRows}. */
    public FeatureRows rows(Loaded loaded, List<Member> subset) {
        return store.rows(loaded.key(), subset.stream().map(Member::imageId).toList(), loaded.rowsPerImage(),
                loaded.dim());
    }
}
