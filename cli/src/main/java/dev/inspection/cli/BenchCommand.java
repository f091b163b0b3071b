package dev.inspection.cli;

import dev.inspection.api.common.v1.DType;
import dev.inspection.cli.bench.FeatureBenchmark;
import dev.inspection.cli.bench.OrtTrunkAnchor;
import dev.inspection.cli.bench.ProcessStats;
import dev.inspection.cli.bench.ScoringBenchmark;
import dev.inspection.cli.bench.StageCpuProfile;
import io.grpc.ManagedChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code inspect bench ...}: speed benchmarks that print figures (not tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Speed benchmarks against running services.",
        subcommands = {BenchCommand.Features.class, BenchCommand.Scoring.class})
public final class BenchCommand {

    @Command(name = "features", mixinStandardHelpOptions = true,
            description = "Feature service over gRPC vs the bare ONNX Runtime trunk anchor, in the same run.")
    static final class Features implements Callable<Integer> {
        @Mixin
        GrpcTarget target = new GrpcTarget();
        @Option(names = "--images", required = true, description = "Folder of PNG/JPEG images (searched recursively).")
        Path imagesDir;
        @Option(names = "--anchor-model", required = true, description = "The bare trunk ONNX file for the anchor.")
        Path anchorModel;
        @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime threads of the anchor (default: ${DEFAULT-VALUE}).")
        int threads;
        @Option(names = "--seconds", defaultValue = "20", description = "Seconds per scenario (default: ${DEFAULT-VALUE}).")
        double seconds;
        @Option(names = "--service-pid", description = "PID of the feature service, to print its RSS.")
        Long servicePid;
        @Option(names = "--dtype", defaultValue = "FLOAT32", description = "FLOAT32 or FLOAT16 embeddings (default: ${DEFAULT-VALUE}).")
        DType dtype;

        @Override
        public Integer call() throws Exception {
            List<byte[]> images = load(imagesDir);
            System.out.printf(Locale.ROOT, "feature-service benchmark: %d images from %s, %s output, %.0f s per scenario, target %s%n",
                    images.size(), imagesDir, dtype, seconds, target);
            double anchor1 = OrtTrunkAnchor.imagesPerSecond(anchorModel, threads, 1, 288, seconds);
            double anchor8 = OrtTrunkAnchor.imagesPerSecond(anchorModel, threads, 8, 288, seconds);
            double anchor = Math.max(anchor1, anchor8);
            System.out.printf(Locale.ROOT, "anchor: bare ONNX Runtime trunk, %d threads, 288x288: batch 1 %.2f img/s, batch 8 %.2f img/s%n",
                    threads, anchor1, anchor8);
            StageCpuProfile.print(System.out, StageCpuProfile.measure(images, anchorModel, threads, 8, 4, dtype));
            ManagedChannel channel = target.open();
            try {
                FeatureBenchmark bench = new FeatureBenchmark(channel, images, dtype, servicePid);
                bench.concurrentUnary("warm-up", 2, Math.min(5, seconds));
                List<FeatureBenchmark.Figures> all = new ArrayList<>();
                all.add(bench.concurrentUnary("1 client, unary", 1, seconds));
                all.add(bench.batches("1 client, ExtractBatch of 8", 8, seconds));
                all.add(bench.concurrentUnary("4 concurrent clients, unary", 4, seconds));
                for (FeatureBenchmark.Figures f : all) {
                    FeatureBenchmark.print(System.out, f, anchor);
                }
                if (servicePid != null) {
                    System.out.printf(Locale.ROOT, "feature-service RSS: %.0f MiB now, %.0f MiB peak%n",
                            ProcessStats.rssMiB(servicePid), ProcessStats.peakRssMiB(servicePid));
                }
                boolean failed = all.stream().anyMatch(f -> f.failures() > 0);
                return failed ? ExitCodes.FAILED : ExitCodes.OK;
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Command(name = "scoring", mixinStandardHelpOptions = true,
            description = "Scoring service over gRPC: images/s and p50/p99 latency at 1 client and at --clients clients.")
    static final class Scoring implements Callable<Integer> {
        @Mixin
        GrpcTarget target = new GrpcTarget(GrpcTarget.SCORING_PORT);
        @Parameters(index = "0", description = "Model name (its active version is scored unless --version).")
        String model;
        @Option(names = "--version", defaultValue = "0", description = "Pinned version (default: the active one).")
        int version;
        @Option(names = "--images", required = true, description = "Folder of PNG/JPEG/BMP images (searched recursively).")
        Path imagesDir;
        @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients of the second scenario (default: ${DEFAULT-VALUE}).")
        int clients;
        @Option(names = "--seconds", defaultValue = "20", description = "Seconds per scenario (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(imagesDir)) {
                throw new CliException(ExitCodes.MISSING, "no image folder at " + imagesDir);
            }
            List<ScoringOperations.NamedImage> images = ScoreCommand.load(imagesDir);
            System.out.printf(Locale.ROOT, "scoring benchmark: %s v%s, %d images from %s, %.0f s per scenario, target %s%n",
                    model, version == 0 ? "active" : Integer.toString(version), images.size(), imagesDir, seconds, target);
            ManagedChannel channel = target.open();
            try {
                ScoringBenchmark bench = new ScoringBenchmark(new ScoringOperations(channel, target), model, version, images);
                bench.run(1, Math.min(5, seconds));
                List<ScoringBenchmark.Figures> all = List.of(bench.run(1, seconds), bench.run(clients, seconds));
                all.forEach(f -> ScoringBenchmark.print(System.out, f));
                return all.stream().anyMatch(f -> f.failures() > 0) ? ExitCodes.FAILED : ExitCodes.OK;
            } finally {
                channel.shutdownNow();
            }
        }
    }

    static List<byte[]> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CliException(ExitCodes.MISSING, "no image folder at " + dir);
        }
        return ScoreCommand.load(dir).stream().map(ScoringOperations.NamedImage::encoded).toList();
    }
}
