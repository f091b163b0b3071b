package dev.inspection.feature.backbone;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * One long-lived ONNX Runtime session per backbone. Uses the CUDA execution provider when the
 * GPU build of ONNX Runtime and a GPU are present, the CPU provider otherwise, and says which.
 * Each input side's micro-batcher worker is its only caller for that side; runs of one side are
 * serialised on that side's pinned output buffers.
 */
public final class BackboneSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BackboneSession.class.getName());

    private final BackboneManifest manifest;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String executionProvider;
    private final Map<Integer, PinnedOutputs> pinnedOutputs = new ConcurrentHashMap<>();

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
     *
     * <p>After the first batch of a side has shown the level shapes, outputs are pinned: ONNX Runtime
     * writes them straight into direct buffers kept per side, and each level is copied once into its
     * array (letting ONNX Runtime allocate them costs another copy and 4 MB of garbage per image).
     */
    public Map<String, float[]> run(FloatBuffer input, int n, int side, Set<String> levels) throws OrtException {
        PinnedOutputs pinned = pinnedOutputs.computeIfAbsent(side, s -> new PinnedOutputs());
        synchronized (pinned) {
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {n, 3, side, side})) {
                Map<String, OnnxTensor> inputs = Map.of(manifest.inputName(), tensor);
                return pinned.knowsShapes(levels) ? runPinned(inputs, n, levels, pinned) : runAndLearn(inputs, levels, pinned);
            }
        }
    }

    private Map<String, float[]> runAndLearn(Map<String, OnnxTensor> inputs, Set<String> levels, PinnedOutputs pinned)
            throws OrtException {
        try (OrtSession.Result result = session.run(inputs, new LinkedHashSet<>(levels))) {
            Map<String, float[]> maps = new HashMap<>();
            for (String level : levels) {
                OnnxTensor out = (OnnxTensor) result.get(level)
                        .orElseThrow(() -> new IllegalStateException("backbone produced no output " + level));
                pinned.learn(level, out.getInfo().getShape());
                FloatBuffer buffer = out.getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                maps.put(level, values);
            }
            return maps;
        }
    }

    private Map<String, float[]> runPinned(Map<String, OnnxTensor> inputs, int n, Set<String> levels, PinnedOutputs pinned)
            throws OrtException {
        Map<String, OnnxTensor> outputs = new HashMap<>();
        try {
            for (String level : levels) {
                outputs.put(level, OnnxTensor.createTensor(env, pinned.buffer(level, n), pinned.shape(level, n)));
            }
            session.run(inputs, outputs).close();
            Map<String, float[]> maps = new HashMap<>();
            for (String level : levels) {
                FloatBuffer buffer = pinned.buffer(level, n);
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                maps.put(level, values);
            }
            return maps;
        } finally {
            for (OnnxTensor out : outputs.values()) {
                out.close();
            }
        }
    }

    /** Per input side: each level's per-image shape (learned from a run) and a reusable direct buffer. */
    private static final class PinnedOutputs {
        private final Map<String, long[]> imageShapes = new HashMap<>();
        private final Map<String, FloatBuffer> buffers = new HashMap<>();

        boolean knowsShapes(Set<String> levels) {
            return imageShapes.keySet().containsAll(levels);
        }

        void learn(String level, long[] batchShape) {
            imageShapes.put(level, Arrays.copyOfRange(batchShape, 1, batchShape.length));
        }

        long[] shape(String level, int n) {
            long[] image = imageShapes.get(level);
            long[] shape = new long[image.length + 1];
            shape[0] = n;
            System.arraycopy(image, 0, shape, 1, image.length);
            return shape;
        }

        /** A view of exactly {@code n} images' floats, position 0. */
        FloatBuffer buffer(String level, int n) {
            long perImage = 1;
            for (long d : imageShapes.get(level)) {
                perImage *= d;
            }
            int floats = Math.toIntExact(perImage * n);
            FloatBuffer buffer = buffers.get(level);
            if (buffer == null || buffer.capacity() < floats) {
                buffer = ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES)).order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
                buffers.put(level, buffer);
            }
            return buffer.duplicate().clear().limit(floats);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
