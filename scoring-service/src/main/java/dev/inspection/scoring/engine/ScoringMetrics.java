package dev.inspection.scoring.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.TimeUnit;

/** Prometheus meters of scored images: stage times and verdicts (on /q/metrics). */
@ApplicationScoped
public class ScoringMetrics {

    private final Timer features;
    private final Timer head;
    private final Timer postprocess;
    private final Timer total;
    private final Counter anomalous;
    private final Counter normal;

    public ScoringMetrics(MeterRegistry registry) {
        features = stage(registry, "features");
        head = stage(registry, "head");
        postprocess = stage(registry, "postprocess");
        total = stage(registry, "total");
        anomalous = verdict(registry, "anomalous");
        normal = verdict(registry, "normal");
    }

    private static Timer stage(MeterRegistry registry, String stage) {
        return Timer.builder("inspection.scoring.stage").description("Server-side time per scoring stage")
                .tag("stage", stage).publishPercentileHistogram().register(registry);
    }

    private static Counter verdict(MeterRegistry registry, String verdict) {
        return Counter.builder("inspection.scoring.images").description("Images scored, by verdict")
                .tag("verdict", verdict).register(registry);
    }

    void record(ScoreResult result) {
        ScoreResult.StageTimes t = result.timings();
        features.record(t.featuresUs(), TimeUnit.MICROSECONDS);
        head.record(t.headUs(), TimeUnit.MICROSECONDS);
        postprocess.record(t.postprocessUs(), TimeUnit.MICROSECONDS);
        total.record(t.totalUs(), TimeUnit.MICROSECONDS);
        (result.anomalous() ? anomalous : normal).increment();
    }
}
