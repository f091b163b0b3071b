package dev.inspection.scoring.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.inspection.api.feature.v1.BackboneInfo;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.model.v1.ModelArtifact;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.model.v1.ModelVersion;
import dev.inspection.scoring.client.FeatureClient;
import dev.inspection.scoring.client.RegistryClient;
import dev.inspection.scoring.config.ScoringConfig;
import dev.inspection.scoring.engine.ScoringException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a version from the model registry: manifest (GetVersion), artifacts into the local cache
 * (DownloadArtifact, SHA-256 verified), backbone check against the feature service, then the
 * method's runner and one warm-up inference.
 */
@ApplicationScoped
public class RegistryVersionLoader implements VersionLoader {

    private static final Logger LOG = Logger.getLogger(RegistryVersionLoader.class);

    private final RegistryClient registry;
    private final FeatureClient features;
    private final ArtifactCache cache;
    private final int headThreads;

    public RegistryVersionLoader(RegistryClient registry, FeatureClient features, ScoringConfig config) {
        this.registry = registry;
        this.features = features;
        this.cache = new ArtifactCache(Path.of(config.cacheDir()), registry);
        this.headThreads = config.headThreads();
    }

    @Override
    public ServedVersion load(String modelName, int version) {
        ModelManifest manifest = manifest(modelName, version);
        String what = "version " + manifest.getVersion() + " of model '" + modelName + "'";
        try {
            manifest = withEffectivePreprocessing(manifest, checkBackbone(manifest, what));
            ModelRunner runner = createRunner(manifest);
            try {
                runner.warmUp();
                ServedVersion served = new ServedVersion(manifest, runner);
                LOG.infof("loaded %s (%s)", what, manifest.getMethod());
                return served;
            } catch (RuntimeException e) {
                runner.close();
                throw e;
            }
        } catch (ScoringException e) {
            throw e;
        } catch (StatusRuntimeException e) {
            throw new ScoringException(e.getStatus().getCode(), what + " cannot be loaded: "
                    + e.getStatus().getDescription(), e);
        } catch (OrtException | RuntimeException e) {
            throw new ScoringException(Status.Code.FAILED_PRECONDITION, what + " cannot be served: " + e.getMessage(), e);
        }
    }

    private ModelManifest manifest(String modelName, int version) {
        ModelVersion found;
        try {
            found = registry.getVersion(modelName, version);
        } catch (StatusRuntimeException e) {
            String which = version == 0 ? "the active version" : "version " + version;
            throw new ScoringException(e.getStatus().getCode(), "registry cannot give " + which + " of model '"
                    + modelName + "': " + e.getStatus().getDescription(), e);
        }
        if (found.getVersion() <= 0 || (version != 0 && found.getVersion() != version)) {
            throw ScoringException.failedPrecondition("registry answered version " + found.getVersion()
                    + " for version " + version + " of model '" + modelName + "'");
        }
        // The registry's version record is authoritative for name and number.
        return found.getManifest().toBuilder().setModelName(modelName).setVersion(found.getVersion()).build();
    }

    /** A model trained on another backbone would produce meaningless scores: refuse it. */
    private BackboneInfo checkBackbone(ModelManifest manifest, String what) {
        String wantedId = manifest.getBackbone().getId();
        String wantedSha = manifest.getBackbone().getSha256();
        List<BackboneInfo> loaded = features.listBackbones(null);
        BackboneInfo match = null;
        for (BackboneInfo info : loaded) {
            if (wantedId.isEmpty() || info.getId().equals(wantedId)) {
                match = info;
                break;
            }
        }
        if (match == null) {
            throw ScoringException.failedPrecondition(what + " needs backbone '" + wantedId
                    + "' but the feature service has " + loaded.stream().map(BackboneInfo::getId).toList());
        }
        if (wantedSha.isEmpty() || !wantedSha.equalsIgnoreCase(match.getSha256())) {
            throw ScoringException.failedPrecondition(what + " was trained on backbone sha256 '" + wantedSha
                    + "' but the feature service's backbone '" + match.getId() + "' has sha256 " + match.getSha256());
        }
        return match;
    }

    /**
     * The manifest with every preprocessing field filled in (the model's overrides over the backbone's
     * defaults), so requests to the feature service and the local overlay use the same geometry.
     */
    static ModelManifest withEffectivePreprocessing(ModelManifest manifest, BackboneInfo backbone) {
        Preprocessing defaults = backbone.getPreprocessing();
        Preprocessing own = manifest.getPreprocessing();
        Preprocessing.Builder merged = own.toBuilder();
        if (own.getMode() == ResizeMode.RESIZE_MODE_UNSPECIFIED) {
            merged.setMode(defaults.getMode() == ResizeMode.RESIZE_MODE_UNSPECIFIED
                    ? ResizeMode.RESIZE_CENTER_CROP : defaults.getMode());
        }
        if (own.getResizeSize() == 0) {
            merged.setResizeSize(defaults.getResizeSize());
        }
        if (own.getCropSize() == 0) {
            merged.setCropSize(defaults.getCropSize());
        }
        if (own.getMeanCount() == 0) {
            merged.addAllMean(defaults.getMeanList());
        }
        if (own.getStdCount() == 0) {
            merged.addAllStd(defaults.getStdList());
        }
        if (merged.getMode() == ResizeMode.RESIZE_WHOLE) {
            merged.setResizeSize(merged.getCropSize());
        }
        return manifest.toBuilder().setPreprocessing(merged).build();
    }

    private ModelRunner createRunner(ModelManifest manifest) throws OrtException {
        if (manifest.getMethod() == Method.SIMPLENET) {
            Path head = cache.fetch(manifest.getModelName(), manifest.getVersion(), artifact(manifest, "head"));
            return new SimpleNetRunner(OrtEnvironment.getEnvironment(), head, manifest, headThreads);
        }
        if (manifest.getMethod() == Method.BGAD) {
            List<Path> flows = new ArrayList<>();
            for (String layer : manifest.getBackbone().getLayersList()) {
                flows.add(cache.fetch(manifest.getModelName(), manifest.getVersion(), artifact(manifest, "flow." + layer)));
            }
            return new BgadRunner(OrtEnvironment.getEnvironment(), flows, manifest, headThreads);
        }
        throw ScoringException.failedPrecondition("method " + manifest.getMethod()
                + " is not served by this scoring service version (SIMPLENET and BGAD only)");
    }

    private static ModelArtifact artifact(ModelManifest manifest, String role) {
        for (ModelArtifact artifact : manifest.getArtifactsList()) {
            if (role.equals(artifact.getRole())) {
                return artifact;
            }
        }
        throw ScoringException.failedPrecondition("manifest lists no artifact with role '" + role + "'");
    }
}
