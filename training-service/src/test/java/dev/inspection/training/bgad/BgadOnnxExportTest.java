package dev.inspection.training.bgad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.inspection.core.bgad.PositionalEncoding;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BgadOnnxExportTest {

    /** ONNX Runtime on the exported graph (raw rows in) reproduces DJL on the reduced rows to 1e-3. */
    @Test
    void onnxRuntimeReproducesDjlLogLikelihoods() throws Exception {
        int raw = 24;
        int reduced = 10;
        int cond = 128;
        int grid = 6;
        int n = grid * grid;
        List<float[]> sample = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            float[] rows = TestFlows.gaussian(n * raw, 100 + i);
            for (int k = 0; k < rows.length; k++) {
                rows[k] = rows[k] * 3 + 1; // non-trivial mean and scale for the standardisation
            }
            sample.add(rows);
        }
        ChannelReduction reduction = ChannelReduction.fit(raw, reduced, 7, sample);
        FlowWeights flow = TestFlows.perturbed(reduced, cond, 8, 21);
        float[] features = sample.get(0);
        float[] reducedRows = new float[n * reduced];
        reduction.apply(features, 0, n, reducedRows, 0);
        float[] expected;
        try (FlowScorer scorer = new FlowScorer(List.of(flow), List.of(new LevelShape(reduced, grid, grid)))) {
            expected = scorer.logLikelihoods(0, reducedRows);
        }
        byte[] model = BgadOnnxExporter.export(reduction, flow, Map.of("level", "1"));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor f = OnnxTensor.createTensor(env, FloatBuffer.wrap(features), new long[] {n, raw});
             OnnxTensor p = OnnxTensor.createTensor(env, FloatBuffer.wrap(PositionalEncoding.table(grid, grid, cond)),
                     new long[] {n, cond});
             OrtSession.Result result = session.run(Map.of(BgadOnnxExporter.FEATURES, f, BgadOnnxExporter.POSITIONS, p))) {
            float[] actual = ((OnnxTensor) result.get(BgadOnnxExporter.LOGP).orElseThrow()).getFloatBuffer().array();
            assertEquals(n, actual.length);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], actual[i], 1e-3, "row " + i);
            }
        }
    }

    @Test
    void reductionStandardisesTheSample() {
        int raw = 6;
        List<float[]> sample = List.of(TestFlows.gaussian(200 * raw, 1), TestFlows.gaussian(200 * raw, 2));
        ChannelReduction r = ChannelReduction.fit(raw, 3, 5, sample);
        double[] sum = new double[3];
        double[] sq = new double[3];
        for (float[] rows : sample) {
            float[] out = new float[200 * 3];
            r.apply(rows, 0, 200, out, 0);
            for (int i = 0; i < out.length; i++) {
                sum[i % 3] += out[i];
                sq[i % 3] += out[i] * out[i];
            }
        }
        for (int c = 0; c < 3; c++) {
            assertEquals(0, sum[c] / 400, 1e-4);
            assertEquals(1, sq[c] / 400, 1e-3);
        }
        assertThrows(IllegalArgumentException.class, () -> ChannelReduction.projection(4, 5, 1));
        assertThrows(IllegalArgumentException.class,
                () -> BgadOnnxExporter.export(r, TestFlows.perturbed(4, 8, 1, 1), Map.of()));
    }
}
