package dev.inspection.cli;

import dev.inspection.api.dataset.v1.DatasetStatistics;
import dev.inspection.api.dataset.v1.GroupCount;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.model.v1.DefectTypeMetrics;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.api.scoring.v1.DefectRegion;
import dev.inspection.api.scoring.v1.ScoreResponse;
import dev.inspection.api.scoring.v1.Verdict;
import dev.inspection.api.training.v1.JobEvent;
import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.api.training.v1.JobState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliOutputTest {

    @Test
    void metricsTableHasOverallThenDefectTypesSortedAndDashesForUnmeasured() {
        Metrics m = Metrics.newBuilder().setImages(83).setImageAuroc(0.99765).setPixelAuroc(Double.NaN).setPro(0.9)
                .putPerDefectType("contamination", DefectTypeMetrics.newBuilder().setImages(21).setImageAuroc(1).build())
                .putPerDefectType("broken_large", DefectTypeMetrics.newBuilder().setImages(20).setImageAuroc(0.5).build())
                .build();
        String[] lines = CliOutput.metrics(m).split("\n");
        assertTrue(lines[1].matches("all\\s+83\\s+0\\.9977\\s+-\\s+0\\.9000"), lines[1]);
        assertTrue(lines[2].startsWith("broken_large "), lines[2]);
        assertTrue(lines[3].startsWith("contamination "), lines[3]);
    }

    @Test
    void scoreLineShowsVerdictAndRegions() {
        ScoreResponse r = ScoreResponse.newBuilder().setScore(0.8125).setRawScore(1.5).setThreshold(1.2)
                .setVerdict(Verdict.ANOMALOUS).addRegions(DefectRegion.newBuilder().setX(10).setY(20).setWidth(5)
                        .setHeight(6).setArea(25).setPeakScore(0.95f)).build();
        String text = CliOutput.score("test/broken_large/000.png", r);
        assertTrue(text.startsWith("test/broken_large/000.png"), text);
        assertTrue(text.contains("score 0.8125 (raw 1.50000, threshold 1.20000) ANOMALOUS"), text);
        assertTrue(text.endsWith("region x=10 y=20 w=5 h=6 area=25 peak=0.950"), text);
    }

    @Test
    void jsonIncludesZeroFields() {
        String json = CliOutput.json(Metrics.newBuilder().setImages(3).build());
        assertTrue(json.contains("\"imageAuroc\": 0.0"), json);
        assertTrue(json.contains("\"images\": 3"), json);
    }

    @Test
    void overlayNamesFlattenSubfolders() {
        assertEquals("test__good__000_overlay.png", ScoreCommand.overlayName("test/good/000.png"));
        assertEquals("a_overlay.png", ScoreCommand.overlayName("a.bmp"));
        assertTrue(ScoreCommand.isImage(Path.of("X.JPG")));
    }

    @Test
    void missingImagePathIsReportedAsMissing() {
        CliException e = assertThrows(CliException.class, () -> ScoreCommand.load(Path.of("/nonexistent/x")));
        assertEquals(ExitCodes.MISSING, e.exitCode());
    }

    @Test
    void progressTextForJobEvents() {
        assertEquals("training step 40/1000 loss 0.1235", TrainingOperations.describe(JobEvent.newBuilder()
                .setState(JobState.RUNNING).setPhase(JobPhase.TRAINING).setStep(40).setSteps(1000).setLoss(0.12345).build()));
        assertEquals("features: extracting features 8/17", TrainingOperations.describe(JobEvent.newBuilder()
                .setState(JobState.RUNNING).setPhase(JobPhase.FEATURES).setMessage("extracting features 8/17").build()));
        assertEquals("queued", TrainingOperations.describe(JobEvent.newBuilder().setState(JobState.QUEUED).build()));
        assertEquals("3m05s", ProgressBar.formatSeconds(185));
        assertEquals("1h02m", ProgressBar.formatSeconds(3725));
    }

    @Test
    void phaseClockSumsTheTimeBetweenPhaseChanges() {
        TrainingOperations.PhaseClock clock = new TrainingOperations.PhaseClock();
        clock.observe(JobPhase.SNAPSHOT, 0);
        clock.observe(JobPhase.FEATURES, 1_000_000_000L);
        clock.observe(JobPhase.FEATURES, 2_000_000_000L);
        clock.observe(JobPhase.TRAINING, 4_000_000_000L);
        clock.observe(JobPhase.JOB_PHASE_UNSPECIFIED, 9_000_000_000L);
        assertEquals(Map.of(JobPhase.SNAPSHOT, 1.0, JobPhase.FEATURES, 3.0, JobPhase.TRAINING, 5.0), clock.secondsPerPhase());
    }

    @Test
    void grpcFailuresMapToStableExitCodesAndOneLine() {
        io.grpc.StatusRuntimeException down = io.grpc.Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();
        assertEquals(ExitCodes.UNAVAILABLE, ExitCodes.of(down));
        assertTrue(ExitCodes.describe(down).startsWith("UNAVAILABLE: io exception (is the service running at the --target"));
        io.grpc.StatusRuntimeException unknown = io.grpc.Status.NOT_FOUND.withDescription("no model x").asRuntimeException();
        assertEquals(ExitCodes.REJECTED, ExitCodes.of(unknown));
        assertEquals("NOT_FOUND: no model x", ExitCodes.describe(unknown));
        assertEquals(ExitCodes.FAILED, TrainingCommand.exitCodeOf(dev.inspection.api.training.v1.TrainingJob.newBuilder()
                .setState(JobState.CANCELLED).build()));
    }

    @Test
    void bgadNeedsMaskedAnomalies() {
        DatasetStatistics noMasks = DatasetStatistics.newBuilder().addGroups(GroupCount.newBuilder()
                .setLabel(Label.ANOMALOUS).setDefectType("crack").setImages(5)).build();
        CliException e = assertThrows(CliException.class, () -> MainJob.requireMaskedAnomalies(noMasks, Path.of("/d")));
        assertEquals(ExitCodes.MISSING, e.exitCode());
        MainJob.requireMaskedAnomalies(noMasks.toBuilder().setGroups(0, noMasks.getGroups(0).toBuilder().setMasks(5)).build(),
                Path.of("/d"));
    }
}
