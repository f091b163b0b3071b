/**
 * The shared library of the suite: plain Java, no Quarkus, gRPC or database, so training and
 * serving compute the same thing by the same code. Sub-packages: {@code image} (decoding,
 * preprocessing), {@code features} (SimpleNet patch aggregation), {@code tensor} (float16, byte
 * codecs), {@code postprocess} (anomaly maps, calibration, regions, heatmaps), {@code metrics}
 * (AUROC, PRO, F1-max), {@code onnx} (ONNX graph writing), {@code digest} (SHA-256 ids).
 */
package dev.inspection.core;
