package dev.inspection.feature.backbone;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One long-lived ONNX Runtime session per backbone. Uses the CUDA execution provider when the
 * GPU build of ONNX Runtime and a GPU are present, the CPU provider otherwise, and says which.
 * Not thread-safe by design: the micro-batcher's single worker is its only caller, so the
 * intra-op thread pool owns the cores.
 */
public final class BackboneSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BackboneSession.class.getName());

    private final BackboneManifest manifest;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String executionProvider;

    /**
     * @param allowSpinning let ONNX Runtime's intra-op threads busy-wait between operators. Off by
     *                      default: while they spin they hold the cores that decoding, aggregation and
     *                      gRPC of the other requests need, which costs more than the wake-up latency saves
     */
    public BackboneSession(BackboneManifest manifest, int intraOpThreads, boolean allowSpinning, boolean allowCuda)
            throws OrtException {
        this.manifest = manifest;
        this.env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (intraOpThreads > 0) {
            options.setIntraOpNumThreads(intraOpThreads);
        }
        options.addConfigEntry("session.intra_op.allow_spinning", allowSpinning ? "1" : "0");
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        String provider = "CPUExecutionProvider";
        if (allowCuda && available.contains(OrtProvider.CUDA)) {
            try {
                options.addCUDA(0);
                provider = "CUDAExecutionProvider";
            } catch (OrtException e) {
                LOG.warning("CUDA execution provider is available but failed to initialise (" + e.getMessage()
                        + "); using the CPU");
            }
        }
        this.session = env.createSession(manifest.onnxFile().toString(), options);
        this.executionProvider = provider;
        LOG.info("backbone " + manifest.id() + " loaded from " + manifest.onnxFile() + " on " + provider
                + " (available providers " + available + ", intra-op threads "
                + (intraOpThreads > 0 ? intraOpThreads : "default") + ", spinning " + (allowSpinning ? "on" : "off") + ")");
    }

    public BackboneManifest manifest() {
        return manifest;
    }

    public String executionProvider() {
        return executionProvider;
    }

    /**
     * Runs a batch. {@code input} holds {@code n} NCHW images of {@code side x side}; returns the
     * requested levels, each a float[] of [n, C, H, W].
     */
    public Map<String, float[]> run(FloatBuffer input, int n, int side, Set<String> levels) throws OrtException {
        long[] shape = {n, 3, side, side};
        Set<String> outputs = new LinkedHashSet<>(levels);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
             OrtSession.Result result = session.run(Map.of(manifest.inputName(), tensor), outputs)) {
            Map<String, float[]> maps = new HashMap<>();
            for (String level : outputs) {
                OnnxTensor out = (OnnxTensor) result.get(level)
                        .orElseThrow(() -> new IllegalStateException("backbone produced no output " + level));
                FloatBuffer buffer = out.getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                maps.put(level, values);
            }
            return maps;
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
