package dev.inspection.training.pipeline;

import com.google.protobuf.ByteString;
import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.dataset.v1.Split;
import dev.inspection.core.image.ImageDecoder;
import dev.inspection.core.image.InvalidImageException;
import dev.inspection.core.image.RgbImage;
import dev.inspection.training.bgad.KnownAnomaly;
import dev.inspection.training.bgad.KnownAnomalySelector;
import dev.inspection.training.bgad.NormalImage;
import dev.inspection.training.jobs.TrainingException;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot's images as BGAD needs them, collected from the dataset service's stream: TRAIN and
 * VALIDATION normals decoded (training canvases and calibration), every labelled anomaly with its
 * decoded full-resolution mask (the known-anomaly candidates), and the encoded TEST images for
 * evaluation (decoded in batches later). Checks the labelled anomalies as they arrive: a mask that
 * does not match its image is INVALID_ARGUMENT naming the image.
 */
public final class BgadSnapshotImages {

    /**
     * An image kept encoded until it is scored.
     *
     * @param mask full-resolution binary mask (1 = defect), null for normal images
     */
    public record Encoded(String imageId, Label label, String defectType, String sourceName, ByteString bytes,
                          byte[] mask) {
        public boolean anomalous() {
            return label == Label.ANOMALOUS;
        }
    }

    private final ImageDecoder decoder = new ImageDecoder();
    private final List<NormalImage> trainNormals = new ArrayList<>();
    private final List<NormalImage> validationNormals = new ArrayList<>();
    private final List<KnownAnomaly> anomaliesWithMasks = new ArrayList<>();
    private final List<String> anomaliesWithoutMasks = new ArrayList<>();
    private final List<Encoded> test = new ArrayList<>();
    private int anomalies;

    /**
     * Takes one streamed member (with bytes and mask).
     *
     * @throws TrainingException INVALID_ARGUMENT for undecodable images or masks, or a mask of another size
     */
    public void add(ImageRecord record) {
        boolean anomalous = record.getLabel() == Label.ANOMALOUS;
        boolean normal = record.getLabel() == Label.NORMAL;
        if (!anomalous && !normal) {
            return;
        }
        byte[] mask = null;
        if (anomalous) {
            anomalies++;
            RgbImage image = decode(record);
            mask = mask(record, image);
            if (mask == null) {
                anomaliesWithoutMasks.add(name(record));
            } else if (hasDefect(mask)) {
                anomaliesWithMasks.add(new KnownAnomaly(record.getImageId(), record.getDefectType(), image, mask));
            }
        } else if (record.getSplit() == Split.TRAIN) {
            trainNormals.add(new NormalImage(record.getImageId(), decode(record)));
        } else if (record.getSplit() == Split.VALIDATION) {
            validationNormals.add(new NormalImage(record.getImageId(), decode(record)));
        }
        if (record.getSplit() == Split.TEST) {
            test.add(new Encoded(record.getImageId(), record.getLabel(), record.getDefectType(), name(record),
                    record.getImageBytes(), mask));
        }
    }

    /**
     * {@code count} labelled anomalies with masks, spread over defect types ({@link KnownAnomalySelector}).
     *
     * @throws TrainingException FAILED_PRECONDITION when the snapshot has no labelled anomalies, when none
     *                           (or too few) of them has a defect mask
     */
    public List<KnownAnomaly> selectKnown(int count, long seed, String snapshotId) {
        if (anomalies == 0) {
            throw TrainingException.failedPrecondition("snapshot " + snapshotId + " has no labelled anomalies: BGAD "
                    + "needs anomalous images with defect masks (known_anomalies=" + count + ")");
        }
        if (anomaliesWithMasks.size() < count) {
            String missing = anomaliesWithoutMasks.isEmpty() ? ""
                    : "; without a mask: " + anomaliesWithoutMasks.subList(0, Math.min(5, anomaliesWithoutMasks.size()))
                    + (anomaliesWithoutMasks.size() > 5 ? " and " + (anomaliesWithoutMasks.size() - 5) + " more" : "");
            throw TrainingException.failedPrecondition("snapshot " + snapshotId + " has " + anomalies
                    + " labelled anomalies but only " + anomaliesWithMasks.size() + " with a non-empty defect mask, "
                    + "known_anomalies=" + count + " needed" + missing);
        }
        return KnownAnomalySelector.select(anomaliesWithMasks, KnownAnomaly::imageId, KnownAnomaly::defectType, count,
                seed);
    }

    public List<NormalImage> trainNormals() {
        return trainNormals;
    }

    public List<NormalImage> validationNormals() {
        return validationNormals;
    }

    /** The labelled TEST images in stream order. */
    public List<Encoded> test() {
        return test;
    }

    /** Decodes an encoded image for scoring. */
    public RgbImage decode(Encoded image) {
        try {
            return decoder.decode(image.bytes().toByteArray(), image.sourceName());
        } catch (InvalidImageException e) {
            throw TrainingException.invalidArgument("image " + image.sourceName() + " cannot be decoded: "
                    + e.getMessage());
        }
    }

    private RgbImage decode(ImageRecord record) {
        if (record.getImageBytes().isEmpty()) {
            throw TrainingException.failedPrecondition("dataset service sent image " + name(record) + " without bytes");
        }
        try {
            return decoder.decode(record.getImageBytes().toByteArray(), name(record));
        } catch (InvalidImageException e) {
            throw TrainingException.invalidArgument("image " + name(record) + " cannot be decoded: " + e.getMessage());
        }
    }

    /** The binary mask at the image's resolution, null when the record has none. */
    private byte[] mask(ImageRecord record, RgbImage image) {
        if (!record.hasMask() || record.getMask().getPng().isEmpty()) {
            return null;
        }
        RgbImage m;
        try {
            m = decoder.decode(record.getMask().getPng().toByteArray(), "mask of " + name(record));
        } catch (InvalidImageException e) {
            throw TrainingException.invalidArgument("mask of image " + name(record) + " cannot be decoded: "
                    + e.getMessage());
        }
        if (m.width() != image.width() || m.height() != image.height()) {
            throw TrainingException.invalidArgument("mask of image " + name(record) + " is " + m.width() + "x"
                    + m.height() + " but the image is " + image.width() + "x" + image.height());
        }
        byte[] rgb = m.rgb();
        byte[] out = new byte[m.width() * m.height()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((rgb[3 * i] & 0xff) > 127 ? 1 : 0);
        }
        return out;
    }

    private static boolean hasDefect(byte[] mask) {
        for (byte b : mask) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    private static String name(ImageRecord record) {
        return record.getSourceName().isEmpty() ? record.getImageId() : record.getSourceName() + " (" + record.getImageId() + ")";
    }
}
