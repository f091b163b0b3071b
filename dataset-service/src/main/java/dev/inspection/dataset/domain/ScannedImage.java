package dev.inspection.dataset.domain;

import java.nio.file.Path;

/**
 * One image found in an MVTec AD folder, with the split, label and mask its location implies.
 *
 * @param relativePath path inside the imported folder with '/' separators, e.g. "test/crack/000.png"
 * @param trainGood true for train/good images (the ones a validation fraction may carve out)
 * @param mask the mask file, or null when there is none
 * @param maskRelativePath the mask's relative path, or null
 */
public record ScannedImage(String relativePath, Path file, boolean trainGood, ImageSplit split, ImageLabel label,
                           String defectType, Path mask, String maskRelativePath) {
}
