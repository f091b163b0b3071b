package dev.inspection.cli;

import dev.inspection.api.scoring.v1.ScoreOptions;
import dev.inspection.api.scoring.v1.ScoreResponse;
import dev.inspection.api.scoring.v1.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code inspect score}: one image or a folder through the scoring service; prints score, verdict and regions. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score one image or every image of a folder; prints score, verdict and regions, writes heatmap overlays.")
public final class ScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    GrpcTarget target = new GrpcTarget(GrpcTarget.SCORING_PORT);
    @Parameters(index = "0", description = "Model name.")
    String model;
    @Parameters(index = "1", description = "An image (PNG/JPEG/BMP) or a folder searched recursively.")
    Path path;
    @Option(names = "--version", defaultValue = "0", description = "Pinned version (default: the active one).")
    int version;
    @Option(names = "--out", description = "Folder for the heatmap overlays (<image path with / as __>_overlay.png).")
    Path out;
    @Option(names = "--sensitivity", description = "In (0, 1); 0.5 = the calibrated threshold, higher flags more.")
    Double sensitivity;
    @Option(names = "--clients", defaultValue = "4", description = "Concurrent requests for a folder (default: ${DEFAULT-VALUE}).")
    int clients;
    @Option(names = "--json", description = "Print one JSON response per line (without image bytes).")
    boolean json;

    @Override
    public Integer call() {
        List<ScoringOperations.NamedImage> images = load(path);
        ScoreOptions.Builder options = ScoreOptions.newBuilder().setRegions(true).setOverlayPng(out != null);
        if (sensitivity != null) {
            options.setSensitivity(sensitivity);
        }
        List<ScoreResponse> responses = target.call(channel -> new ScoringOperations(channel, target)
                .scoreAll(model, version, images, options.build(), clients, System.err).responses());
        PrintWriter stdout = spec.commandLine().getOut();
        int anomalous = 0;
        for (int i = 0; i < images.size(); i++) {
            ScoreResponse r = responses.get(i);
            if (r.getVerdict() == Verdict.ANOMALOUS) {
                anomalous++;
            }
            stdout.println(json ? CliOutput.json(r.toBuilder().clearOverlayPng()).replace('\n', ' ')
                    : CliOutput.score(images.get(i).name(), r));
            if (out != null) {
                writeOverlay(out, images.get(i).name(), r.getOverlayPng().toByteArray());
            }
        }
        if (!json) {
            stdout.printf(Locale.ROOT, "%d of %d images anomalous%s%n", anomalous, images.size(),
                    out == null ? "" : "; overlays in " + out);
        }
        stdout.flush();
        return ExitCodes.OK;
    }

    /** The image, or every PNG/JPEG/BMP under the folder, named by their path relative to it. */
    static List<ScoringOperations.NamedImage> load(Path path) {
        try {
            if (Files.isRegularFile(path)) {
                return List.of(new ScoringOperations.NamedImage(path.getFileName().toString(), Files.readAllBytes(path)));
            }
            if (!Files.isDirectory(path)) {
                throw new CliException(ExitCodes.MISSING, "no such image or folder: " + path);
            }
            List<ScoringOperations.NamedImage> images = new ArrayList<>();
            try (Stream<Path> files = Files.walk(path)) {
                for (Path p : files.filter(Files::isRegularFile).filter(ScoreCommand::isImage).sorted().toList()) {
                    images.add(new ScoringOperations.NamedImage(path.relativize(p).toString(), Files.readAllBytes(p)));
                }
            }
            if (images.isEmpty()) {
                throw new CliException(ExitCodes.MISSING, "no PNG/JPEG/BMP images under " + path);
            }
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".bmp");
    }

    /** "test/good/000.png" -> "test__good__000_overlay.png": one flat folder, no collisions between subfolders. */
    static String overlayName(String imageName) {
        String flat = imageName.replace('\\', '/').replace("/", "__");
        int dot = flat.lastIndexOf('.');
        return (dot > 0 ? flat.substring(0, dot) : flat) + "_overlay.png";
    }

    private static void writeOverlay(Path dir, String imageName, byte[] png) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(overlayName(imageName)), png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the overlay of " + imageName + " into " + dir, e);
        }
    }
}
