package dev.inspection.feature.provisioning;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small committed table of reference values of the trunk's outputs on {@link Golden64Input}
 * (from the PyTorch goldens {@code golden64.layer{1,2,3}.f32}): per level the shape, the mean of
 * every channel and a few hundred sampled elements. Resource {@value #RESOURCE}, lines:
 * <pre>
 *   &lt;level&gt;.shape N C H W
 *   &lt;level&gt;.channel_mean m0 m1 ...
 *   &lt;level&gt;.samples flatIndex:value ...
 * </pre>
 */
public final class Golden64Reference {

    public static final String RESOURCE = "golden64-reference.txt";

    /** Reference values of one output level. */
    public record Level(long[] shape, double[] channelMeans, int[] sampleIndices, float[] sampleValues) {
    }

    private final Map<String, Level> levels;

    private Golden64Reference(Map<String, Level> levels) {
        this.levels = levels;
    }

    /** Loads the table shipped with this class. */
    public static Golden64Reference load() {
        try (InputStream in = Golden64Reference.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Golden64Reference parse(InputStream in) throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, double[]> means = new LinkedHashMap<>();
        Map<String, String[]> samples = new LinkedHashMap<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null; ) {
            line = line.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] tok = line.split("\\s+");
            int dot = tok[0].lastIndexOf('.');
            if (dot < 0) {
                throw new IOException("bad reference line: " + line);
            }
            String level = tok[0].substring(0, dot);
            String kind = tok[0].substring(dot + 1);
            switch (kind) {
                case "shape" -> {
                    long[] s = new long[tok.length - 1];
                    for (int i = 0; i < s.length; i++) {
                        s[i] = Long.parseLong(tok[i + 1]);
                    }
                    shapes.put(level, s);
                }
                case "channel_mean" -> {
                    double[] m = new double[tok.length - 1];
                    for (int i = 0; i < m.length; i++) {
                        m[i] = Double.parseDouble(tok[i + 1]);
                    }
                    means.put(level, m);
                }
                case "samples" -> samples.put(level, java.util.Arrays.copyOfRange(tok, 1, tok.length));
                default -> throw new IOException("unknown reference entry: " + tok[0]);
            }
        }
        Map<String, Level> levels = new LinkedHashMap<>();
        for (String level : shapes.keySet()) {
            String[] pairs = samples.get(level);
            double[] m = means.get(level);
            if (pairs == null || m == null || m.length != shapes.get(level)[1]) {
                throw new IOException("reference level " + level + " lacks channel means or samples");
            }
            int[] idx = new int[pairs.length];
            float[] val = new float[pairs.length];
            for (int i = 0; i < pairs.length; i++) {
                int colon = pairs[i].indexOf(':');
                idx[i] = Integer.parseInt(pairs[i].substring(0, colon));
                val[i] = Float.parseFloat(pairs[i].substring(colon + 1));
            }
            levels.put(level, new Level(shapes.get(level), m, idx, val));
        }
        return new Golden64Reference(levels);
    }

    public Map<String, Level> levels() {
        return levels;
    }

    /** Per-channel means of an NCHW tensor with N = 1, in double. */
    public static double[] channelMeans(float[] nchw, int channels) {
        int plane = nchw.length / channels;
        double[] means = new double[channels];
        for (int c = 0; c < channels; c++) {
            double s = 0;
            for (int i = c * plane, end = i + plane; i < end; i++) {
                s += nchw[i];
            }
            means[c] = s / plane;
        }
        return means;
    }
}
