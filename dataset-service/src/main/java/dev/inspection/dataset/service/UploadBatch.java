package dev.inspection.dataset.service;

import dev.inspection.dataset.domain.ImageFacts;
import dev.inspection.dataset.domain.ImageInspector;
import dev.inspection.dataset.domain.ImageLabel;
import dev.inspection.dataset.domain.ImageSplit;
import dev.inspection.dataset.domain.LabelRules;
import dev.inspection.dataset.domain.LimitExceededException;
import dev.inspection.dataset.domain.NewImage;
import dev.inspection.dataset.domain.Sha256;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The images of one upload stream, validated as they arrive and held until the stream completes
 * (an upload is all-or-nothing). Enforces the per-stream count and byte limits.
 */
public final class UploadBatch {
    private final ImageInspector inspector;
    private final int maxImages;
    private final long maxBytes;
    private final List<String> order = new ArrayList<>();
    private final Map<String, NewImage> distinct = new LinkedHashMap<>();
    private long bytes;

    public UploadBatch(ImageInspector inspector, int maxImages, long maxBytes) {
        this.inspector = inspector;
        this.maxImages = maxImages;
        this.maxBytes = maxBytes;
    }

    /**
     * Validates one image and keeps it. A second copy of the same content is kept only as a
     * position in the upload order.
     *
     * @param name the image's name in error messages
     * @param sourceName the client's name for the image, stored as its source name ("" when none)
     */
    public void add(byte[] encoded, String name, String sourceName, ImageSplit split, ImageLabel label, String defectType, byte[] maskPng,
                    String labelledBy) {
        if (order.size() >= maxImages) {
            throw new LimitExceededException(name + ": an upload may hold at most " + maxImages + " images");
        }
        bytes += encoded.length + (maskPng == null ? 0 : maskPng.length);
        if (bytes > maxBytes) {
            throw new LimitExceededException(name + ": the upload exceeds " + maxBytes + " bytes in total");
        }
        String storedDefectType = LabelRules.defectTypeFor(label, defectType, name + ".defect_type");
        ImageFacts facts = inspector.inspect(encoded, name);
        String maskId = null;
        byte[] mask = null;
        if (maskPng != null && maskPng.length > 0) {
            mask = inspector.normalizeMask(maskPng, name + ".mask_png", facts.width(), facts.height());
            maskId = Sha256.hex(mask);
        }
        String imageId = Sha256.hex(encoded);
        order.add(imageId);
        distinct.putIfAbsent(imageId, new NewImage(imageId, facts, () -> encoded, split, label, storedDefectType, sourceName,
                maskId, mask, labelledBy));
    }

    /** Image ids in upload order (repeats included). */
    public List<String> order() {
        return order;
    }

    /** One entry per distinct content, in first-upload order. */
    public List<NewImage> distinctImages() {
        return List.copyOf(distinct.values());
    }
}
