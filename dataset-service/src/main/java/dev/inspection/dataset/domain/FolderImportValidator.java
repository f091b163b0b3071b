package dev.inspection.dataset.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates every scanned image before anything is written: reads and hashes it, decodes it fully,
 * decodes its mask and checks the mask's size. Only hashes, facts and the (small) masks are kept;
 * image bytes are read again at write time and must still have the same hash.
 */
public final class FolderImportValidator {
    private final ImageInspector inspector;

    public FolderImportValidator(ImageInspector inspector) {
        this.inspector = inspector;
    }

    /**
     * @param labelledBy who the import's labels are attributed to in the label history
     * @return one entry per distinct image content, in scan order
     */
    public List<NewImage> validate(List<ScannedImage> scanned, ValidationSplitCarver carver, String labelledBy,
                                   ProgressListener progress) {
        List<NewImage> result = new ArrayList<>(scanned.size());
        Map<String, NewImage> byId = new HashMap<>();
        long processed = 0;
        for (ScannedImage image : scanned) {
            byte[] bytes = read(image.file(), image.relativePath());
            String imageId = Sha256.hex(bytes);
            ImageFacts facts = inspector.inspect(bytes, image.relativePath());
            String maskId = null;
            byte[] maskPng = null;
            if (image.mask() != null) {
                maskPng = inspector.normalizeMask(read(image.mask(), image.maskRelativePath()), image.maskRelativePath(),
                        facts.width(), facts.height());
                maskId = Sha256.hex(maskPng);
            }
            ImageSplit split = image.trainGood() ? carver.splitOfTrainImage(imageId) : image.split();
            NewImage validated = new NewImage(imageId, facts, () -> reread(image.file(), image.relativePath(), imageId),
                    split, image.label(), image.defectType(), image.relativePath(), maskId, maskPng, labelledBy);
            NewImage earlier = byId.putIfAbsent(imageId, validated);
            if (earlier == null) {
                result.add(validated);
            } else if (earlier.split() != split || earlier.label() != image.label()
                    || !earlier.defectType().equals(image.defectType())) {
                throw new InvalidInputException(image.relativePath() + ": same content as " + earlier.sourceName()
                        + " but a different split or label");
            }
            progress.onFile(++processed, scanned.size(), image.relativePath());
        }
        return result;
    }

    private static byte[] read(Path file, String displayName) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException(displayName + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static byte[] reread(Path file, String displayName, String expectedId) {
        byte[] bytes = read(file, displayName);
        if (!Sha256.hex(bytes).equals(expectedId)) {
            throw new InvalidInputException(displayName + ": file changed during the import");
        }
        return bytes;
    }
}
