package dev.inspection.core.features;

import java.util.Arrays;

/**
 * For one feature level, the weights with which each final output component {@code j} sums the
 * level's unfolded patch vector {@code v[k]} ({@code k = c*9 + ky*3 + kx}): the composition of the
 * per-level adaptive pool to {@code pretrainDim} and the cross-level adaptive pool of the
 * concatenation [level2 | level3] to {@code featureDim}. Taps of output {@code j} are
 * {@code [start[j], start[j+1])}.
 */
final class TapTable {

    final int[] start;
    final int[] component;
    final float[] weight;

    private TapTable(int[] start, int[] component, float[] weight) {
        this.start = start;
        this.component = component;
        this.weight = weight;
    }

    boolean hasTaps(int j) {
        return start[j + 1] > start[j];
    }

    /** Returns {level2, level3} tables for unfolded lengths {@code length2} and {@code length3}. */
    static TapTable[] build(int length2, int length3, int pretrainDim, int featureDim) {
        int concatenated = 2 * pretrainDim;
        Builder level2 = new Builder(length2, featureDim);
        Builder level3 = new Builder(length3, featureDim);
        for (int j = 0; j < featureDim; j++) {
            int from = AdaptivePooling.windowStart(j, concatenated, featureDim);
            int to = AdaptivePooling.windowEnd(j, concatenated, featureDim);
            double outerWeight = 1.0 / (to - from);
            for (int i = from; i < to; i++) {
                boolean first = i < pretrainDim;
                Builder level = first ? level2 : level3;
                int pooled = first ? i : i - pretrainDim;
                int kFrom = AdaptivePooling.windowStart(pooled, level.length, pretrainDim);
                int kTo = AdaptivePooling.windowEnd(pooled, level.length, pretrainDim);
                double innerWeight = outerWeight / (kTo - kFrom);
                for (int k = kFrom; k < kTo; k++) {
                    level.add(k, innerWeight);
                }
            }
            level2.finishOutput(j);
            level3.finishOutput(j);
        }
        return new TapTable[] {level2.build(), level3.build()};
    }

    /** Accumulates dense weights per output, then emits the non-zero ones in component order. */
    private static final class Builder {
        final int length;
        final double[] dense;
        final int[] start;
        int[] component = new int[64];
        float[] weight = new float[64];
        int size;
        int touchedMin = Integer.MAX_VALUE;
        int touchedMax = -1;

        Builder(int length, int outputs) {
            this.length = length;
            this.dense = new double[length];
            this.start = new int[outputs + 1];
        }

        void add(int k, double w) {
            dense[k] += w;
            touchedMin = Math.min(touchedMin, k);
            touchedMax = Math.max(touchedMax, k);
        }

        void finishOutput(int j) {
            for (int k = touchedMin; k <= touchedMax; k++) {
                if (dense[k] != 0.0) {
                    if (size == component.length) {
                        component = Arrays.copyOf(component, size * 2);
                        weight = Arrays.copyOf(weight, size * 2);
                    }
                    component[size] = k;
                    weight[size] = (float) dense[k];
                    size++;
                    dense[k] = 0.0;
                }
            }
            touchedMin = Integer.MAX_VALUE;
            touchedMax = -1;
            start[j + 1] = size;
        }

        TapTable build() {
            return new TapTable(start, Arrays.copyOf(component, size), Arrays.copyOf(weight, size));
        }
    }
}
