package dev.inspection.dataset.domain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lists the images of a folder in MVTec AD layout without reading them:
 * {@code train/good/*} (TRAIN, NORMAL), {@code test/good/*} (TEST, NORMAL),
 * {@code test/<defect>/*} (TEST, ANOMALOUS) and {@code ground_truth/<defect>/<stem>_mask.png}
 * (the mask of {@code test/<defect>/<stem>.*}). Anything else inside those folders (other
 * sub-folders, non-image files, masks without an image) is rejected by name; hidden files are
 * skipped. Files outside train/, test/ and ground_truth/ (licence, readme) are ignored.
 */
public final class MvtecFolderScanner {
    private static final String MASK_SUFFIX = "_mask.png";

    private final ImportPathGuard guard;
    private final int maxFiles;

    public MvtecFolderScanner(ImportPathGuard guard, int maxFiles) {
        this.guard = guard;
        this.maxFiles = maxFiles;
    }

    /** Scans {@code folder} (already resolved by the guard); the result is sorted by relative path. */
    public List<ScannedImage> scan(Path folder) {
        Path train = folder.resolve("train");
        Path test = folder.resolve("test");
        Path groundTruth = folder.resolve("ground_truth");
        if (!Files.isDirectory(train.resolve(LabelRules.GOOD)) && !Files.isDirectory(test)) {
            throw new NotFoundException("'" + folder.getFileName()
                    + "' is not in MVTec AD layout: neither train/good nor test/ exists");
        }
        int[] fileCount = {0};
        List<ScannedImage> images = new ArrayList<>();
        if (Files.isDirectory(train)) {
            for (Path sub : subfolders(train, "train")) {
                String name = sub.getFileName().toString();
                if (!LabelRules.GOOD.equals(name)) {
                    throw new InvalidInputException("train/" + name + ": train/ may only contain good/");
                }
                for (Path file : imageFiles(sub, "train/good", fileCount)) {
                    images.add(new ScannedImage("train/good/" + file.getFileName(), file, true, ImageSplit.TRAIN,
                            ImageLabel.NORMAL, LabelRules.GOOD, null, null));
                }
            }
        }
        Map<String, Map<String, Path>> masksByDefect = scanMasks(groundTruth, fileCount);
        if (Files.isDirectory(test)) {
            for (Path sub : subfolders(test, "test")) {
                String defect = sub.getFileName().toString();
                boolean good = LabelRules.GOOD.equals(defect);
                ImageLabel label = good ? ImageLabel.NORMAL : ImageLabel.ANOMALOUS;
                String defectType = LabelRules.defectTypeFor(label, defect, "folder test/" + defect);
                String prefix = "test/" + defect;
                Map<String, Path> masks = masksByDefect.computeIfAbsent(defect, d -> new TreeMap<>());
                Map<String, String> stems = new HashMap<>();
                for (Path file : imageFiles(sub, prefix, fileCount)) {
                    String fileName = file.getFileName().toString();
                    String stem = stem(fileName);
                    String previous = stems.put(stem, fileName);
                    if (previous != null) {
                        throw new InvalidInputException(prefix + "/" + fileName + ": same stem as " + prefix + "/"
                                + previous + ", so their masks would be ambiguous");
                    }
                    Path mask = masks.remove(stem);
                    images.add(new ScannedImage(prefix + "/" + fileName, file, false, ImageSplit.TEST, label,
                            defectType, mask, mask == null ? null : "ground_truth/" + defect + "/" + stem + MASK_SUFFIX));
                }
            }
        }
        for (Map.Entry<String, Map<String, Path>> defect : masksByDefect.entrySet()) {
            for (String stem : defect.getValue().keySet()) {
                throw new InvalidInputException("ground_truth/" + defect.getKey() + "/" + stem + MASK_SUFFIX
                        + ": mask without an image test/" + defect.getKey() + "/" + stem + ".*");
            }
        }
        images.sort(Comparator.comparing(ScannedImage::relativePath));
        return images;
    }

    /** Masks by defect type and image stem. */
    private Map<String, Map<String, Path>> scanMasks(Path groundTruth, int[] fileCount) {
        Map<String, Map<String, Path>> masks = new TreeMap<>();
        if (!Files.isDirectory(groundTruth)) {
            return masks;
        }
        for (Path sub : subfolders(groundTruth, "ground_truth")) {
            String defect = sub.getFileName().toString();
            String prefix = "ground_truth/" + defect;
            if (LabelRules.GOOD.equals(defect)) {
                throw new InvalidInputException(prefix + ": good images have no masks");
            }
            Map<String, Path> byStem = new TreeMap<>();
            for (Path file : imageFiles(sub, prefix, fileCount)) {
                String fileName = file.getFileName().toString();
                if (!fileName.endsWith(MASK_SUFFIX)) {
                    throw new InvalidInputException(prefix + "/" + fileName + ": mask files must be named <stem>" + MASK_SUFFIX);
                }
                byStem.put(fileName.substring(0, fileName.length() - MASK_SUFFIX.length()), file);
            }
            masks.put(defect, byStem);
        }
        return masks;
    }

    private List<Path> subfolders(Path dir, String displayName) {
        List<Path> result = new ArrayList<>();
        for (Path entry : list(dir, displayName)) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            if (!Files.isDirectory(entry)) {
                throw new InvalidInputException(displayName + "/" + name + ": expected only folders in " + displayName + "/");
            }
            guard.requireInside(entry, displayName + "/" + name);
            result.add(entry);
        }
        return result;
    }

    private List<Path> imageFiles(Path dir, String displayName, int[] fileCount) {
        List<Path> result = new ArrayList<>();
        for (Path entry : list(dir, displayName)) {
            String name = entry.getFileName().toString();
            String display = displayName + "/" + name;
            if (name.startsWith(".")) {
                continue;
            }
            if (!Files.isRegularFile(entry)) {
                throw new InvalidInputException(display + ": expected only image files in " + displayName + "/");
            }
            if (!hasImageExtension(name)) {
                throw new InvalidInputException(display + ": not an image file (.png, .jpg, .jpeg or .bmp)");
            }
            guard.requireInside(entry, display);
            if (++fileCount[0] > maxFiles) {
                throw new LimitExceededException("the folder holds more than " + maxFiles + " files, the import limit");
            }
            result.add(entry);
        }
        return result;
    }

    private static List<Path> list(Path dir, String displayName) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + displayName, e);
        }
        entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return entries;
    }

    private static boolean hasImageExtension(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".bmp");
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
