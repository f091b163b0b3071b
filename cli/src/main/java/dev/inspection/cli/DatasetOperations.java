package dev.inspection.cli;

import dev.inspection.api.dataset.v1.DatasetServiceGrpc;
import dev.inspection.api.dataset.v1.DatasetStatistics;
import dev.inspection.api.dataset.v1.GetStatisticsRequest;
import dev.inspection.api.dataset.v1.GroupCount;
import dev.inspection.api.dataset.v1.ImportFolderRequest;
import dev.inspection.api.dataset.v1.ImportProgress;
import dev.inspection.api.dataset.v1.ImportSummary;
import dev.inspection.api.dataset.v1.ImageFilter;
import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.dataset.v1.Split;
import dev.inspection.api.dataset.v1.StreamSnapshotImagesRequest;
import io.grpc.ManagedChannel;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Dataset tasks shared by the {@code datasets} commands and the main job. */
public final class DatasetOperations {

    private final ManagedChannel channel;
    private final GrpcTarget target;

    public DatasetOperations(ManagedChannel channel, GrpcTarget target) {
        this.channel = channel;
        this.target = target;
    }

    private DatasetServiceGrpc.DatasetServiceBlockingStub stub() {
        return DatasetServiceGrpc.newBlockingStub(channel).withDeadlineAfter(target.deadlineSeconds(), target.deadlineUnit());
    }

    /** Imports an MVTec-layout folder, showing progress, and returns the final summary. */
    public ImportSummary importFolder(Path folder, String datasetName, double validationFraction, PrintStream progressOut) {
        Iterator<ImportProgress> events = stub().importFolder(ImportFolderRequest.newBuilder()
                .setDatasetName(datasetName)
                .setPath(folder.toAbsolutePath().normalize().toString())
                .setCreateIfMissing(true)
                .setValidationFraction(validationFraction)
                .build());
        ProgressBar bar = new ProgressBar(progressOut, "import " + datasetName + " (checking)");
        ImportSummary summary = null;
        long previous = 0;
        while (events.hasNext()) {
            ImportProgress event = events.next();
            // The service checks every file first, then writes: the count restarting marks the write phase.
            if (event.getProcessed() < previous && !event.getDone()) {
                bar.finish();
                bar = new ProgressBar(progressOut, "import " + datasetName + " (writing)");
            }
            previous = event.getProcessed();
            bar.update(event.getProcessed(), event.getTotal(), event.getCurrentFile());
            if (event.getDone()) {
                summary = event.getSummary();
            }
        }
        bar.finish();
        if (summary == null) {
            throw new CliException(ExitCodes.FAILED, "the import of " + folder + " ended without a summary");
        }
        return summary;
    }

    /** The TEST split of a snapshot with image bytes and masks, in the server's order. */
    public List<ImageRecord> testImages(String snapshotId) {
        List<ImageRecord> images = new ArrayList<>();
        stub().streamSnapshotImages(StreamSnapshotImagesRequest.newBuilder().setSnapshotId(snapshotId)
                .setFilter(ImageFilter.newBuilder().setSplit(Split.TEST)).setIncludeBytes(true).setIncludeMasks(true)
                .build()).forEachRemaining(images::add);
        return images;
    }

    public DatasetStatistics statistics(String datasetId) {
        return stub().getStatistics(GetStatisticsRequest.newBuilder().setDatasetId(datasetId).build());
    }

    /** Prints counts per split, label and defect type as a table. */
    public static void printStatistics(PrintStream out, String title, DatasetStatistics stats) {
        out.println(title);
        out.printf("  %-10s %-10s %-16s %8s %8s%n", "split", "label", "defect type", "images", "masks");
        for (GroupCount g : stats.getGroupsList()) {
            out.printf("  %-10s %-10s %-16s %8d %8d%n", g.getSplit(), g.getLabel(), g.getDefectType(), g.getImages(), g.getMasks());
        }
        out.printf("  %-10s %-10s %-16s %8d %8d%n", "all", "", "", stats.getImages(), stats.getMasks());
    }
}
