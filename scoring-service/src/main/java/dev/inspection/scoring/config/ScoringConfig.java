package dev.inspection.scoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** Settings of the scoring service ({@code inspection.scoring.*}); defaults suit a 2-core CPU host. */
@ConfigMapping(prefix = "inspection.scoring")
public interface ScoringConfig {

    /** Feature service address, {@code host:port}. */
    @WithDefault("localhost:8082")
    String featureService();

    /** Model registry (training service) address, {@code host:port}. */
    @WithDefault("localhost:8083")
    String registry();

    /** Longest one feature-service call may take, in milliseconds (shortened by the caller's deadline). */
    @WithDefault("30000")
    long featureDeadlineMs();

    /** Extra attempts after an UNAVAILABLE answer from the feature service (0 = no retry). */
    @WithDefault("2")
    int featureRetries();

    /** Pause before the first retry in milliseconds; doubled for each further one. */
    @WithDefault("50")
    long retryBackoffMs();

    /** Longest one registry call (GetVersion, a whole artifact download) may take, in milliseconds. */
    @WithDefault("120000")
    long registryDeadlineMs();

    /** Extra attempts after an UNAVAILABLE answer from the registry. */
    @WithDefault("2")
    int registryRetries();

    /** Folder for downloaded artifacts, laid out as {@code model/version/sha256/file}. */
    @WithDefault("${user.home}/.cache/inspection/scoring")
    String cacheDir();

    /** Scoring requests (images) in flight at once; more get RESOURCE_EXHAUSTED. */
    @WithDefault("32")
    int maxInFlight();

    /** Most images in one ScoreBatch call. */
    @WithDefault("32")
    int maxBatchSize();

    /** Requests of one ScoreStream processed at the same time (pipelining window). */
    @WithDefault("4")
    int streamWindow();

    /** Largest image accepted, in pixels (checked from the header, before anything else). */
    @WithDefault("40000000")
    long maxPixels();

    /**
     * ONNX Runtime intra-op threads of each head session. One: concurrent requests already keep the
     * cores busy, and a second thread per head only fights the feature service's backbone for them.
     */
    @WithDefault("1")
    int headThreads();

    /** Models whose registry-active version is loaded at start-up. */
    Optional<List<String>> autoLoadModels();
}
