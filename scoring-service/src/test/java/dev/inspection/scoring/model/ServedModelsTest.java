package dev.inspection.scoring.model;

import dev.inspection.api.feature.v1.ExtractOptions;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.OutputKind;
import dev.inspection.api.model.v1.Calibration;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.core.postprocess.AnomalyMapPipeline;
import dev.inspection.core.postprocess.PostProcessingConfig;
import dev.inspection.scoring.engine.ScoringException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServedModelsTest {

    /** A runner that only records whether it was closed. */
    static final class FakeRunner implements ModelRunner {
        volatile boolean closed;

        @Override
        public void requestFeatures(ExtractOptions.Builder options) {
            options.setOutput(OutputKind.PATCH_EMBEDDINGS);
        }

        @Override
        public float[][] scoreGrids(ExtractResponse features) {
            return new float[][] {new float[4]};
        }

        @Override
        public AnomalyMapPipeline pipeline() {
            return new AnomalyMapPipeline(PostProcessingConfig.simpleNet(8), 2, 2);
        }

        @Override
        public void warmUp() {
        }

        @Override
        public void close() {
            if (closed) {
                throw new IllegalStateException("closed twice");
            }
            closed = true;
        }
    }

    /** Loads versions 1..n; "registry active" is {@link #registryActive}; listed versions fail. */
    static final class FakeLoader implements VersionLoader {
        final Map<Integer, ServedVersion> loaded = new ConcurrentHashMap<>();
        final List<ServedVersion> all = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Integer> failing = new ArrayList<>();
        final AtomicInteger loads = new AtomicInteger();
        volatile int registryActive = 1;

        @Override
        public ServedVersion load(String modelName, int version) {
            loads.incrementAndGet();
            int resolved = version == 0 ? registryActive : version;
            if (failing.contains(resolved)) {
                throw ScoringException.failedPrecondition("version " + resolved + " cannot be served: broken head");
            }
            if (resolved > 10) {
                throw ScoringException.notFound("model '" + modelName + "' has no version " + resolved);
            }
            ServedVersion v = new ServedVersion(manifest(modelName, resolved), new FakeRunner());
            loaded.put(resolved, v);
            all.add(v);
            return v;
        }
    }

    static ModelManifest manifest(String model, int version) {
        return ModelManifest.newBuilder().setModelName(model).setVersion(version)
                .setCalibration(Calibration.newBuilder().setImageThreshold(1).setImageScale(1)
                        .setPixelThreshold(1).setPixelScale(1)).build();
    }

    private static FakeRunner runner(ServedVersion v) {
        return (FakeRunner) v.runner();
    }

    private final FakeLoader loader = new FakeLoader();
    private final ServedModels models = new ServedModels(loader);

    @Test
    void activationSwapsAndKeepsEarlierVersionsPinnable() {
        models.activate("m", 1);
        ServedModels.ModelState state = models.activate("m", 2);
        assertEquals(2, state.active().version());
        assertEquals(List.of(1, 2), state.loadedVersions());
        try (VersionLease pinned = models.acquire("m", 1); VersionLease active = models.acquire("m", 0)) {
            assertEquals(1, pinned.version().version());
            assertEquals(2, active.version().version());
        }
        // Re-activating a loaded version does not load it again.
        models.activate("m", 1);
        assertEquals(2, loader.loads.get());
        assertEquals(1, models.state("m").active().version());
    }

    @Test
    void versionZeroResolvesToTheRegistryActiveVersionAndReusesALoadedOne() {
        loader.registryActive = 3;
        assertEquals(3, models.activate("m", 0).active().version());
        ServedVersion first = models.state("m").active();
        assertEquals(3, models.activate("m", 0).active().version());
        assertSame(first, models.state("m").active());
        // The duplicate loaded for version 0 was released at once.
        ServedVersion duplicate = loader.loaded.get(3);
        assertTrue(duplicate == first || duplicate.isClosed());
    }

    @Test
    void aFailedLoadLeavesTheOldVersionActive() {
        models.activate("m", 1);
        loader.failing.add(2);
        ScoringException e = assertThrows(ScoringException.class, () -> models.activate("m", 2));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.code());
        assertTrue(e.getMessage().contains("broken head"));
        assertEquals(1, models.state("m").active().version());
        assertEquals(List.of(1), models.state("m").loadedVersions());
        assertEquals(Status.Code.NOT_FOUND, assertThrows(ScoringException.class, () -> models.activate("m", 42)).code());
        assertEquals(1, models.state("m").active().version());
    }

    @Test
    void aFailedFirstLoadLeavesNoModelBehind() {
        loader.failing.add(1);
        assertThrows(ScoringException.class, () -> models.activate("m", 1));
        assertNull(models.state("m"));
        assertEquals(Status.Code.NOT_FOUND, assertThrows(ScoringException.class, () -> models.acquire("m", 0)).code());
    }

    @Test
    void inFlightRequestsKeepTheirVersionOpenUntilTheyFinish() {
        models.activate("m", 1);
        ServedVersion v1 = models.state("m").active();
        VersionLease running = models.acquire("m", 0);
        models.activate("m", 2);
        models.unload("m", 1);
        assertFalse(runner(v1).closed, "a request still runs on version 1");
        assertSame(v1, running.version());
        running.close();
        assertTrue(runner(v1).closed);
        assertTrue(v1.isClosed());
        running.close(); // closing twice releases once
        assertEquals(Status.Code.NOT_FOUND, assertThrows(ScoringException.class, () -> models.acquire("m", 1)).code());
    }

    @Test
    void sharedLeasesKeepAVersionOpenAfterTheFirstLeaseEnds() {
        models.activate("m", 1);
        VersionLease batch = models.acquire("m", 1);
        VersionLease image = batch.share();
        models.activate("m", 2);
        models.unload("m", 1);
        batch.close();
        assertFalse(image.version().isClosed(), "an image of the batch is still running");
        image.close();
        assertTrue(image.version().isClosed());
        assertEquals(Status.Code.FAILED_PRECONDITION, assertThrows(ScoringException.class, image::share).code());
    }

    @Test
    void unloadRefusesTheActiveVersionAndUnknownOnes() {
        models.activate("m", 1);
        assertEquals(Status.Code.FAILED_PRECONDITION,
                assertThrows(ScoringException.class, () -> models.unload("m", 1)).code());
        assertEquals(Status.Code.NOT_FOUND, assertThrows(ScoringException.class, () -> models.unload("m", 9)).code());
        assertEquals(Status.Code.NOT_FOUND, assertThrows(ScoringException.class, () -> models.unload("x", 1)).code());
    }

    @Test
    void acquireNamesWhatIsMissing() {
        ScoringException unknown = assertThrows(ScoringException.class, () -> models.acquire("nope", 0));
        assertEquals(Status.Code.NOT_FOUND, unknown.code());
        assertTrue(unknown.getMessage().contains("nope"));
        assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(ScoringException.class, () -> models.acquire("", 0)).code());
        models.activate("m", 1);
        ScoringException pinned = assertThrows(ScoringException.class, () -> models.acquire("m", 5));
        assertEquals(Status.Code.NOT_FOUND, pinned.code());
        assertTrue(pinned.getMessage().contains("[1]"));
    }

    @Test
    void swapsUnderConcurrentLeasesNeverHandOutAClosedVersion() throws Exception {
        models.activate("m", 1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(3);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                workers.add(pool.submit(() -> {
                    int n = 0;
                    running.countDown();
                    while (stop.getCount() > 0 || n == 0) {
                        try (VersionLease lease = models.acquire("m", 0)) {
                            if (runner(lease.version()).closed) {
                                throw new AssertionError("leased a closed version");
                            }
                            n++;
                        }
                    }
                    return n;
                }));
            }
            assertTrue(running.await(30, TimeUnit.SECONDS));
            for (int i = 0; i < 200; i++) {
                int next = 2 + i % 8;
                int previous = models.state("m").active().version();
                models.activate("m", next);
                if (previous != next) {
                    models.unload("m", previous);
                }
            }
            stop.countDown();
            for (Future<Integer> w : workers) {
                assertTrue(w.get(30, TimeUnit.SECONDS) > 0);
            }
        } finally {
            stop.countDown();
            pool.shutdownNow();
        }
        models.close();
        assertTrue(loader.all.size() > 200);
        loader.all.forEach(v -> assertTrue(v.isClosed(), "every version closes in the end"));
    }
}
